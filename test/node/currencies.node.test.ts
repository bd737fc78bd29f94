/**
 * Zero- and three-decimal currencies book the amount asked on both ledgers, or are refused before
 * anything is written when the ledger cannot hold it exactly (Xero keeps two decimals; EasyBill
 * keeps hundredths of the unit in integer totals). Stripe's line JSON is minor units whatever
 * "Amounts Are In" says. Xero runs in an NZ organisation (NZD), so EUR, JPY and KWD are all
 * foreign currencies there.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import stripeInvoice from '../fixtures/stripe-invoice.json';
import { fromItem, useNodeEnv, type LedgerName } from './nodeEnv';

const env = useNodeEnv({ easybillPerMinute: 60, xeroOrganisations: ['nz'] });

/** Lines as the user maps them: Xero needs a tax type and account, EasyBill a VAT rate. */
const taxOf = (ledger: LedgerName, taxed: boolean): IDataObject =>
	ledger === 'xero'
		? { taxType: taxed ? 'OUTPUT2' : 'NONE', accountCode: '200' }
		: { taxPercent: taxed ? 19 : 0 };

function invoiceParams(overrides: INodeParameters = {}): INodeParameters {
	return {
		operation: 'createInvoice',
		amountUnit: 'major',
		sourceId: fromItem('id'),
		contactBy: 'details',
		contactSourceId: 'cus_fx',
		contactName: 'Foreign Currency Customer',
		issueDate: '2026-11-02',
		dueDate: '2026-11-30',
		currency: fromItem('currency'),
		taxMode: fromItem('taxMode'),
		lineInputMode: 'json',
		linesJson: fromItem('lines'),
		status: 'final',
		...overrides,
	};
}

const paymentParams = (ledger: LedgerName): INodeParameters => ({
	operation: 'recordPayment',
	amountUnit: 'major',
	invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') },
	sourceId: fromItem('charge'),
	amount: fromItem('amount'),
	currency: fromItem('currency'),
	date: '2026-11-05',
	...(ledger === 'xero' ? { bankAccount: '090' } : {}),
});

function storedInvoice(ledger: LedgerName, sourceId: string): IDataObject | undefined {
	if (ledger === 'xero')
		return env.sandbox.xero.invoices(env.tenantId).find((i) => i.Reference === sourceId);
	return env.sandbox.easybill.documents().find((d) => d.external_id === sourceId);
}

