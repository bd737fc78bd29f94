/**
 * Issue Credit Note by amount against an invoice with several tax rates: the credit is split
 * across the rates in proportion to their gross, largest remainder, on both ledgers; the credit's
 * tax is what the ledger computes from those parts (not everything at the first line's rate).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fromItem, useNodeEnv, type LedgerName } from './nodeEnv';

const env = useNodeEnv({ easybillPerMinute: 60 });

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

const invoiceParams: INodeParameters = {
	operation: 'createInvoice',
	amountUnit: 'minor',
	sourceId: 'in_mixed',
	contactBy: 'details',
	contactSourceId: 'cus_mixed',
	contactName: 'Mixed Rates Ltd',
	issueDate: '2026-11-02',
	dueDate: '2026-11-30',
	currency: 'EUR',
	taxMode: 'exclusive',
	lineInputMode: 'json',
	linesJson: fromItem('lines'),
	status: 'final',
};

const creditParams: INodeParameters = {
	operation: 'issueCreditNote',
	amountUnit: 'major',
	invoice: { __rl: true, mode: 'sourceId', value: 'in_mixed' },
	sourceId: 're_mixed',
	currency: 'EUR',
	date: '2026-11-06',
	creditType: 'amount',
	amount: '20.00',
	reason: 'Goodwill',
	allocate: true,
	refund: false,
};

/** The credit's parts as [rate %, gross minor, tax minor], as the ledger stored them. */
function storedParts(ledger: LedgerName): number[][] {
	if (ledger === 'xero') {
		const [note] = env.sandbox.xero.creditNotes(env.tenantId);
		const rates = new Map(env.sandbox.xero.taxRates(env.tenantId).map((r) => [r.TaxType, r.EffectiveRate]));
		return note.LineItems.map((l: IDataObject) => [
			rates.get(l.TaxType),
			Math.round(Number(l.LineAmount) * 100),
			Math.round(Number(l.TaxAmount) * 100),
		]);
	}
	const credit = env.sandbox.easybill.documents().find((d) => d.type === 'CREDIT');
	return (credit?.items ?? []).map((p: IDataObject) => [
		Number(p.vat_percent),
		Number(p.total_price_gross),
		Number(p.total_vat),
	]);
}

describe.each<LedgerName>(['xero', 'easybill'])('credit by amount on %s', (ledger) => {
	it('splits a credit across the invoice tax rates in proportion, largest remainder', async () => {
		const created = await env.run(ledger, [{ lines: mixedLines(ledger) }], invoiceParams);
		expect(created.error).toBeUndefined();
		const credit = await env.run(ledger, [{}], creditParams);
		expect(credit.error).toBeUndefined();
		expect(credit.json[0].record).toMatchObject({ totalMinor: 2000, allocatedMinor: 2000 });
		// Xero UK: gross 60.00 @20 % and 42.00 @5 %: 20.00 × 60/102 = 11.7647 → 11.76, 8.2353 → 8.24.
		// EasyBill: gross 59.50 @19 % and 42.80 @7 %: 11.6325 → 11.63, 8.3675 → 8.37.
		const expected =
			ledger === 'xero'
				? [
						[5, 824, 39],
						[20, 1176, 196],
					]
				: [
						[7, 837, 55],
						[19, 1163, 186],
					];
		expect(storedParts(ledger)).toEqual(expected);
	});
});

describe('EasyBill allocate', () => {
	it('leaves both the invoice and the credit settled in EasyBill terms', async () => {
		await env.run('easybill', [{ lines: mixedLines('easybill') }], invoiceParams);
		const invoice = env.sandbox.easybill.documents().find((d) => d.external_id === 'in_mixed');
		// Credit the whole invoice and allocate it: nothing is left to pay, nothing to pay out.
		const full = await env.run('easybill', [{}], {
			...creditParams,
			amount: (Number(invoice?.amount) / 100).toFixed(2),
		});
		expect(full.error).toBeUndefined();
		const docs = env.sandbox.easybill.documents();
		const paidInvoice = docs.find((d) => d.external_id === 'in_mixed');
		const credit = docs.find((d) => d.type === 'CREDIT');
		expect(paidInvoice?.paid_at).not.toBeNull();
		expect(credit?.paid_at).not.toBeNull();
		expect(credit?.paid_amount).toBe(credit?.amount);
		// Re-running books no second offset.
		const again = await env.run('easybill', [{}], {
			...creditParams,
			amount: (Number(invoice?.amount) / 100).toFixed(2),
		});
		expect(again.json[0].action).toBe('unchanged');
		expect(env.sandbox.easybill.payments()).toHaveLength(2);
	});
});
