/**
 * Write Off through the node (n8n-core workflows) against the sandbox, the same parameters on
 * both ledgers: what is still due becomes one allocated credit note, split across the invoice's
 * tax rates in proportion; a re-run is unchanged; an invoice with nothing due, a draft and an
 * unknown invoice are refused by item with no credit note issued.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fromItem, useNodeEnv, type LedgerName } from './nodeEnv';

const env = useNodeEnv({ easybillPerMinute: 60, scope: 'file' });

let counter = 0;
const uid = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++counter}`;

/** Net 50.00 at the standard rate and 40.00 at the reduced one. */
const mixedLines = (ledger: LedgerName): IDataObject[] =>
	ledger === 'xero'
		? [
				{ description: 'Software', quantity: 1, unitPrice: 5000, taxType: 'OUTPUT2', accountCode: '200' },
				{ description: 'Books', quantity: 1, unitPrice: 4000, taxType: 'RROUTPUT', accountCode: '260' },
			]
		: [
				{ description: 'Software', quantity: 1, unitPrice: 5000, taxPercent: 19 },
				{ description: 'Books', quantity: 1, unitPrice: 4000, taxPercent: 7 },
			];

async function createInvoice(ledger: LedgerName, status = 'final') {
	const id = uid('in');
	const customer = uid('cus');
	const run = await env.run(ledger, [{ lines: mixedLines(ledger) }], {
		operation: 'createInvoice',
		amountUnit: 'minor',
		sourceId: id,
		contactBy: 'details',
		contactSourceId: customer,
		contactName: `Write Off ${customer}`,
		issueDate: '2026-11-02',
		dueDate: '2026-11-30',
		currency: 'EUR',
		taxMode: 'exclusive',
		lineInputMode: 'json',
		linesJson: fromItem('lines'),
		status,
	});
	expect({ error: run.error?.message, action: run.json[0]?.action }).toEqual({ error: undefined, action: 'created' });
	return { id, ledgerId: run.json[0].ledgerId as string, totalMinor: (run.json[0].record as IDataObject).totalMinor as number };
}

async function pay(ledger: LedgerName, invoiceId: string, amountMinor: number) {
	const run = await env.run(ledger, [{}], {
		operation: 'recordPayment',
		amountUnit: 'minor',
		invoice: { __rl: true, mode: 'sourceId', value: invoiceId },
		sourceId: uid('ch'),
		amount: amountMinor,
		currency: 'EUR',
		date: '2026-11-05',
		...(ledger === 'xero' ? { bankAccount: '090' } : {}),
	});
	expect(run.json[0].action).toBe('created');
}

const writeOffParams = (invoice: string, sourceId: string): INodeParameters => ({
	operation: 'writeOff',
	invoice: { __rl: true, mode: 'sourceId', value: invoice },
	sourceId,
	date: '2026-11-20',
	reason: 'Uncollectible',
});

/** The ledger's credit notes for one source id, as [rate %, gross minor] per line. */
function creditsFor(ledger: LedgerName, sourceId: string): number[][][] {
	if (ledger === 'xero') {
		const rates = new Map(env.sandbox.xero.taxRates(env.tenantId).map((r) => [r.TaxType, r.EffectiveRate]));
		return env.sandbox.xero
			.creditNotes(env.tenantId)
			.filter((n) => n.Reference === sourceId)
			.map((n) => n.LineItems.map((l: IDataObject) => [rates.get(l.TaxType), Math.round(Number(l.LineAmount) * 100)]));
	}
	return env.sandbox.easybill
		.documents()
		.filter((d) => d.type === 'CREDIT' && d.external_id === sourceId)
		.map((d) => (d.items as IDataObject[]).map((p) => [Number(p.vat_percent), Number(p.total_price_gross)]));
}

const getInvoice = (ledger: LedgerName, id: string) =>
	env.run(ledger, [{}], { operation: 'getInvoice', invoice: { __rl: true, mode: 'sourceId', value: id } });

describe.each<LedgerName>(['xero', 'easybill'])('Write Off on %s', (ledger) => {
	it('credits exactly what is due, split across the tax rates in proportion, allocated; the re-run is unchanged', async () => {
		const invoice = await createInvoice(ledger);
		// Leaves 100.00 due on both: Xero gross 60.00 @20 % + 42.00 @5 %, EasyBill 59.50 @19 % + 42.80 @7 %.
		await pay(ledger, invoice.id, invoice.totalMinor - 10000);
		const sourceId = uid('wo');
		const first = await env.run(ledger, [{}], writeOffParams(invoice.id, sourceId));
		expect(first.error).toBeUndefined();
		expect(first.json[0]).toMatchObject({ action: 'created', record: { totalMinor: 10000, allocatedMinor: 10000, refundedMinor: 0, invoiceLedgerId: invoice.ledgerId } });
		// 100.00 × 60/102 = 58.82, × 42/102 = 41.18 (Xero); × 59.50/102.30 = 58.16, × 42.80/102.30 = 41.84 (EasyBill).
		const parts = ledger === 'xero' ? [[20, 5882], [5, 4118]] : [[19, 5816], [7, 4184]];
		expect(creditsFor(ledger, sourceId).map((lines) => [...lines].sort((a, b) => b[0] - a[0]))).toEqual([parts]);
		const settled = await getInvoice(ledger, invoice.id);
		expect(settled.json[0].record).toMatchObject({ state: 'paid', amountDueMinor: 0 });

		const again = await env.run(ledger, [{}], writeOffParams(invoice.id, sourceId));
		expect(again.json[0]).toMatchObject({ action: 'unchanged', ledgerId: first.json[0].ledgerId, record: { totalMinor: 10000 } });
		expect(creditsFor(ledger, sourceId)).toHaveLength(1);
	});

	it('refuses an invoice with nothing due, a draft and an unknown invoice by item, issuing nothing', async () => {
		const paid = await createInvoice(ledger);
		await pay(ledger, paid.id, paid.totalMinor);
		const draft = await createInvoice(ledger, 'draft');
		const open = await createInvoice(ledger);
		const ids = { paid: uid('wo'), draft: uid('wo'), missing: uid('wo'), open: uid('wo') };
		const items = [
			{ invoice: paid.id, id: ids.paid },
			{ invoice: draft.id, id: ids.draft },
			{ invoice: 'in_nobody', id: ids.missing },
			{ invoice: open.id, id: ids.open },
		];
		const run = await env.run(ledger, items, { ...writeOffParams('', ''), invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') }, sourceId: fromItem('id') }, { continueOnFail: true });
		const [p, d, m, o] = run.json;
		expect(p).toMatchObject({ action: 'failed', error: { kind: 'conflict' } });
		expect(String((p.error as IDataObject).message)).toMatch(/nothing to write off: .* has no amount due/);
		expect(d).toMatchObject({ action: 'failed', error: { kind: 'conflict' } });
		expect(String((d.error as IDataObject).message)).toMatch(/draft/);
		expect(m).toMatchObject({ action: 'failed', error: { kind: 'not_found' } });
		expect(o).toMatchObject({ action: 'created', record: { totalMinor: open.totalMinor, allocatedMinor: open.totalMinor } });
		expect(run.output.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		for (const id of [ids.paid, ids.draft, ids.missing]) expect(creditsFor(ledger, id)).toEqual([]);
		// Written off in full, the open invoice now has nothing due: a second write-off under another id is refused too.
		const second = await env.run(ledger, [{}], writeOffParams(open.id, uid('wo')), { continueOnFail: true });
		expect(second.json[0]).toMatchObject({ action: 'failed', error: { kind: 'conflict' } });
	});
});
