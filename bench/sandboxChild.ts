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
	| { id: number; cmd: 'seedInvoices'; prefix: string; count: number }
	| { id: number; cmd: 'payInvoices'; ids: string[] }
	| { id: number; cmd: 'deliverWebhook'; url: string; batchSize?: number }
	| { id: number; cmd: 'webhookKey' }
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
			case 'seedInvoices':
				return void seedInvoices(sandbox, message.prefix, message.count, timeScale).then((ids) =>
					reply(message.id, ids),
				);
			case 'payInvoices': {
				const tenantId = sandbox.xero.tenants[0].tenantId;
				for (const invoiceId of message.ids) sandbox.xero.payInvoice(tenantId, invoiceId);
				return reply(message.id, sandbox.xero.pendingEvents());
			}
			case 'deliverWebhook':
				return void sandbox.xero
					.deliverWebhook(message.url, { batchSize: message.batchSize })
					.then((results) => reply(message.id, results));
			case 'webhookKey':
				return reply(message.id, sandbox.xero.webhookKey);
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

/**
 * AUTHORISED sales invoices made the way another app would (straight through the emulated API, 50
 * per PUT, waiting out 429s), so trigger workloads have something to be paid. Their creation
 * events are dropped: only the payments should reach a trigger.
 */
async function seedInvoices(sandbox: Sandbox, prefix: string, count: number, timeScale: number): Promise<string[]> {
	const tenantId = sandbox.xero.tenants[0].tenantId;
	const ids: string[] = [];
	for (let start = 0; start < count; ) {
		const { accessToken } = sandbox.xero.issueTokens();
		const batch = Array.from({ length: Math.min(50, count - start) }, (_, i) => ({
			Type: 'ACCREC',
			Contact: { Name: `Seeded ${prefix}${start + i}` },
			Date: '2026-11-02',
			DueDate: '2026-11-16',
			Reference: `${prefix}${start + i}`,
			Status: 'AUTHORISED',
			LineAmountTypes: 'Exclusive',
			LineItems: [{ Description: 'Plan', Quantity: 1, UnitAmount: 49, AccountCode: '200', TaxType: 'OUTPUT2' }],
		}));
		const response = await fetch(`${sandbox.urls.xero}/api.xro/2.0/Invoices`, {
			method: 'PUT',
			headers: {
				authorization: `Bearer ${accessToken}`,
				'xero-tenant-id': tenantId,
				accept: 'application/json',
				'content-type': 'application/json',
			},
			body: JSON.stringify({ Invoices: batch }),
		});
		if (response.status === 429) {
			const wait = Number(response.headers.get('retry-after') ?? 1) * 1000;
			await new Promise((resolve) => setTimeout(resolve, wait / timeScale + 5));
			continue;
		}
		if (!response.ok) throw new Error(`seeding invoices: HTTP ${response.status} ${await response.text()}`);
		const body = (await response.json()) as { Invoices: Array<{ InvoiceID: string }> };
		ids.push(...body.Invoices.map((invoice) => invoice.InvoiceID));
		start += batch.length;
	}
	await sandbox.xero.deliverWebhook('http://127.0.0.1:9/discard');
	return ids;
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
