/**
 * Jest-side helpers for the e2e suite: one describe block per n8n host, instances with the packed
 * package installed, and the sandbox started with credentials that point at it.
 */
import { join } from 'node:path';

import {
	N8nInstance,
	findInstalledHost,
	loadHostSpecs,
	type CredentialJson,
	type InstalledHost,
} from '../../scripts/e2e/n8n-host';
import { sandboxCredentials } from '../../scripts/e2e/sandboxCredentials';
import type { Sandbox, StartSandboxOptions } from '../../sandbox';
import { readRunState, selectedHostNames } from './runState';

/** The selected hosts; global setup installed them, so a missing one is an error, not a skip. */
export function selectedHosts(): InstalledHost[] {
	const names = selectedHostNames();
	return loadHostSpecs()
		.filter((spec) => names.includes(spec.name))
		.map((spec) => {
			const host = findInstalledHost(spec);
			if (!host) throw new Error(`${spec.name} is not installed: run scripts/e2e/install-hosts.sh`);
			return host;
		});
}

/** A fresh n8n user folder on `host` with the packed package in its community-package folder. */
export function newInstance(host: InstalledHost): N8nInstance {
	const instance = new N8nInstance(host, undefined, join(readRunState().runDir, 'logs'));
	instance.useInstalledPackages(readRunState().nodesTemplate);
	return instance;
}

export interface SandboxWithCredentials {
	sandbox: Sandbox;
	credentials: CredentialJson[];
}

/** Starts the sandbox on loopback and imports credentials pointing at it into `instance`. */
export async function startSandboxFor(
	instance: N8nInstance,
	options?: StartSandboxOptions,
): Promise<SandboxWithCredentials> {
	// Loaded lazily so the install/import/execute smoke tests run before the sandbox exists.
	const { startSandbox } = await import('../../sandbox');
	const sandbox = await startSandbox(options);
	const credentials = sandboxCredentials(sandbox);
	await instance.importCredentials(credentials);
	return { sandbox, credentials };
}
