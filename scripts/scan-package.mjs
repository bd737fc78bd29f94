#!/usr/bin/env node
/**
 * n8n's community-package scanner, offline: `@n8n/scan-community-package` downloads a package by
 * name from npm and lints its provenance-attested source and its tarball. This runs the same
 * `analyzePackage` with the same two file sets on the work tree (source leg) and on the tarball
 * `npm pack` makes of it (tarball leg), so the rules n8n applies before listing a package hold
 * before anything is published.
 *
 * Usage: node scripts/scan-package.mjs [--tarball path/to/pkg.tgz] [--built] [--only source|tarball]
 *   Without --tarball it packs the work tree: npm's prepack builds it first, or with --built
 *   (`npm test` has just built dist/) it packs dist/ as it is. `--only source` (what `npm run lint`
 *   runs) skips packing; `--only tarball` skips the source leg.
 * Exit code 0 when both legs pass, 1 otherwise (the scanner's findings are printed).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'scan-package-'));
// The scanner makes a temp folder when it is imported; keep it inside ours so nothing is left behind.
process.env.TMPDIR = scratch;

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
	}
	return result.stdout;
}

function packedTarball() {
	const index = process.argv.indexOf('--tarball');
	if (index >= 0) return resolve(process.argv[index + 1]);
	const out = join(scratch, 'pack');
	mkdirSync(out);
	const built = process.argv.includes('--built') ? ['--ignore-scripts'] : [];
	const stdout = run('npm', ['pack', '--json', '--silent', ...built, '--pack-destination', out], root);
	const [{ filename }] = JSON.parse(stdout.slice(stdout.lastIndexOf('\n[') + 1));
	return join(out, filename);
}

async function main() {
	const scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs').catch((error) => {
		if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
		throw new Error('@n8n/scan-community-package is not installed: run `npm install` first');
	});
	const { analyzePackage, SOURCE_FILE_PATTERNS } = scanner;

	const onlyIndex = process.argv.indexOf('--only');
	const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
	const legs = [];
	if (only !== 'tarball') {
		legs.push({ name: 'source (package.json, nodes/, credentials/)', dir: root, patterns: SOURCE_FILE_PATTERNS });
	}
	if (only !== 'source') {
		const tarball = packedTarball();
		const unpacked = join(scratch, 'package');
		mkdirSync(unpacked);
		run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], root);
		legs.push({ name: 'packed tarball (dist/**/*.js, package.json)', dir: unpacked, patterns: ['**/*.js', 'package.json'] });
	}
	let failed = 0;
	for (const leg of legs) {
		const result = await analyzePackage(leg.dir, leg.patterns);
		if (result.passed) {
			process.stdout.write(`n8n scanner, ${leg.name}: passed\n`);
		} else {
			failed += 1;
			process.stdout.write(`n8n scanner, ${leg.name}: FAILED (${result.message})\n${result.details ?? ''}\n`);
		}
	}
	return failed;
}

main()
	.then((failed) => {
		rmSync(scratch, { recursive: true, force: true });
		process.exit(failed ? 1 : 0);
	})
	.catch((error) => {
		rmSync(scratch, { recursive: true, force: true });
		process.stderr.write(`n8n scanner could not run: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	});
