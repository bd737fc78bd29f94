/**
 * The sandbox in its own process for `npm run bench`, so the heap and CPU the bench reports are
 * the node's alone. Answers the parent over IPC: connection details, a clock reading, and
 * counts from the request log.
 */
import { startSandbox, type Sandbox } from '../sandbox';

type Command =
	| { id: number; cmd: 'info' }
	| { id: number; cmd: 'mark' }
	| { id: number; cmd: 'stats'; since: number; service: 'xero' | 'easybill' }
	| { id: number; cmd: 'invoiceRefs'; prefix: string }
	| { id: number; cmd: 'stop' };

async function main(): Promise<void> {
	const timeScale = Number(process.env.BENCH_TIME_SCALE ?? 60);
	const sandbox: Sandbox = await startSandbox({
		timeScale,
		easybillPerMinute: Number(process.env.BENCH_EASYBILL_PER_MINUTE ?? 60),
		latencyMs: Number(process.env.BENCH_LATENCY_MS ?? 5),
	});
	sandbox.xero.warmUp();
	const reply = (id: number, value: unknown) => process.send?.({ id, value });
	process.on('message', (message: Command) => {
		switch (message.cmd) {
			case 'info': {
				const tokens = sandbox.xero.issueTokens();
				return reply(message.id, {
					urls: sandbox.urls,
					tokens,
					clientId: sandbox.xero.clientId,
					clientSecret: sandbox.xero.clientSecret,
					tenantId: sandbox.xero.tenants[0].tenantId,
					apiKey: sandbox.easybill.apiKey,
					emulatedNow: sandbox.clock.now(),
					realNow: Date.now(),
					timeScale,
				});
			}
			case 'mark':
				return reply(message.id, sandbox.log.entries().length);
			case 'stats': {
				const entries = sandbox.log
					.entries()
					.slice(message.since)
					.filter((e) => e.service === message.service);
				return reply(message.id, {
					calls: entries.length,
					rateLimited: entries.filter((e) => e.status === 429).length,
					firstAt: entries[0]?.at,
					lastAt: entries[entries.length - 1]?.at,
					byPath: countBy(entries.map((e) => `${e.method} ${e.path.replace(/\/[0-9a-f-]{36}|\/\d+(?=\/|$)/g, '/{id}')}`)),
				});
			}
			case 'invoiceRefs': {
				const tenantId = sandbox.xero.tenants[0].tenantId;
				const refs = sandbox.xero
					.invoices(tenantId)
					.map((i) => String(i.Reference ?? ''))
					.filter((r) => r.startsWith(message.prefix));
				const docs = sandbox.easybill
					.documents()
					.map((d) => String(d.external_id ?? ''))
					.filter((r) => r.startsWith(message.prefix));
				const all = [...refs, ...docs];
				return reply(message.id, { count: all.length, distinct: new Set(all).size });
			}
			case 'stop':
				void sandbox.stop().then(() => {
					reply(message.id, true);
					process.exit(0);
				});
		}
		return undefined;
	});
	process.send?.({ ready: true });
}

function countBy(values: string[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const v of values) out[v] = (out[v] ?? 0) + 1;
	return out;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
