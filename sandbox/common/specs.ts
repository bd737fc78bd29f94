/**
 * Where the vendor contracts live: the copies in `sandbox/specs/` (see its README for source,
 * version and sha256), or `$SHARED_DIR/specs` when that is set.
 */
import fs from 'node:fs';
import path from 'node:path';

export const BUNDLED_SPECS_DIR = path.resolve(__dirname, '..', 'specs');

export const SPEC_FILES = [
	'xero-accounting.yaml',
	'xero-identity.yaml',
	'xero-webhooks.yaml',
	'easybill-openapi.json',
] as const;

export function specsDir(): string {
	if (process.env.SHARED_DIR) return path.join(process.env.SHARED_DIR, 'specs');
	return BUNDLED_SPECS_DIR;
}

/** The spec files that cannot be read, as full paths (empty when all are there). */
export function missingSpecs(): string[] {
	return SPEC_FILES.map((file) => path.join(specsDir(), file)).filter(
		(full) => !fs.existsSync(full),
	);
}

export function readSpec(file: string): string {
	const full = path.join(specsDir(), file);
	if (!fs.existsSync(full)) {
		const hint = process.env.SHARED_DIR
			? 'SHARED_DIR is set: unset it to use the copies in sandbox/specs/'
			: 'sandbox/specs/ ships with the repository: restore it with `git checkout -- sandbox/specs`';
		throw new Error(`Vendor spec ${full} not found (${hint}).`);
	}
	return fs.readFileSync(full, 'utf8');
}
