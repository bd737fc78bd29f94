/**
 * The corpus, attack and secrets suites run in plain `npm test` (jest), which is what CI runs
 * (.ci/run, .github/workflows): each suite file is matched by jest's config and ignored by none of
 * its patterns, and `npm test` ends with jest.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(root, 'jest.config.js')) as {
	roots: string[];
	testMatch: string[];
	testPathIgnorePatterns: string[];
};

const suites = ['test/bad-input', 'test/attacks', 'test/secrets'].flatMap((dir) =>
	readdirSync(path.join(root, dir))
		.filter((file) => file.endsWith('.test.ts'))
		.map((file) => path.join(root, dir, file)),
);

it('jest (npm test, CI) runs every bad-input, attack and secrets suite', () => {
	expect(suites.length).toBeGreaterThanOrEqual(5);
	expect(config.testMatch).toEqual(['**/*.test.ts']);
	const roots = config.roots.map((r) => r.replace('<rootDir>', root));
	const ignored = config.testPathIgnorePatterns.map((p) => new RegExp(p.replace('<rootDir>', root)));
	const skipped = suites.filter(
		(file) =>
			!roots.some((r) => file.startsWith(r + path.sep)) ||
			// testMatch is one glob, `**/*.test.ts` (checked below), which every suite file fits.
			!file.endsWith('.test.ts') ||
			ignored.some((pattern) => pattern.test(file)),
	);
	expect(skipped).toEqual([]);
	const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
	expect(scripts.test).toMatch(/&& jest$/);
	expect(readFileSync(path.join(root, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
});
