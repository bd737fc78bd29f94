import { readFileSync } from 'node:fs';

import { loadHostSpecs } from '../../scripts/e2e/n8n-host';

/** What global setup prepared for the test files of one e2e run. */
export interface RunState {
	runDir: string;
	tarball: string;
	/** A community-package folder (package.json + node_modules) with the packed package installed. */
	nodesTemplate: string;
}

export const RUN_STATE_ENV = 'N8N_E2E_RUN_STATE';

export function readRunState(): RunState {
	const file = process.env[RUN_STATE_ENV];
	if (!file) throw new Error(`${RUN_STATE_ENV} is unset: run through test/e2e/jest.config.js`);
	return JSON.parse(readFileSync(file, 'utf8')) as RunState;
}

/** Hosts to test: all of scripts/e2e/hosts.json, or the comma list in E2E_HOSTS. */
export function selectedHostNames(): string[] {
	const all = loadHostSpecs().map((host) => host.name);
	const wanted = process.env.E2E_HOSTS?.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	if (!wanted?.length) return all;
	const unknown = wanted.filter((name) => !all.includes(name));
	if (unknown.length) throw new Error(`E2E_HOSTS names unknown hosts: ${unknown.join(', ')}`);
	return wanted;
}
