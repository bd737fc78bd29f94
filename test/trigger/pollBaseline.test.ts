/**
 * The polling trigger's first poll (n8n runs it on activation) learns what was paid before: it
 * emits nothing and marks those invoices as seen. An invoice paid while that read is under way (the
 * read's first answer too slow, retried) was paid after the trigger started: it must still be
 * emitted, once, by the next poll at the latest. Before, the retried read saw it paid and marked it
 * as seen with the rest, so no poll ever emitted it (a soak seed lost one this way under faults).
 * Through n8n-core's PollContext against the sandbox, on both ledgers.
 */
import { InvoicePaidPollTrigger } from '../../nodes/InvoicePaidPollTrigger/InvoicePaidPollTrigger.node';
import { testSeams } from '../../nodes/shared/testSeams';
import { packageNodeType } from '../node/harness';
import { invoiceItem, invoiceParams } from '../node/invoiceFixtures';
import { startNodeEnv, type LedgerName, type NodeEnv } from '../node/nodeEnv';
import { TriggerHost } from './triggerHost';

let env: NodeEnv;

afterEach(async () => {
	await env?.stop();
});

/** The first listing request of the baseline read, on each ledger. */
const BASELINE_READ: Record<LedgerName, { method: string; path: string | RegExp }> = {
	xero: { method: 'GET', path: '/api.xro/2.0/Invoices' },
	easybill: { method: 'GET', path: /\/documents$/ },
};

async function until(check: () => boolean, what: string): Promise<void> {
	for (let waited = 0; !check(); waited += 10) {
		if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe.each<LedgerName>(['xero', 'easybill'])('Invoice Paid (polling) on %s', (ledger) => {
	it('an invoice paid while the first poll is retrying its read is emitted once by a later poll', async () => {
		env = await startNodeEnv();
		const paidBefore = await env.run(ledger, [invoiceItem(ledger, 'in_before', 'cus_before')], invoiceParams());
		const paidDuring = await env.run(ledger, [invoiceItem(ledger, 'in_during', 'cus_during')], invoiceParams());
		expect([paidBefore.error, paidDuring.error]).toEqual([undefined, undefined]);
		const [before, during] = [paidBefore, paidDuring].map((run) => String(run.json[0].ledgerId));
		const pay = (id: string) =>
			ledger === 'xero' ? env.sandbox.xero.payInvoice(env.tenantId, id) : env.sandbox.easybill.payDocument(Number(id));
		await pay(before);

		// The baseline's listing is answered after the request timeout: the ledger asks again.
		testSeams.ledgerOptions = { ...testSeams.ledgerOptions, timeoutMs: 300 };
		const read = BASELINE_READ[ledger];
		env.sandbox.faults.add({ service: ledger, method: read.method, path: read.path, kind: 'slow', delayMs: 1500 });
		const host = new TriggerHost({
			type: packageNodeType('invoicePaidPollTrigger'),
			nodeType: new InvoicePaidPollTrigger(),
			parameters: { ledger, ...(ledger === 'xero' ? { tenantId: { __rl: true, mode: 'id', value: env.tenantId } } : {}), options: {} },
			credentials:
				ledger === 'xero'
					? { xeroAccountingSyncOAuth2Api: { id: 'xero-1', name: 'Xero sandbox' } }
					: { easyBillAccountingSyncApi: { id: 'easybill-1', name: 'EasyBill sandbox' } },
			credentialsHelper: env.credentialsHelper,
		});
		env.sandbox.log.clear();
		const first = host.poll();
		await until(() => env.sandbox.log.entries().some((e) => e.fault === 'slow'), 'the baseline read');
		await pay(during);
		const emitted: string[] = [];
		const collect = (result: Awaited<ReturnType<TriggerHost['poll']>>) =>
			emitted.push(...(result?.[0] ?? []).map((item) => String(item.json.ledgerId)));
		collect(await first);
		// The read was retried: the paid invoice was in what it saw.
		expect(env.sandbox.log.entries().filter((e) => e.method === read.method && (typeof read.path === 'string' ? e.path === read.path : read.path.test(e.path)))).toHaveLength(2);
		for (let n = 0; n < 3; n++) {
			env.sandbox.clock.advance(60_000);
			collect(await host.poll());
		}
		expect(emitted).toEqual([during]);
		// The held answer, given up on long ago, is sent before the sandbox stops.
		await until(() => env.sandbox.log.entries().every((e) => e.fault !== 'slow' || e.durationMs !== undefined), 'the held answer');
	});
});
