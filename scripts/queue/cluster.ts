/**
 * n8n in queue mode on one machine: one main (editor, webhooks, triggers) and N workers
 * (`n8n worker`), sharing Postgres and Redis. Each process has its own user folder with the packed
 * package installed in its community-package folder, as a self-hoster would install it on every
 * host of a cluster; they share the encryption key, so credentials saved by one decrypt on all.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	freePort,
	n8nId,
	RunningN8n,
	runCommand,
	type CredentialJson,
	type InstalledHost,
	type WorkflowJson,
} from '../e2e/n8n-host';
import type { QueueServices } from './services';

export interface QueueProcess {
	role: 'main' | 'worker';
	name: string;
	userFolder: string;
	server: RunningN8n;
}

export class QueueCluster {
	readonly encryptionKey = randomBytes(24).toString('hex');
	readonly processes: QueueProcess[] = [];
	private readonly folders: string[] = [];
	private readonly cliFolder: string;

	constructor(
		readonly host: InstalledHost,
		readonly services: QueueServices,
		/** A community-package folder with the package installed (test/e2e globalSetup makes one). */
		private readonly nodesTemplate: string,
		readonly logDir: string,
	) {
		this.cliFolder = this.newUserFolder('cli');
		mkdirSync(logDir, { recursive: true });
	}

	get main(): RunningN8n {
		const main = this.processes.find((p) => p.role === 'main');
		if (!main) throw new Error('the main process is not running');
		return main.server;
	}

	get workers(): QueueProcess[] {
		return this.processes.filter((p) => p.role === 'worker');
	}

	private newUserFolder(name: string): string {
		const folder = mkdtempSync(join(tmpdir(), `n8n-queue-${name}-`));
		this.folders.push(folder);
		mkdirSync(join(folder, '.n8n'), { recursive: true });
		cpSync(this.nodesTemplate, join(folder, '.n8n', 'nodes'), { recursive: true });
		return folder;
	}

	/** What every process of the cluster shares: database, queue, key, quiet and offline. */
	env(userFolder: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
		const { NODE_ENV: _nodeEnv, JEST_WORKER_ID: _jestWorker, ...inherited } = process.env;
		const { redis, postgres } = this.services;
		return {
			...inherited,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'false',
			// Bull takes a job from a worker whose 30 s lock is not renewed in time; on a CPU-starved
			// test machine that failed every execution ("job stalled more than maxStalledCount").
			QUEUE_WORKER_LOCK_DURATION: '300000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '30000',
			QUEUE_WORKER_STALLED_INTERVAL: '300000',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			...extra,
		};
	}

	private async cli(args: string[]): Promise<string> {
		const port = await freePort();
		const result = await runCommand(this.host.launcher, args, {
			env: this.env(this.cliFolder, { N8N_RUNNERS_BROKER_PORT: String(port) }),
			timeoutMs: 240_000,
		});
		const output = `${result.stdout}\n${result.stderr}`;
		if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} failed:\n${output}`);
		return output;
	}

	private async importJson(kind: 'workflow' | 'credentials', items: unknown[]): Promise<void> {
		const file = join(this.cliFolder, `import-${kind}-${n8nId()}.json`);
		writeFileSync(file, JSON.stringify(items, null, '\t'));
		const output = await this.cli([`import:${kind}`, `--input=${file}`]);
		if (!/Successfully imported/.test(output)) throw new Error(`n8n import:${kind} failed:\n${output}`);
	}

	importWorkflows(workflows: WorkflowJson[]): Promise<void> {
		return this.importJson('workflow', workflows);
	}

	importCredentials(credentials: CredentialJson[]): Promise<void> {
		return this.importJson('credentials', credentials);
	}

	async publishWorkflow(id: string): Promise<void> {
		await this.cli(['publish:workflow', `--id=${id}`]);
	}

	/** Starts the main and `workers` workers; resolves when all are ready. */
	async start(workers: number): Promise<void> {
		const port = await freePort();
		const baseUrl = `http://127.0.0.1:${port}`;
		await this.launch('main', 'main', ['start'], baseUrl, {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `${baseUrl}/`,
		});
		await Promise.all(
			Array.from({ length: workers }, (_, i) =>
				this.launch('worker', `worker${i + 1}`, ['worker'], baseUrl, {}),
			),
		);
	}

	private async launch(
		role: QueueProcess['role'],
		name: string,
		args: string[],
		baseUrl: string,
		extra: NodeJS.ProcessEnv,
	): Promise<void> {
		const userFolder = this.newUserFolder(name);
		const brokerPort = await freePort();
		const child = spawn(this.host.launcher, args, {
			env: this.env(userFolder, { N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...extra }),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const server = new RunningN8n(child, baseUrl, join(this.logDir, `${name}.log`));
		this.processes.push({ role, name, userFolder, server });
		if (role === 'main') return server.ready(240_000);
		const deadline = Date.now() + 240_000;
		while (!/n8n worker is now ready/.test(server.log)) {
			if (child.exitCode !== null) throw new Error(`${name} exited during start:\n${server.log}`);
			if (Date.now() > deadline) throw new Error(`${name} did not become ready:\n${server.log}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	/** Execution ids each worker's log says it started. */
	executionsByWorker(): Record<string, string[]> {
		const out: Record<string, string[]> = {};
		for (const worker of this.workers) {
			out[worker.name] = [...worker.server.log.matchAll(/Worker started execution (\d+)/g)].map(
				(m) => m[1],
			);
		}
		return out;
	}

	async stop(): Promise<void> {
		// Workers first: a main stopping first would leave them polling a queue nobody feeds.
		await Promise.all(this.workers.map((p) => p.server.stop()));
		await Promise.all(this.processes.filter((p) => p.role === 'main').map((p) => p.server.stop()));
		for (const folder of this.folders) rmSync(folder, { recursive: true, force: true });
	}
}
