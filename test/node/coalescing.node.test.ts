/**
 * One event per execution (a billing webhook -> Create Invoice): concurrent executions on the same
 * account share ledger batches, so the flow costs fewer calls than one request per event, never
 * duplicates, and each execution gets exactly its own item back.
 */
import { startNodeEnv, type NodeEnv, type NodeRun } from './nodeEnv';
import { invoiceItem, invoiceParams } from './invoiceFixtures';

let env: NodeEnv | undefined;

afterEach(async () => {
	await env?.stop();
	env = undefined;
});

/** `total` executions of one invoice each (each with a new contact), `parallel` at a time. */
async function oneEventPerExecution(
	ledger: 'xero' | 'easybill',
	total: number,
	parallel: number,
	idOf: (n: number) => string = (n) => `in_ev${n}`,
): Promise<NodeRun[]> {
	const runs: NodeRun[] = [];
	let next = 0;
	await Promise.all(
		Array.from({ length: parallel }, async () => {
			while (next < total) {
				const n = next++;
				runs[n] = await env!.run(ledger, [invoiceItem(ledger, idOf(n), `cus_ev${n}`)], invoiceParams());
			}
		}),
	);
	return runs;
}

describe('coalescing one-event executions', () => {
	it('Xero: 60 executions, 5 at once, cost at most 2 calls per event, no 429, each invoice once', async () => {
		env = await startNodeEnv({ latencyMs: 10 });
		const runs = await oneEventPerExecution('xero', 60, 5);
		runs.forEach((run, n) => {
			expect(run.error).toBeUndefined();
			expect(run.json).toHaveLength(1);
			expect(run.json[0]).toMatchObject({ action: 'created', record: { sourceId: `in_ev${n}` } });
			expect(run.output[0].pairedItem).toEqual({ item: 0 });
		});
		const calls = env.sandbox.log.entries({ service: 'xero' });
		expect(calls.filter((e) => e.status === 429)).toEqual([]);
		expect(calls.length).toBeLessThanOrEqual(2 * 60);
		const refs = env.sandbox.xero
			.invoices(env.tenantId)
			.filter((i) => String(i.Reference).startsWith('in_ev'))
			.map((i) => i.Reference);
		expect(refs.sort()).toEqual(runs.map((_, n) => `in_ev${n}`).sort());
	});

	it('Xero: the same event delivered to two executions at once is created once', async () => {
		env = await startNodeEnv();
		const [a, b] = await Promise.all([
			env.run('xero', [invoiceItem('xero', 'in_twice', 'cus_twice')], invoiceParams()),
			env.run('xero', [invoiceItem('xero', 'in_twice', 'cus_twice')], invoiceParams()),
		]);
		expect([a.json[0].action, b.json[0].action].sort()).toEqual(['created', 'unchanged']);
		expect(a.json[0].ledgerId).toBe(b.json[0].ledgerId);
		expect(env.sandbox.xero.invoices(env.tenantId).filter((i) => i.Reference === 'in_twice')).toHaveLength(1);
	});

	it('EasyBill: concurrent one-event executions share the plan budget and each gets its own result', async () => {
		env = await startNodeEnv();
		const runs = await oneEventPerExecution('easybill', 8, 4, (n) => `eb_ev${n}`);
		runs.forEach((run) => expect(run.json.map((j) => j.action)).toEqual(['created']));
		expect(env.sandbox.log.entries({ service: 'easybill' }).filter((e) => e.status === 429)).toEqual([]);
		const ids = env.sandbox.easybill.documents().map((d) => d.external_id);
		expect(new Set(ids).size).toBe(ids.length);
	});
});
