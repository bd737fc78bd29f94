/**
 * Redis and Postgres for n8n queue mode, started on loopback in a throwaway folder and stopped
 * again: the Debian packages `redis-server` and `postgresql` (installed with apt-get when missing
 * and the script runs as root, as on CI). Postgres refuses to run as root, so as root its commands
 * run as the `postgres` user the Debian package creates.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../e2e/n8n-host';

const isRoot = process.getuid?.() === 0;

function log(message: string): void {
	process.stderr.write(`[queue services ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function onPath(command: string): boolean {
	return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

function aptInstall(debianPackage: string): void {
	// As root (a container) apt-get runs directly; elsewhere (a CI runner) through password-less sudo.
	const sudo = !isRoot && spawnSync('sudo', ['-n', 'true']).status === 0;
	if (!isRoot && !sudo)
		throw new Error(`${debianPackage} is missing: install it (apt-get install -y ${debianPackage})`);
	log(`installing ${debianPackage} (apt-get)`);
	const run = (args: string[]) =>
		spawnSync(sudo ? 'sudo' : 'apt-get', sudo ? ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args] : args, {
			stdio: ['ignore', 'ignore', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	if (run(['install', '-y', debianPackage]).status !== 0) {
		// A fresh machine may have no package lists yet.
		run(['update']);
		if (run(['install', '-y', debianPackage]).status !== 0)
			throw new Error(`apt-get install -y ${debianPackage} failed`);
	}
}

/** The folder holding pg_ctl and initdb: PG_BIN, else the newest /usr/lib/postgresql/<n>/bin. */
function postgresBin(): string {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const find = () =>
		existsSync('/usr/lib/postgresql')
			? readdirSync('/usr/lib/postgresql')
					.filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`))
					.sort((a, b) => Number(b) - Number(a))[0]
			: undefined;
	let version = find();
	if (!version) {
		aptInstall('postgresql');
		version = find();
	}
	if (!version) throw new Error('no Postgres found under /usr/lib/postgresql (set PG_BIN)');
	return `/usr/lib/postgresql/${version}/bin`;
}

function asPostgres(command: string, args: string[]): { status: number | null; output: string } {
	const [file, fullArgs] = isRoot
		? ['runuser', ['-u', 'postgres', '--', command, ...args]]
		: [command, args];
	const result = spawnSync(file, fullArgs, { encoding: 'utf8' });
	return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

export interface QueueServices {
	redis: { host: string; port: number };
	postgres: { host: string; port: number; database: string; user: string };
	stop(): Promise<void>;
}

export async function startQueueServices(): Promise<QueueServices> {
	if (!onPath('redis-server')) aptInstall('redis-server');
	const bin = postgresBin();
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-services-'));
	let redis: ChildProcess | undefined;
	let postgresStarted = false;
	const dataDir = join(dir, 'pgdata');

	const stop = async () => {
		if (postgresStarted) asPostgres(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
		postgresStarted = false;
		if (redis && redis.exitCode === null) {
			await new Promise<void>((resolve) => {
				redis!.once('exit', () => resolve());
				redis!.kill('SIGTERM');
			});
		}
		rmSync(dir, { recursive: true, force: true });
	};

	try {
		const redisPort = await freePort();
		redis = spawn(
			'redis-server',
			['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
			{ stdio: 'ignore' },
		);
		await waitFor(() => spawnSync('redis-cli', ['-p', String(redisPort), 'ping']).stdout?.toString().includes('PONG') ?? false, 'Redis');

		const pgPort = await freePort();
		if (isRoot) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
		const init = asPostgres(join(bin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
		if (init.status !== 0) throw new Error(`initdb failed:\n${init.output}`);
		const options = `-p ${pgPort} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
		const start = asPostgres(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', join(dir, 'postgres.log'), '-o', options, '-w', 'start']);
		if (start.status !== 0) throw new Error(`pg_ctl start failed:\n${start.output}`);
		postgresStarted = true;
		const created = asPostgres(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', 'n8n']);
		if (created.status !== 0) throw new Error(`createdb failed:\n${created.output}`);
		log(`Redis on 127.0.0.1:${redisPort}, Postgres on 127.0.0.1:${pgPort} (${bin})`);
		return {
			redis: { host: '127.0.0.1', port: redisPort },
			postgres: { host: '127.0.0.1', port: pgPort, database: 'n8n', user: 'postgres' },
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

function idOf(flag: '-u' | '-g', user: string): number {
	const result = spawnSync('id', [flag, user], { encoding: 'utf8' });
	const id = Number(result.stdout.trim());
	if (result.status !== 0 || !Number.isInteger(id)) throw new Error(`no user ${user} (the postgresql package creates it)`);
	return id;
}
const uidOf = (user: string) => idOf('-u', user);
const gidOf = (user: string) => idOf('-g', user);

async function waitFor(ready: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!ready()) {
		if (Date.now() > deadline) throw new Error(`${what} did not start within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}
