/**
 * A local HTTP endpoint that stands in for the billing system a workflow calls back, so a test can
 * observe an execution of a running n8n from the outside.
 */
import { createServer, type Server } from 'node:http';

export interface ReceivedCall {
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

export class CallbackReceiver {
	readonly calls: ReceivedCall[] = [];
	private server?: Server;
	private waiters: (() => void)[] = [];
	url = '';

	async start(): Promise<this> {
		this.server = createServer((req, res) => {
			let raw = '';
			req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
			req.on('end', () => {
				let body: unknown = raw;
				try {
					body = raw ? JSON.parse(raw) : undefined;
				} catch {
					// keep the raw text
				}
				this.calls.push({
					method: req.method ?? '',
					path: req.url ?? '',
					headers: req.headers,
					body,
				});
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
				for (const wake of this.waiters.splice(0)) wake();
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		const address = this.server.address();
		this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
		return this;
	}

	/** Resolves with the calls once `count` have arrived on `path`; rejects after timeoutMs. */
	async waitFor(path: string, count = 1, timeoutMs = 60_000): Promise<ReceivedCall[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const matching = this.calls.filter((call) => call.path === path);
			if (matching.length >= count) return matching;
			const left = deadline - Date.now();
			if (left <= 0) {
				throw new Error(`expected ${count} call(s) to ${path}, got ${matching.length}`);
			}
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, Math.min(left, 1000));
				this.waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
	}
}