describe.each<LedgerName>(['xero', 'easybill'])('currencies on %s', (ledger) => {
	it('books a pasted Stripe invoice at its own total with "Amounts Are In" left at major units', async () => {
		const lines = stripeInvoice.lines.data.map((line) => ({ ...line, ...taxOf(ledger, false) }));
		const result = await env.run(
			ledger,
			[{ id: stripeInvoice.id, currency: 'EUR', taxMode: 'none', lines }],
			invoiceParams(),
		);
		expect(result.error).toBeUndefined();
		expect(result.json[0].record).toMatchObject({
			currency: 'EUR',
			totalMinor: stripeInvoice.total,
		});
		const stored = storedInvoice(ledger, stripeInvoice.id);
		// Xero: 94.00 EUR; EasyBill: 9400 hundredths.
		expect(ledger === 'xero' ? stored?.Total : stored?.amount).toBe(
			ledger === 'xero' ? 94 : 9400,
		);
	});

	it('refuses a Stripe line with a discount it would otherwise drop', async () => {
		const [first] = stripeInvoice.lines.data;
		const discounted = { ...first, discount_amounts: [{ amount: 450, discount: 'di_1' }] };
		const result = await env.run(
			ledger,
			[{ id: 'in_disc', currency: 'EUR', taxMode: 'none', lines: [{ ...discounted, ...taxOf(ledger, false) }] }],
			invoiceParams(),
			{ continueOnFail: true },
		);
		expect(result.json[0].error).toMatchObject({ field: 'lines[0].unitPrice' });
		expect(storedInvoice(ledger, 'in_disc')).toBeUndefined();
	});

	it('JPY: books whole yen and takes a payment in yen', async () => {
		// 2 × ¥1,500 + ¥2,000, no tax: ¥5,000.
		const lines = [
			{ description: 'Seat', quantity: 2, unitPrice: '1500', ...taxOf(ledger, false) },
			{ description: 'Plan', quantity: 1, unitPrice: '2000', ...taxOf(ledger, false) },
		];
		const created = await env.run(
			ledger,
			[{ id: 'in_jpy', currency: 'JPY', taxMode: 'exclusive', lines }],
			invoiceParams(),
		);
		expect(created.error).toBeUndefined();
		expect(created.json[0].record).toMatchObject({ currency: 'JPY', totalMinor: 5000 });
		const stored = storedInvoice(ledger, 'in_jpy');
		expect(ledger === 'xero' ? stored?.Total : stored?.amount).toBe(
			ledger === 'xero' ? 5000 : 500000,
		);
		const paid = await env.run(
			ledger,
			[{ invoice: 'in_jpy', charge: 'ch_jpy', amount: '5000', currency: 'JPY' }],
			paymentParams(ledger),
		);
		expect(paid.error).toBeUndefined();
		expect(paid.json[0].record).toMatchObject({ amountMinor: 5000, currency: 'JPY' });
		if (ledger === 'easybill') expect(env.sandbox.easybill.payments()[0].amount).toBe(500000);
	});

	it('JPY: refuses a taxed line whose tax the ledger would keep in fractions of a yen', async () => {
		// 15 % (Xero NZ) or 19 % (EasyBill) of ¥1,234 is not a whole number of yen.
		const lines = [{ description: 'Seat', quantity: 1, unitPrice: '1234', ...taxOf(ledger, true) }];
		const result = await env.run(
			ledger,
			[{ id: 'in_jpy_tax', currency: 'JPY', taxMode: 'exclusive', lines }],
			invoiceParams(),
			{ continueOnFail: true },
		);
		expect(result.json[0].error).toMatchObject({ kind: 'validation' });
		expect(String((result.json[0].error as IDataObject).message)).toMatch(/whole/);
		expect(storedInvoice(ledger, 'in_jpy_tax')).toBeUndefined();
	});

	it('KWD: books 12.340 exactly and refuses 12.345 before writing', async () => {
		const good = [{ description: 'Service', quantity: 1, unitPrice: '12.340', ...taxOf(ledger, false) }];
		const created = await env.run(
			ledger,
			[{ id: 'in_kwd', currency: 'KWD', taxMode: 'exclusive', lines: good }],
			invoiceParams(),
		);
		expect(created.error).toBeUndefined();
		expect(created.json[0].record).toMatchObject({ currency: 'KWD', totalMinor: 12340 });
		const stored = storedInvoice(ledger, 'in_kwd');
		expect(ledger === 'xero' ? stored?.Total : stored?.amount).toBe(
			ledger === 'xero' ? 12.34 : 1234,
		);

		const bad = [{ description: 'Service', quantity: 1, unitPrice: '12.345', ...taxOf(ledger, false) }];
		const refused = await env.run(
			ledger,
			[{ id: 'in_kwd_bad', currency: 'KWD', taxMode: 'exclusive', lines: bad }],
			invoiceParams(),
			{ continueOnFail: true },
		);
		expect(refused.json[0].error).toMatchObject({ kind: 'validation' });
		expect(String((refused.json[0].error as IDataObject).message)).toContain('12.345');
		expect(storedInvoice(ledger, 'in_kwd_bad')).toBeUndefined();

		const payment = await env.run(
			ledger,
			[{ invoice: 'in_kwd', charge: 'ch_kwd', amount: '6.175', currency: 'KWD' }],
			paymentParams(ledger),
			{ continueOnFail: true },
		);
		expect(payment.json[0].error).toMatchObject({ kind: 'validation', field: 'amountMinor' });
		const half = await env.run(
			ledger,
			[{ invoice: 'in_kwd', charge: 'ch_kwd', amount: '6.170', currency: 'KWD' }],
			paymentParams(ledger),
		);
		expect(half.json[0].record).toMatchObject({ amountMinor: 6170, currency: 'KWD' });
	});

	it('EUR in an organisation whose base currency is another: the EUR amounts', async () => {
		const lines = [{ description: 'Plan', quantity: 1, unitPrice: '49.99', ...taxOf(ledger, true) }];
		const created = await env.run(
			ledger,
			[{ id: 'in_eur', currency: 'EUR', taxMode: 'exclusive', lines }],
			invoiceParams(),
		);
		expect(created.error).toBeUndefined();
		// Xero NZ: 15 % GST → 57.49; EasyBill: 19 % → 59.49.
		expect(created.json[0].record).toMatchObject({
			currency: 'EUR',
			totalMinor: ledger === 'xero' ? 5749 : 5949,
		});
	});
});
