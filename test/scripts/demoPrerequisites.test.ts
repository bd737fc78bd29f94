/**
 * `npm run demo` checks what it needs before it installs n8n or packs anything: a missing
 * prerequisite stops it with one line, leaves no temp folder behind and starts no n8n install.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('demo prerequisites', () => {
	let scratch: string;
	beforeEach(() => (scratch = mkdtempSync(path.join(tmpdir(), 'demo-prereq-'))));
	afterEach(() => rmSync(scratch, { recursive: true, force: true }));

	it('stops on missing vendor specs with one line, before any n8n install, pack or temp folder', () => {
		const tmp = path.join(scratch, 'tmp');
		const cache = path.join(scratch, 'cache');
		mkdirSync(tmp);
		const result = spawnSync(
			process.execPath,
			[path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/demo.ts'],
			{
				cwd: root,
				encoding: 'utf8',
				timeout: 60_000,
				env: {
					...process.env,
					SHARED_DIR: path.join(scratch, 'nowhere'),
					N8N_E2E_CACHE: cache,
					TMPDIR: tmp,
				},
			},
		);
		expect(result.status).toBe(1);
		const lines = result.stderr.split('\n').filter(Boolean);
		expect(lines).toEqual([
			expect.stringMatching(/^demo failed: vendor spec .*nowhere\/specs\/xero-accounting\.yaml is missing/),
		]);
		expect(result.stdout).not.toMatch(/installing|packing/);
		// No host install began (it would create the cache) and nothing was left in the temp dir.
		expect(() => readdirSync(cache)).toThrow();
		expect(readdirSync(tmp).filter((name) => name.startsWith('accounting-sync-demo-'))).toEqual([]);
	});
});
