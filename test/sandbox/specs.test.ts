/**
 * A clone works on its own: the sandbox reads the vendor specs from the copies in sandbox/specs/
 * (unmodified, checked against the sha256 sums its README names), not from a folder beside the repo.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	BUNDLED_SPECS_DIR,
	SPEC_FILES,
	missingSpecs,
	readSpec,
	specsDir,
} from '../../sandbox/common/specs';

const saved = process.env.SHARED_DIR;
afterEach(() => {
	if (saved === undefined) delete process.env.SHARED_DIR;
	else process.env.SHARED_DIR = saved;
});

describe('vendor specs', () => {
	it('are read from sandbox/specs in the repository by default', () => {
		delete process.env.SHARED_DIR;
		expect(specsDir()).toBe(path.resolve(__dirname, '../../sandbox/specs'));
		expect(missingSpecs()).toEqual([]);
		expect(readSpec('easybill-openapi.json')).toContain('"swagger"');
	});

	it('are byte-identical to the vendor files named in sandbox/specs/README.md', () => {
		const sums = fs.readFileSync(path.join(BUNDLED_SPECS_DIR, 'SHA256SUMS'), 'utf8');
		const readme = fs.readFileSync(path.join(BUNDLED_SPECS_DIR, 'README.md'), 'utf8');
		for (const file of SPEC_FILES) {
			const digest = createHash('sha256')
				.update(fs.readFileSync(path.join(BUNDLED_SPECS_DIR, file)))
				.digest('hex');
			expect(sums).toContain(`${digest}  ${file}`);
			expect(readme).toContain(digest);
		}
		for (const licence of ['xero-openapi-LICENSE', 'easybill-openapi-LICENSE']) {
			expect(fs.readFileSync(path.join(BUNDLED_SPECS_DIR, licence), 'utf8')).toContain('MIT');
		}
	});

	it('come from $SHARED_DIR/specs when set, and a missing file is named in one line', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specs-override-'));
		try {
			fs.mkdirSync(path.join(dir, 'specs'));
			fs.writeFileSync(path.join(dir, 'specs', 'xero-identity.yaml'), 'openapi: 3.0.0\n');
			process.env.SHARED_DIR = dir;
			expect(readSpec('xero-identity.yaml')).toBe('openapi: 3.0.0\n');
			expect(missingSpecs()).toContain(path.join(dir, 'specs', 'xero-accounting.yaml'));
			expect(() => readSpec('xero-accounting.yaml')).toThrow(
				/^Vendor spec .*xero-accounting\.yaml not found \(SHARED_DIR is set[^\n]*\)\.$/,
			);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
