/**
 * What every bench workload shares: the sandbox child process (bench/sandboxChild.ts) and the
 * measurement of one workload into a table row (calls, 429s, span, CPU, heap, target).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 60);

export interface Info {
	urls: { xero: string; easybill: string };
	tokens: { accessToken: string; refreshToken: string; expiresIn: number };
	clientId: string;
	clientSecret: string;
	tenantId: string;
	apiKey: string;
	emulatedNow: number;
	realNow: number;
	timeScale: number;
}

export interface Stats {
	calls: number;
	rateLimited: number;
	firstAt?: number;
	lastAt?: number;
	byPath: Record<string, number>;
}

export class Child {
	private nextId = 1;
	private readonly waiting = new Map<number, (value: unknown) => void>();
	private constructor(private readonly proc: ChildProcess) {
		proc.on('message', (message: { id?: number; value?: unknown }) => {
			if (message.id !== undefined) this.waiting.get(message.id)?.(message.value);
		});
	}

	static async start(env: Record<string, string>, timeScale = TIME_SCALE): Promise<Child> {
		const proc = fork(path.join(__dirname, 'sandboxChild.ts'), [], {
			execArgv: ['--import', 'tsx'],
			env: { ...process.env, BENCH_TIME_SCALE: String(timeScale), ...env },
		});
		// Never leave the sandbox running when the bench stops early.
		process.once('exit', () => proc.kill());
		await new Promise<void>((resolve, reject) => {
			proc.once('message', () => resolve());
			proc.once('exit', (code) => reject(new Error(`sandbox child exited (${code})`)));
		});
		return new Child(proc);
	}

	ask<T>(command: Record<string, unknown>): Promise<T> {
		const id = this.nextId++;
		return new Promise<T>((resolve) => {
			this.waiting.set(id, (value) => resolve(value as T));
			this.proc.send({ ...command, id });
		});
	}
}

export interface Row {
	workload: string;
	client: string;
	items: number;
	calls: number;
	rateLimited: number;
	failed: number;
	duplicates: number;
	callsPerItem: number;
	spanMin: number;
	floorMin: number;
	cpuMsPerItem: number;
	heapMiB: number;
	target?: { text: string; pass: boolean };
	detail?: string;
}

export const rows: Row[] = [];

export async function measure(
	child: Child,
	service: 'xero' | 'easybill',
	perMinute: number,
	row: Omit<Row, 'calls' | 'rateLimited' | 'callsPerItem' | 'spanMin' | 'floorMin' | 'cpuMsPerItem' | 'heapMiB' | 'failed' | 'duplicates'>,
	work: () => Promise<{ failed: number; prefix?: string; duplicates?: number; detail?: string }>,
	target?: (r: Row) => { text: string; pass: boolean },
): Promise<Row> {
	const since = await child.ask<number>({ cmd: 'mark' });
	global.gc?.();
	const heapBefore = process.memoryUsage().heapUsed;
	let heapPeak = heapBefore;
	const sampler = setInterval(() => {
		heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
	}, 25);
	const cpuBefore = process.cpuUsage();
	const { failed, prefix, duplicates, detail } = await work();
	const cpu = process.cpuUsage(cpuBefore);
	clearInterval(sampler);
	const stats = await child.ask<Stats>({ cmd: 'stats', since, service });
	const refs = prefix
		? await child.ask<{ count: number; distinct: number }>({ cmd: 'invoiceRefs', prefix })
		: { count: 0, distinct: 0 };
	const span = stats.firstAt !== undefined && stats.lastAt !== undefined ? stats.lastAt - stats.firstAt : 0;
	const full: Row = {
		...row,
		calls: stats.calls,
		rateLimited: stats.rateLimited,
		failed,
		duplicates: duplicates ?? refs.count - refs.distinct,
		callsPerItem: stats.calls / row.items,
		spanMin: span / 60_000,
		floorMin: stats.calls / perMinute,
		cpuMsPerItem: (cpu.user + cpu.system) / 1000 / row.items,
		heapMiB: (heapPeak - heapBefore) / 2 ** 20,
		detail: Object.entries(stats.byPath)
			.sort((a, b) => b[1] - a[1])
			.map(([k, v]) => `${v} ${k}`)
			.join(', ') + (detail ? ` | ${detail}` : ''),
	};
	if (target) full.target = target(full);
	rows.push(full);
	console.error(`  measured: ${full.workload} (${full.client}): ${full.calls} calls, ${full.rateLimited} × 429`);
	return full;
}

