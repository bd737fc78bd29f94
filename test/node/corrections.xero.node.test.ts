/**
 * Issue 10, corrections and totals on Xero, through n8n-core against the sandbox: the same source
 * id with other content is never `unchanged`; drafts and unpaid approved invoices are updated in
 * place; a paid one is a `conflict` naming each field; Expected Total is checked before writing.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fromItem, useNodeEnv, type NodeEnv } from './nodeEnv';

const env = useNodeEnv();

const invoicesFor = (ref: string) =>
	env.sandbox.xero
		.invoices(env.tenantId)
		.filter((i) => i.Type === 'ACCREC' && i.Reference === ref && i.Status !== 'DELETED');

function invoiceParams(overrides: INodeParameters = {}): INodeParameters {
	return {
		operation: 'createInvoice',
		amountUnit: 'minor',
		sourceId: fromItem('id'),
		contactBy: 'details',
		contactSourceId: 'cus_fix',
		contactName: 'Fix Ltd',
		issueDate: '2026-11-02',
		dueDate: '2026-11-16',
		currency: 'EUR',
		taxMode: 'exclusive',
		lineInputMode: 'json',
		linesJson: fromItem('lines'),
		status: 'final',
		...overrides,
	};
}

function item(id: string, secondUnitMinor = 2402): IDataObject {
	return {
		id,
		lines: [
			{ description: 'Pro plan', quantity: 1, unitPrice: 4900, taxType: 'OUTPUT2', accountCode: '200' },
			{ description: 'Seats', quantity: 2, unitPrice: secondUnitMinor, taxType: 'OUTPUT2', accountCode: '200' },
		],
	};
}

const hintsOf = (result: Awaited<ReturnType<NodeEnv['run']>>) =>
	(result.run.data.resultData.runData[result.nodeName][0].hints ?? []).map((h) => h.message);

describe('Create Invoice on Xero: corrections', () => {
	it('updates an approved invoice without payments in place when a line price changed', async () => {
		const first = await env.run('xero', [item('in_c1')], invoiceParams());
		expect(first.json[0].action).toBe('created');
		const again = await env.run('xero', [item('in_c1', 9999)], invoiceParams());
		expect(again.error).toBeUndefined();
		expect(again.json[0]).toMatchObject({ action: 'updated', ledgerId: first.json[0].ledgerId });
		const stored = invoicesFor('in_c1');
		expect(stored).toHaveLength(1);
		expect(stored[0].LineItems[1].UnitAmount).toBe(99.99);
		// 49.00 + 2 × 99.99 = 248.98 net, 20 % VAT.
		expect(again.json[0].record).toMatchObject({ totalMinor: 29878 });
		expect(hintsOf(again).join(' ')).not.toContain('nothing was duplicated');
	});

	it('updates a draft in place, and the same input again is unchanged', async () => {
		await env.run('xero', [item('in_c2')], invoiceParams({ status: 'draft' }));
		const changed = await env.run('xero', [item('in_c2', 3000)], invoiceParams({ status: 'draft' }));
		expect(changed.json[0].action).toBe('updated');
		expect(invoicesFor('in_c2')[0]).toMatchObject({ Status: 'DRAFT' });
		const same = await env.run('xero', [item('in_c2', 3000)], invoiceParams({ status: 'draft' }));
		expect(same.json[0].action).toBe('unchanged');
		expect(hintsOf(same).join(' ')).toContain('nothing was duplicated');
	});

	it('fails a paid invoice with other values as a conflict naming the field, writing nothing', async () => {
		const first = await env.run('xero', [item('in_c3')], invoiceParams());
		await env.run(
			'xero',
			[{}],
			{
				operation: 'recordPayment',
				amountUnit: 'major',
				invoice: { __rl: true, mode: 'sourceId', value: 'in_c3' },
				sourceId: 'ch_c3',
				amount: '10.00',
				currency: 'EUR',
				date: '2026-11-05',
				bankAccount: '090',
			},
		);
		const before = JSON.stringify(invoicesFor('in_c3'));
		const writesBefore = env.sandbox.log
			.entries({ service: 'xero', path: /\/Invoices$/ })
			.filter((e) => e.method !== 'GET').length;
		const again = await env.run('xero', [item('in_c3', 999999)], invoiceParams(), {
			continueOnFail: true,
		});
		expect(again.json[0]).toMatchObject({
			action: 'conflict',
			error: {
				kind: 'conflict',
				differences: [{ label: 'Line 2 → Unit Price', ledger: '24.02', input: '9999.99' }],
			},
		});
		expect(String((again.json[0].error as IDataObject).message)).toContain(
			'Line 2 → Unit Price: ledger 24.02, input 9999.99',
		);
		expect(JSON.stringify(invoicesFor('in_c3'))).toBe(before);
		expect(
			env.sandbox.log
				.entries({ service: 'xero', path: /\/Invoices$/ })
				.filter((e) => e.method !== 'GET').length,
		).toBe(writesBefore);
		expect(first.json[0].ledgerId).toBe(invoicesFor('in_c3')[0].InvoiceID);
		expect(hintsOf(again).join(' ')).not.toContain('nothing was duplicated');

		// Without Continue On Fail the node stops with the same conflict.
		const stopped = await env.run('xero', [item('in_c3', 999999)], invoiceParams());
		expect(stopped.error?.message).toContain('Line 2 → Unit Price: ledger 24.02, input 9999.99');
	});

	it('"Fail" refuses to edit an approved invoice; "Keep the Ledger\'s Version" reports the differences', async () => {
		await env.run('xero', [item('in_c4')], invoiceParams());
		const failed = await env.run('xero', [item('in_c4', 2500)], invoiceParams({ ifDifferent: 'fail' }), {
			continueOnFail: true,
		});
		expect(failed.json[0]).toMatchObject({ action: 'conflict', error: { kind: 'conflict' } });
		expect(invoicesFor('in_c4')[0].LineItems[1].UnitAmount).toBe(24.02);

		const kept = await env.run('xero', [item('in_c4', 2500)], invoiceParams({ ifDifferent: 'keep' }));
		expect(kept.error).toBeUndefined();
		expect(kept.json[0]).toMatchObject({
			action: 'unchanged',
			differences: [{ field: 'lines[1].unitPriceMinor', ledger: '24.02', input: '25.00' }],
		});
		expect(invoicesFor('in_c4')[0].LineItems[1].UnitAmount).toBe(24.02);
		expect(hintsOf(kept).join(' ')).not.toContain('nothing was duplicated');
	});

	it('names a changed due date as a difference', async () => {
		await env.run('xero', [item('in_c5')], invoiceParams());
		const moved = await env.run('xero', [item('in_c5')], invoiceParams({ dueDate: '2026-12-01', ifDifferent: 'keep' }));
		expect(moved.json[0].differences).toEqual([
			{ field: 'dueDate', label: 'Due Date', ledger: '2026-11-16', input: '2026-12-01' },
		]);
	});
});

describe('Create Invoice on Xero: Expected Total', () => {
	it('fails before writing when the total Xero would book differs by one cent', async () => {
		// 49.00 + 48.04 = 97.04 net + 19.41 VAT = 116.45 gross.
		const result = await env.run('xero', [item('in_t1')], invoiceParams({ expectedTotal: '11646' }), {
			continueOnFail: true,
		});
		expect(result.json[0]).toMatchObject({
			error: { kind: 'conflict', field: 'expectedTotalMinor' },
		});
		expect(String((result.json[0].error as IDataObject).message)).toMatch(/116\.45.*116\.46/);
		expect(invoicesFor('in_t1')).toHaveLength(0);
	});

	it('creates the invoice when the expected total matches', async () => {
		const result = await env.run('xero', [item('in_t2')], invoiceParams({ expectedTotal: '11645' }));
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({ action: 'created', record: { totalMinor: 11645 } });
	});
});

describe('Issue Credit Note on Xero: corrections', () => {
	const creditParams = (amount: string, overrides: INodeParameters = {}): INodeParameters => ({
		operation: 'issueCreditNote',
		amountUnit: 'major',
		invoice: { __rl: true, mode: 'sourceId', value: 'in_cn1' },
		sourceId: 're_c1',
		currency: 'EUR',
		date: '2026-11-06',
		creditType: 'amount',
		amount,
		allocate: true,
		refund: false,
		...overrides,
	});

	it('a credit note resent with another amount is a conflict, or unchanged with differences when kept', async () => {
		await env.run('xero', [item('in_cn1')], invoiceParams());
		const first = await env.run('xero', [{}], creditParams('20.00'));
		expect(first.json[0].action).toBe('created');
		const same = await env.run('xero', [{}], creditParams('20.00'));
		expect(same.json[0].action).toBe('unchanged');

		const changed = await env.run('xero', [{}], creditParams('25.00'), { continueOnFail: true });
		expect(changed.json[0]).toMatchObject({
			action: 'conflict',
			error: { kind: 'conflict', differences: [{ label: 'Total', ledger: '20.00', input: '25.00' }] },
		});
		const kept = await env.run('xero', [{}], creditParams('25.00', { ifDifferent: 'keep' }));
		expect(kept.json[0]).toMatchObject({
			action: 'unchanged',
			differences: [{ label: 'Total', ledger: '20.00', input: '25.00' }],
		});
		expect(env.sandbox.xero.creditNotes(env.tenantId)).toHaveLength(1);
	});

	it('a credit note resent against another invoice is a conflict naming the invoice, writing nothing', async () => {
		await env.run('xero', [item('in_cx1'), item('in_cx2')], invoiceParams());
		const first = await env.run('xero', [{}], creditParams('20.00', { invoice: { __rl: true, mode: 'sourceId', value: 'in_cx1' }, sourceId: 're_cx' }));
		expect(first.json[0].action).toBe('created');
		const before = JSON.stringify(env.sandbox.xero.creditNotes(env.tenantId));
		const moved = await env.run(
			'xero',
			[{}],
			creditParams('20.00', { invoice: { __rl: true, mode: 'sourceId', value: 'in_cx2' }, sourceId: 're_cx' }),
			{ continueOnFail: true },
		);
		expect(moved.json[0]).toMatchObject({ action: 'conflict', error: { kind: 'conflict' } });
		const differences = (moved.json[0].error as IDataObject).differences as IDataObject[];
		expect(differences.map((d) => d.label)).toContain('Invoice');
		expect(JSON.stringify(env.sandbox.xero.creditNotes(env.tenantId))).toBe(before);
	});
});

describe('Xero booked another total than the input', () => {
	const discounted = (id: string): IDataObject => {
		const base = item(id);
		const lines = base.lines as IDataObject[];
		return { ...base, lines: [lines[0], { ...lines[1], discountPercent: 10 }] };
	};

	it('an update Xero books at another total is reported as a mismatch naming both totals, not updated', async () => {
		const first = await env.run('xero', [item('in_m1')], invoiceParams());
		expect(first.json[0].action).toBe('created');
		// Xero drops the line discount: it computes the update without it.
		env.sandbox.xero.ignoreLineFields(env.tenantId, ['DiscountRate']);
		const again = await env.run('xero', [discounted('in_m1')], invoiceParams(), { continueOnFail: true });
		// 49.00 + 2 × 24.02 less 10 % = 92.24 net, 18.45 VAT: 110.69; Xero without the discount: 116.45.
		expect(again.json[0]).toMatchObject({
			action: 'failed',
			error: {
				kind: 'mismatch',
				ledgerId: first.json[0].ledgerId,
				differences: [{ label: 'Total', ledger: '116.45', input: '110.69' }],
			},
		});
		const message = String((again.json[0].error as IDataObject).message);
		expect(message).toMatch(/updated invoice INV-\d+ but booked a total of 116\.45 EUR where the input comes to 110\.69 EUR/);
		const hints = hintsOf(again).join(' ');
		expect(hints).toContain('were written, but the ledger booked another total');
		expect(hints).not.toContain('Nothing was written');

		const stopped = await env.run('xero', [discounted('in_m1')], invoiceParams());
		expect(stopped.error?.message).toContain('booked a total of 116.45 EUR where the input comes to 110.69 EUR');
	});

	it('a create Xero books at another total is reported as a mismatch, not created', async () => {
		env.sandbox.xero.ignoreLineFields(env.tenantId, ['DiscountRate']);
		const result = await env.run('xero', [discounted('in_m2')], invoiceParams(), { continueOnFail: true });
		expect(result.json[0]).toMatchObject({
			action: 'failed',
			error: { kind: 'mismatch', differences: [{ label: 'Total', ledger: '116.45', input: '110.69' }] },
		});
		expect((result.json[0].error as IDataObject).ledgerId).toBe(invoicesFor('in_m2')[0].InvoiceID);
	});
});

describe('Issue Credit Note on Xero: Expected Total', () => {
	const creditParams = (overrides: INodeParameters = {}): INodeParameters => ({
		operation: 'issueCreditNote',
		amountUnit: 'major',
		invoice: { __rl: true, mode: 'sourceId', value: 'in_ct1' },
		sourceId: 're_t1',
		currency: 'EUR',
		date: '2026-11-06',
		creditType: 'amount',
		amount: '20.00',
		allocate: true,
		refund: false,
		...overrides,
	});
	const byLines = (overrides: INodeParameters = {}) =>
		creditParams({
			sourceId: 're_t2',
			creditType: 'lines',
			lineInputMode: 'json',
			linesJson: JSON.stringify([
				{ description: 'Seats', quantity: 1, unitPrice: '24.02', taxType: 'OUTPUT2', accountCode: '200' },
			]),
			...overrides,
		});

	it('fails before writing when the credit would total one cent other than expected, by amount and by lines', async () => {
		await env.run('xero', [item('in_ct1')], invoiceParams());
		const byAmount = await env.run('xero', [{}], creditParams({ expectedTotal: '20.01' }), {
			continueOnFail: true,
		});
		expect(byAmount.json[0]).toMatchObject({
			action: 'conflict',
			error: { kind: 'conflict', field: 'expectedTotalMinor', fieldLabel: 'Expected Total' },
		});
		expect(String((byAmount.json[0].error as IDataObject).message)).toMatch(/20\.00 EUR.*20\.01 EUR/);
		// 24.02 + 20 % VAT (4.80) = 28.82.
		const lines = await env.run('xero', [{}], byLines({ expectedTotal: '28.83' }), { continueOnFail: true });
		expect(String((lines.json[0].error as IDataObject).message)).toMatch(/28\.82 EUR.*28\.83 EUR/);
		expect(env.sandbox.xero.creditNotes(env.tenantId)).toHaveLength(0);
		expect(
			env.sandbox.log.entries({ service: 'xero', path: /\/CreditNotes/ }).filter((e) => e.method !== 'GET'),
		).toEqual([]);

		const ok = await env.run('xero', [{}], byLines({ expectedTotal: '28.82' }));
		expect(ok.json[0]).toMatchObject({ action: 'created', record: { totalMinor: 2882, allocatedMinor: 2882 } });
		// The same credit note again with another Expected Total: its booked total is checked too.
		const again = await env.run('xero', [{}], byLines({ expectedTotal: '28.80' }), { continueOnFail: true });
		expect(again.json[0]).toMatchObject({ error: { kind: 'conflict', field: 'expectedTotalMinor' } });
	});

	it('a credit note Xero books at another total is a mismatch, and is not allocated', async () => {
		await env.run('xero', [item('in_ct1')], invoiceParams());
		env.sandbox.xero.ignoreLineFields(env.tenantId, ['UnitAmount']);
		const result = await env.run('xero', [{}], creditParams(), { continueOnFail: true });
		expect(result.json[0]).toMatchObject({
			action: 'failed',
			error: { kind: 'mismatch', differences: [{ label: 'Total', ledger: '0.00', input: '20.00' }] },
		});
		const [note] = env.sandbox.xero.creditNotes(env.tenantId);
		expect((result.json[0].error as IDataObject).ledgerId).toBe(note.CreditNoteID);
		expect(note.Allocations ?? []).toEqual([]);
	});
});
