/**
 * How the node treats bad items, on both ledgers: without "Continue On Fail" an invalid item stops
 * the node before the first write (nothing half-written); with it, failed items come out as
 * `{ error }` paired with their input and the rest are written. Also: cents and major units book
 * the same totals.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fromItem, useNodeEnv, type LedgerName } from './nodeEnv';

const env = useNodeEnv();

const LEDGER_LINE: Record<LedgerName, IDataObject> = {
	xero: { taxType: 'OUTPUT2', accountCode: '200' },
	easybill: { taxPercent: 19 },
};

function invoiceParams(amountUnit: 'major' | 'minor'): INodeParameters {
	return {
		operation: 'createInvoice',
		amountUnit,
		sourceId: fromItem('id'),
		contactBy: 'details',
		contactSourceId: 'cus_mixed',
		contactName: fromItem('customerName'),
		issueDate: fromItem('issueDate'),
		// Xero approves an invoice only with a due date (unless the org sets payment terms).
		dueDate: '2026-11-30',
		currency: fromItem('currency'),
		taxMode: 'exclusive',
		lineInputMode: 'json',
		linesJson: fromItem('lines'),
		status: 'final',
	};
}

function item(
	ledger: LedgerName,
	id: string,
	overrides: IDataObject = {},
	line: IDataObject = {},
): IDataObject {
	return {
		id,
		customerName: 'Mixed Items Ltd',
		issueDate: '2026-11-02',
		currency: 'EUR',
		lines: [{ description: 'Plan', quantity: 3, unitPrice: 1999, ...LEDGER_LINE[ledger], ...line }],
		...overrides,
	};
}

const writes = () =>
	env.sandbox.log
		.entries()
		.filter((e) => e.method === 'POST' || e.method === 'PUT' || e.method === 'DELETE');

function invoiceCount(ledger: LedgerName): number {
	return ledger === 'xero'
		? env.sandbox.xero.invoices(env.tenantId).filter((i) => i.Type === 'ACCREC').length
		: env.sandbox.easybill.documents().filter((d) => d.type === 'INVOICE').length;
}

describe.each<LedgerName>(['xero', 'easybill'])('bad items on %s', (ledger) => {
	it('refuses every kind of invalid input before sending it, naming item and field', async () => {
		const items = [
			item(ledger, 'ok_1'),
			item(ledger, 'bad_name', { customerName: '' }),
			item(ledger, 'bad_qty', {}, { quantity: -1 }),
			item(ledger, 'bad_currency', { currency: 'EURO' }),
			item(ledger, 'bad_amount', {}, { unitPrice: 'twelve' }),
			item(ledger, 'bad_lines', { lines: [] }),
			item(ledger, 'bad_date', { issueDate: '02.11.2026' }),
			item(ledger, 'ok_2'),
		];
		const result = await env.run(ledger, items, invoiceParams('minor'), { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.output.map((o) => o.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		expect(result.json[0]).toMatchObject({ action: 'created' });
		expect(result.json[7]).toMatchObject({ action: 'created' });
		const errors = result.json.slice(1, 7).map((j) => j.error as IDataObject);
		expect(errors.map((e) => e.kind)).toEqual(Array(6).fill('validation'));
		expect(errors.map((e) => e.field)).toEqual([
			'contact.name',
			'lines[0].quantity',
			'currency',
			'lines[0].unitPrice',
			'lines',
			'issueDate',
		]);
		// Messages name each field as the node shows it; `field` stays canonical for expressions.
		expect(errors.map((e) => e.fieldLabel)).toEqual([
			'Contact Name',
			'Line 1 → Quantity',
			'Currency',
			'Line 1 → Unit Price',
			'Line Items',
			'Issue Date',
		]);
		for (const error of errors) {
			expect(String(error.message).startsWith(`${String(error.fieldLabel)}: `)).toBe(true);
			expect(String(error.message).startsWith(`${String(error.field)}: `)).toBe(false);
		}
		// Only the two valid invoices ever reached the ledger.
		const invoiceWrites = writes().filter((e) => /\/(Invoices|documents)$/.test(e.path));
		expect(invoiceWrites.reduce((sum, e) => sum + (e.elementCount ?? 1), 0)).toBe(2);
		expect(invoiceCount(ledger)).toBe(2);
		const hints = result.run.data.resultData.runData[result.nodeName][0].hints ?? [];
		expect(hints).toEqual([
			expect.objectContaining({ type: 'warning', message: expect.stringContaining('6 of 8 items failed') }),
		]);
	});

	it('without Continue On Fail, stops on an invalid item before the first write', async () => {
		const items = [
			item(ledger, 'ok_1'),
			item(ledger, 'bad_qty', {}, { quantity: -2 }),
			item(ledger, 'ok_2'),
		];
		const result = await env.run(ledger, items, invoiceParams('minor'));
		expect(result.error).toBeDefined();
		const error = result.nodeError(result.nodeName);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('Line 1 → Quantity: must not be negative');
		expect(String(error?.description)).toContain('Field: Line 1 → Quantity.');
		expect((error?.context as IDataObject).itemIndex).toBe(1);
		expect(String(error?.description)).toContain('Nothing was written');
		expect(result.output).toEqual([]);
		expect(writes()).toEqual([]);
		expect(invoiceCount(ledger)).toBe(0);
	});

	it('without Continue On Fail, lists every invalid item in one error, writing nothing', async () => {
		const items = [
			item(ledger, 'ok_1'),
			item(ledger, 'bad_name', { customerName: '' }),
			item(ledger, 'ok_2'),
			item(ledger, 'bad_price', {
				lines: [
					{ description: 'Plan', quantity: 1, unitPrice: 1000, ...LEDGER_LINE[ledger] },
					{ description: 'Seats', quantity: 2, unitPrice: 'lots', ...LEDGER_LINE[ledger] },
				],
			}),
			item(ledger, 'bad_date', { issueDate: '02.11.2026' }),
			item(ledger, 'bad_qty', {}, { quantity: -1 }),
		];
		const result = await env.run(ledger, items, invoiceParams('minor'));
		const error = result.nodeError(result.nodeName);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('4 of 6 items have invalid input');
		expect((error?.context as IDataObject).itemIndex).toBe(1);
		const lines = String(error?.description).split('\n');
		expect(lines.slice(0, 4)).toEqual([
			'Item 2 (index 1): Contact Name: must not be empty',
			expect.stringMatching(/^Item 4 \(index 3\): Line 2 → Unit Price: "lots" /),
			expect.stringMatching(/^Item 5 \(index 4\): Issue Date: "02\.11\.2026" /),
			'Item 6 (index 5): Line 1 → Quantity: must not be negative',
		]);
		expect(String(error?.description)).toContain('Nothing was written');
		expect((error?.context as IDataObject).invalidItems).toEqual([
			expect.objectContaining({ itemIndex: 1, field: 'contact.name', fieldLabel: 'Contact Name' }),
			expect.objectContaining({ itemIndex: 3, field: 'lines[1].unitPrice' }),
			expect.objectContaining({ itemIndex: 4, field: 'issueDate', fieldLabel: 'Issue Date' }),
			expect.objectContaining({ itemIndex: 5, fieldLabel: 'Line 1 → Quantity' }),
		]);
		expect(writes()).toEqual([]);
		expect(invoiceCount(ledger)).toBe(0);
	});

	it('names Record Payment fields as the node shows them', async () => {
		const params: INodeParameters = {
			operation: 'recordPayment',
			amountUnit: 'major',
			invoice: { __rl: true, mode: 'sourceId', value: 'in_whatever' },
			sourceId: fromItem('charge'),
			amount: fromItem('amount'),
			currency: 'EUR',
			date: fromItem('date'),
			...(ledger === 'xero' ? { bankAccount: '090' } : {}),
		};
		const result = await env.run(
			ledger,
			[
				{ charge: 'ch_1', amount: 'ten', date: '2026-11-05' },
				{ charge: 'ch_2', amount: '10.00', date: 'tomorrow' },
			],
			params,
		);
		const error = result.nodeError(result.nodeName);
		expect(String(error?.description).split('\n').slice(0, 2)).toEqual([
			expect.stringMatching(/^Item 1 \(index 0\): Amount: /),
			expect.stringMatching(/^Item 2 \(index 1\): Payment Date: /),
		]);
		expect(writes()).toEqual([]);
	});

	it('reports a failure only the ledger can find on its item and writes the others', async () => {
		await env.run(
			ledger,
			[item(ledger, 'in_pay', {}, { quantity: 1, unitPrice: 1000 })],
			invoiceParams('minor'),
		);
		const params: INodeParameters = {
			operation: 'recordPayment',
			amountUnit: 'minor',
			invoice: { __rl: true, mode: 'sourceId', value: 'in_pay' },
			sourceId: fromItem('charge'),
			amount: fromItem('amount'),
			currency: 'EUR',
			date: '2026-11-05',
			...(ledger === 'xero' ? { bankAccount: '090' } : {}),
		};
		// 10.00 + 19/20 % VAT is due; the second payment would overpay what is left.
		const payments = [
			{ charge: 'ch_part', amount: 500 },
			{ charge: 'ch_over', amount: 5000 },
		];
		const lenient = await env.run(ledger, payments, params, { continueOnFail: true });
		expect(lenient.error).toBeUndefined();
		expect(lenient.json[0]).toMatchObject({ action: 'created' });
		expect(lenient.json[1].error).toMatchObject({
			message: expect.stringMatching(/overpa|exceed|more than/i),
		});
		expect(lenient.output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);

		const strict = await env.run(ledger, payments, params);
		expect(strict.error).toBeDefined();
		expect((strict.nodeError(strict.nodeName)?.context as IDataObject).itemIndex).toBe(1);
	});

	it('a payment the invoice cannot take is a conflict naming the field, the same on both ledgers', async () => {
		await env.run(ledger, [item(ledger, 'in_final', {}, { quantity: 1, unitPrice: 1000 })], invoiceParams('minor'));
		await env.run(ledger, [item(ledger, 'in_draft', {}, { quantity: 1, unitPrice: 1000 })], {
			...invoiceParams('minor'),
			status: 'draft',
		});
		const before = writes().length;
		const run = await env.run(
			ledger,
			[
				{ charge: 'ch_currency', invoice: 'in_final', currency: 'USD', amount: 500 },
				{ charge: 'ch_over', invoice: 'in_final', currency: 'EUR', amount: 500_000 },
				{ charge: 'ch_draft', invoice: 'in_draft', currency: 'EUR', amount: 500 },
			],
			{
				operation: 'recordPayment',
				amountUnit: 'minor',
				invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') },
				sourceId: fromItem('charge'),
				amount: fromItem('amount'),
				currency: fromItem('currency'),
				date: '2026-11-05',
				...(ledger === 'xero' ? { bankAccount: '090' } : {}),
			},
			{ continueOnFail: true },
		);
		expect(run.json.map((j) => [(j.error as IDataObject)?.kind, (j.error as IDataObject)?.field])).toEqual([
			['conflict', 'currency'],
			['conflict', 'amountMinor'],
			['conflict', 'invoice'],
		]);
		expect(writes().length).toBe(before);
	});

	it('a credit the invoice cannot take is a conflict naming the field, the same on both ledgers', async () => {
		await env.run(ledger, [item(ledger, 'in_final', {}, { quantity: 1, unitPrice: 1000 })], invoiceParams('minor'));
		await env.run(ledger, [item(ledger, 'in_draft', {}, { quantity: 1, unitPrice: 1000 })], {
			...invoiceParams('minor'),
			status: 'draft',
		});
		await env.run(ledger, [item(ledger, 'in_paid', {}, { quantity: 1, unitPrice: 1000 })], invoiceParams('minor'));
		const paid = await env.run(ledger, [{}], {
			operation: 'recordPayment',
			amountUnit: 'minor',
			invoice: { __rl: true, mode: 'sourceId', value: 'in_paid' },
			sourceId: 'ch_all',
			amount: ledger === 'xero' ? 1200 : 1190,
			currency: 'EUR',
			date: '2026-11-05',
			...(ledger === 'xero' ? { bankAccount: '090' } : {}),
		});
		expect(paid.json[0].action).toBe('created');
		const before = writes().length;
		const run = await env.run(
			ledger,
			[
				{ id: 're_currency', invoice: 'in_final', currency: 'USD', amount: 100, allocate: false },
				{ id: 're_over', invoice: 'in_final', currency: 'EUR', amount: 500_000, allocate: false },
				{ id: 're_draft', invoice: 'in_draft', currency: 'EUR', amount: 100, allocate: false },
				{ id: 're_nothing_due', invoice: 'in_paid', currency: 'EUR', amount: 100, allocate: true },
			],
			{
				operation: 'issueCreditNote',
				amountUnit: 'minor',
				invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') },
				sourceId: fromItem('id'),
				currency: fromItem('currency'),
				date: '2026-11-06',
				creditType: 'amount',
				amount: fromItem('amount'),
				reason: 'Goodwill',
				allocate: fromItem('allocate'),
			},
			{ continueOnFail: true },
		);
		expect(run.json.map((j) => [(j.error as IDataObject)?.kind, (j.error as IDataObject)?.field])).toEqual([
			['conflict', 'currency'],
			['conflict', 'amountMinor'],
			['conflict', 'invoice'],
			['conflict', 'allocate'],
		]);
		expect(writes().length).toBe(before);
	});

	it('books the same totals from cents and from major units', async () => {
		const lines = [
			{ description: 'Plan', quantity: 1, ...LEDGER_LINE[ledger] },
			{ description: 'Seats', quantity: 3, discountPercent: 10, ...LEDGER_LINE[ledger] },
		];
		const cents = item(ledger, 'in_cents', {
			lines: [
				{ ...lines[0], unitPrice: 4990 },
				{ ...lines[1], unitPrice: 1333 },
			],
		});
		const major = item(ledger, 'in_major', {
			lines: [
				{ ...lines[0], unitPrice: '49.90' },
				{ ...lines[1], unitPrice: 13.33 },
			],
		});
		const inCents = await env.run(ledger, [cents], invoiceParams('minor'));
		const inMajor = await env.run(ledger, [major], invoiceParams('major'));
		expect(inCents.error).toBeUndefined();
		expect(inMajor.error).toBeUndefined();
		const totals = (r: typeof inCents) => {
			const record = r.json[0].record as IDataObject;
			return [record.subtotalMinor, record.taxMinor, record.totalMinor];
		};
		expect(totals(inMajor)).toEqual(totals(inCents));
		// 49.90 + 3 × 13.33 − 10 % = 85.89 net, whatever the tax rate.
		expect(totals(inCents)[0]).toBe(8589);
		const stored =
			ledger === 'xero'
				? env.sandbox.xero.invoices(env.tenantId).map((i) => Math.round(Number(i.Total) * 100))
				: env.sandbox.easybill.documents().map((d) => Number(d.amount));
		expect(stored).toHaveLength(2);
		expect(stored[0]).toBe(stored[1]);
	});
});
