/**
 * GitHub Actions: CI runs the same script as a local `bash .ci/run`, and a version tag publishes
 * with npm provenance after that CI passed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const root = path.resolve(__dirname, '../..');
type Step = { run?: string; uses?: string; env?: Record<string, string> };
type Workflow = {
	on: Record<string, unknown>;
	jobs: Record<string, { steps?: Step[]; needs?: string; uses?: string; permissions?: Record<string, string> }>;
};
const load = (file: string) =>
	yaml.load(readFileSync(path.join(root, '.github/workflows', file), 'utf8')) as Workflow;

describe('GitHub workflows', () => {
	it('CI runs .ci/run, the same checks as locally, on pushes and pull requests', () => {
		const ci = load('ci.yml');
		expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'workflow_call']));
		const runs = ci.jobs.ci.steps?.map((step) => step.run).filter(Boolean);
		expect(runs).toEqual(['bash .ci/run']);
		// .ci/run's test step is npm test, which carries lint, the pack check and n8n's scanner.
		const script = readFileSync(path.join(root, '.ci/run'), 'utf8');
		expect(script).toMatch(/^npm test$/m);
		const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
			scripts: Record<string, string>;
		};
		for (const part of ['npm run lint', 'node scripts/check-pack.js', 'node scripts/scan-package.mjs']) {
			expect(pkg.scripts.test).toContain(part);
		}
	});

	it('a v* tag publishes with --provenance, after CI, with an OIDC token', () => {
		const publish = load('publish.yml');
		expect(publish.on).toEqual({ push: { tags: ['v*'] } });
		expect(publish.jobs.ci.uses).toBe('./.github/workflows/ci.yml');
		expect(publish.jobs.publish.needs).toBe('ci');
		expect(publish.jobs.publish.permissions).toMatchObject({ 'id-token': 'write' });
		const runs = publish.jobs.publish.steps?.map((step) => step.run ?? '') ?? [];
		expect(runs).toContain('npm publish --provenance --access public');
	});
});
