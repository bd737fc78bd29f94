/**
 * Runs once per e2e run: makes sure the n8n hosts are installed (cached, so usually instant), then
 * builds and packs the package (or takes E2E_TARBALL) and installs the tarball once into a template community-package
 * folder that every n8n instance of the run copies.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT, installPackageInto, packPackage } from '../../scripts/e2e/n8n-host';
import { RUN_STATE_ENV, selectedHostNames, type RunState } from './runState';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const install = spawnSync(
		'bash',
		[join(REPO_ROOT, 'scripts/e2e/install-hosts.sh'), ...selectedHostNames()],
		{
			stdio: 'inherit',
		},
	);
	if (install.status !== 0) throw new Error('scripts/e2e/install-hosts.sh failed (see above)');

	const runDir = mkdtempSync(join(tmpdir(), 'n8n-e2e-run-'));
	// E2E_TARBALL tests an already packed build (e.g. of a commit) instead of packing the work tree.
	const tarball = process.env.E2E_TARBALL ?? (await packPackage(join(runDir, 'pack')));
	const nodesTemplate = join(runDir, 'nodes');
	await installPackageInto(nodesTemplate, tarball);

	const state: RunState = { runDir, tarball, nodesTemplate };
	const stateFile = join(runDir, 'state.json');
	writeFileSync(stateFile, JSON.stringify(state, null, '\t'));
	// Workers are forked after global setup, so they inherit this.
	process.env[RUN_STATE_ENV] = stateFile;
	process.stdout.write(`\ne2e setup (hosts, pack, install) took ${Date.now() - started} ms\n`);
}
