/**
 * Issue 10, corrections and totals on EasyBill, through n8n-core against the sandbox: drafts are
 * updated in place, a finalised (locked) invoice with other values is a `conflict` naming each
 * field, and nothing is finalised unless the draft's amounts are what the input gives.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fromItem, useNodeEnv, type NodeEnv } from './nodeEnv';

const env = useNodeEnv({ easybillPerMinute: 60 });

const documentsFor = (sourceId: string) =>
	env.sandbox.easybill.documents().filter((d) => d.external_id === sourceId);

function invoiceParams(overrides: INodeParameters = {}): INodeParameters {
	return {
		operation: 'createInvoice',
		amountUnit: 'minor',
		sourceId: fromItem('id'),
		contactBy: 'details',
		contactSourceId: 'cus_fix',
		contactName: 'Fix GmbH',
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
			{ description: 'Pro plan', quantity: 1, unitPrice: 4900, taxPercent: 19 },
			{ description: 'Seats', quantity: 2, unitPrice: secondUnitMinor, taxPercent: 19 },
		],
	};
}

const hintsOf = (result: Awaited<ReturnType<NodeEnv['run']>>) =>
	(result.run.data.resultData.runData[result.nodeName][0].hints ?? []).map((h) => h.message);

describe('Create Invoice on EasyBill: corrections', () => {
	it('updates a draft in place (PUT) and finalises it when asked', async () => {
		const first = await env.run('easybill', [item('in_e1')], invoiceParams({ status: 'draft' }));
		expect(first.json[0].action).toBe('created');
		const changed = await env.run('easybill', [item('in_e1', 3000)], invoiceParams({ status: 'draft' }));
		expect(changed.json[0]).toMatchObject({ action: 'updated', ledgerId: first.json[0].ledgerId });
		expect(documentsFor('in_e1')).toHaveLength(1);
		expect(documentsFor('in_e1')[0]).toMatchObject({ is_draft: true, amount_net: 10900 });
		const same = await env.run('easybill', [item('in_e1', 3000)], invoiceParams({ status: 'draft' }));
		expect(same.json[0].action).toBe('unchanged');
		const final = await env.run('easybill', [item('in_e1', 3000)], invoiceParams());
		expect(final.json[0].action).toBe('updated');
		expect(documentsFor('in_e1')[0].is_draft).toBe(false);
	});

	it('fails a finalised invoice with other values as a conflict naming the field, writing nothing', async () => {
		await env.run('easybill', [item('in_e2')], invoiceParams());
		const before = JSON.stringify(documentsFor('in_e2'));
		const again = await env.run('easybill', [item('in_e2', 999999)], invoiceParams(), {
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
		expect(JSON.stringify(documentsFor('in_e2'))).toBe(before);
		expect(
			env.sandbox.log
				.entries({ service: 'easybill', path: /\/documents\/\d+$/ })
				.filter((e) => e.method === 'PUT' || e.method === 'DELETE'),
		).toEqual([]);
		expect(hintsOf(again).join(' ')).not.toContain('nothing was duplicated');
	});

	it("keeps the ledger's version when asked, listing the differences", async () => {
		await env.run('easybill', [item('in_e3')], invoiceParams());
		const kept = await env.run('easybill', [item('in_e3', 2500)], invoiceParams({ ifDifferent: 'keep' }));
		expect(kept.error).toBeUndefined();
		expect(kept.json[0]).toMatchObject({
			action: 'unchanged',
			differences: [{ field: 'lines[1].unitPriceMinor', ledger: '24.02', input: '25.00' }],
		});
	});

	it('the same input again is unchanged', async () => {
		await env.run('easybill', [item('in_e4')], invoiceParams());
		const same = await env.run('easybill', [item('in_e4')], invoiceParams());
		expect(same.json[0].action).toBe('unchanged');
		expect(hintsOf(same).join(' ')).toContain('nothing was duplicated');
	});
});

describe('Create Invoice on EasyBill: totals before done', () => {
	it('removes a gross-priced draft that came back at 0.00 and finalises nothing', async () => {
		// The account drops the gross price field: the draft is priced at 0.00.
		env.sandbox.easybill.ignorePositionFields(['single_price_gross']);
		const result = await env.run('easybill', [item('in_e5')], invoiceParams({ taxMode: 'inclusive' }), {
			continueOnFail: true,
		});
		expect(result.json[0]).toMatchObject({
			action: 'conflict',
			error: { kind: 'conflict', differences: expect.arrayContaining([
				expect.objectContaining({ label: 'Total', ledger: '0.00', input: '97.04' }),
			]) },
		});
		expect(documentsFor('in_e5')).toHaveLength(0);
		expect(
			env.sandbox.log
				.entries({ service: 'easybill', path: /\/done$/ }),
		).toEqual([]);
	});

	it('books a gross-priced invoice whose draft matches', async () => {
		const result = await env.run('easybill', [item('in_e6')], invoiceParams({ taxMode: 'inclusive' }));
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({ action: 'created', record: { totalMinor: 9704 } });
	});

	it('fails before writing when Expected Total differs by one cent', async () => {
		// 49.00 + 48.04 = 97.04 net, 19 % VAT per line: 9.31 + 9.13 = 18.44, gross 115.48.
		const result = await env.run('easybill', [item('in_e7')], invoiceParams({ expectedTotal: '11549' }), {
			continueOnFail: true,
		});
		expect(result.json[0]).toMatchObject({ error: { kind: 'conflict', field: 'expectedTotalMinor' } });
		expect(String((result.json[0].error as IDataObject).message)).toMatch(/115\.48.*115\.49/);
		expect(documentsFor('in_e7')).toHaveLength(0);
		const ok = await env.run('easybill', [item('in_e7')], invoiceParams({ expectedTotal: '11548' }));
		expect(ok.json[0]).toMatchObject({ action: 'created', record: { totalMinor: 11548 } });
	});
});

describe('Issue Credit Note on EasyBill: corrections', () => {
	const credits = () => env.sandbox.easybill.documents().filter((d) => d.type === 'CREDIT');
	const creditParams = (invoice: string, overrides: INodeParameters = {}): INodeParameters => ({
		operation: 'issueCreditNote',
		amountUnit: 'major',
		invoice: { __rl: true, mode: 'sourceId', value: invoice },
		sourceId: 're_e1',
		currency: 'EUR',
		date: '2026-11-06',
		creditType: 'amount',
		amount: '20.00',
		allocate: true,
		refund: false,
		...overrides,
	});
	const documentWrites = () =>
		env.sandbox.log
			.entries({ service: 'easybill', path: /\/(documents|document-payments)(\/|$)/ })
			.filter((e) => e.method !== 'GET').length;

	it('the same credit again is unchanged; another amount on a finalised credit is a conflict, writing nothing', async () => {
		await env.run('easybill', [item('in_ecn1')], invoiceParams());
		const first = await env.run('easybill', [{}], creditParams('in_ecn1'));
		expect(first.json[0].action).toBe('created');
		const same = await env.run('easybill', [{}], creditParams('in_ecn1'));
		expect(same.json[0]).toMatchObject({ action: 'unchanged', ledgerId: first.json[0].ledgerId });
		expect(hintsOf(same).join(' ')).toContain('nothing was duplicated');

		const before = JSON.stringify(env.sandbox.easybill.documents());
		const writes = documentWrites();
		const changed = await env.run('easybill', [{}], creditParams('in_ecn1', { amount: '25.00' }), {
			continueOnFail: true,
		});
		expect(changed.json[0]).toMatchObject({
			action: 'conflict',
			error: { kind: 'conflict', differences: [{ label: 'Total', ledger: '20.00', input: '25.00' }] },
		});
		expect(String((changed.json[0].error as IDataObject).message)).toContain(
			'Total: ledger 20.00, input 25.00',
		);
		expect(JSON.stringify(env.sandbox.easybill.documents())).toBe(before);
		expect(documentWrites()).toBe(writes);
		expect(hintsOf(changed).join(' ')).not.toContain('nothing was duplicated');

		const stopped = await env.run('easybill', [{}], creditParams('in_ecn1', { amount: '25.00' }));
		expect(stopped.error?.message).toContain('Total: ledger 20.00, input 25.00');
		expect(credits()).toHaveLength(1);
	});

	it('a credit resent against another invoice is a conflict naming the invoice, writing nothing', async () => {
		await env.run('easybill', [item('in_ecx1'), item('in_ecx2')], invoiceParams());
		const first = await env.run('easybill', [{}], creditParams('in_ecx1'));
		expect(first.json[0].action).toBe('created');
		const before = JSON.stringify(env.sandbox.easybill.documents());
		const writes = documentWrites();
		const moved = await env.run('easybill', [{}], creditParams('in_ecx2'), { continueOnFail: true });
		expect(moved.json[0]).toMatchObject({ action: 'conflict', error: { kind: 'conflict' } });
		const differences = (moved.json[0].error as IDataObject).differences as IDataObject[];
		expect(differences.map((d) => d.label)).toContain('Invoice');
		expect(JSON.stringify(env.sandbox.easybill.documents())).toBe(before);
		expect(documentWrites()).toBe(writes);
		expect(credits()).toHaveLength(1);
	});

	it('"Fail" and "Keep the Ledger\'s Version" on a finalised credit resent with other lines', async () => {
		await env.run('easybill', [item('in_ecn2')], invoiceParams());
		const byLines = (unitPrice: string, overrides: INodeParameters = {}) =>
			creditParams('in_ecn2', {
				sourceId: 're_e2',
				creditType: 'lines',
				lineInputMode: 'json',
				linesJson: JSON.stringify([{ description: 'Seats', quantity: 1, unitPrice, taxPercent: 19 }]),
				...overrides,
			});
		expect((await env.run('easybill', [{}], byLines('24.02'))).json[0].action).toBe('created');
		const failed = await env.run('easybill', [{}], byLines('20.00', { ifDifferent: 'fail' }), {
			continueOnFail: true,
		});
		expect(failed.json[0]).toMatchObject({
			action: 'conflict',
			error: {
				kind: 'conflict',
				differences: [{ label: 'Line 1 → Unit Price', ledger: '24.02', input: '20.00' }],
			},
		});
		const kept = await env.run('easybill', [{}], byLines('20.00', { ifDifferent: 'keep' }));
		expect(kept.error).toBeUndefined();
		expect(kept.json[0]).toMatchObject({
			action: 'unchanged',
			differences: [{ field: 'lines[0].unitPriceMinor', ledger: '24.02', input: '20.00' }],
			record: { totalMinor: 2858, allocatedMinor: 2858 },
		});
		expect(credits()).toHaveLength(1);
		expect(credits()[0]).toMatchObject({ amount: 2858, is_draft: false });
	});

	it('a credit left a draft by a stopped run is updated in place with the new amount, then finalised', async () => {
		await env.run('easybill', [item('in_ecn3')], invoiceParams());
		// The run stops after the draft is created: finalising it fails every time.
		env.sandbox.faults.add({ service: 'easybill', method: 'PUT', path: /\/done$/, kind: '503', times: 10 });
		const stopped = await env.run('easybill', [{}], creditParams('in_ecn3', { sourceId: 're_e3' }), {
			continueOnFail: true,
		});
		expect(stopped.json[0].error).toBeDefined();
		expect(credits()).toMatchObject([{ is_draft: true, amount: 2000 }]);
		env.sandbox.faults.clear();

		const corrected = await env.run('easybill', [{}], creditParams('in_ecn3', { sourceId: 're_e3', amount: '30.00' }));
		expect(corrected.error).toBeUndefined();
		expect(corrected.json[0]).toMatchObject({
			action: 'updated',
			record: { totalMinor: 3000, allocatedMinor: 3000 },
		});
		expect(credits()).toHaveLength(1);
		expect(credits()[0]).toMatchObject({ is_draft: false, amount: 3000 });
		const again = await env.run('easybill', [{}], creditParams('in_ecn3', { sourceId: 're_e3', amount: '30.00' }));
		expect(again.json[0].action).toBe('unchanged');
	});
});

describe('Issue Credit Note on EasyBill: Expected Total', () => {
	const credits = () => env.sandbox.easybill.documents().filter((d) => d.type === 'CREDIT');
	const creditParams = (overrides: INodeParameters = {}): INodeParameters => ({
		operation: 'issueCreditNote',
		amountUnit: 'major',
		invoice: { __rl: true, mode: 'sourceId', value: 'in_ect1' },
		sourceId: 're_et1',
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
			sourceId: 're_et2',
			creditType: 'lines',
			lineInputMode: 'json',
			linesJson: JSON.stringify([{ description: 'Seats', quantity: 1, unitPrice: '24.02', taxPercent: 19 }]),
			...overrides,
		});

	it('fails before anything is written or done when the credit would total one cent other than expected', async () => {
		await env.run('easybill', [item('in_ect1')], invoiceParams());
		const doneBefore = env.sandbox.log.entries({ service: 'easybill', path: /\/done$/ }).length;
		const byAmount = await env.run('easybill', [{}], creditParams({ expectedTotal: '20.01' }), {
			continueOnFail: true,
		});
		expect(byAmount.json[0]).toMatchObject({
			action: 'conflict',
			error: { kind: 'conflict', field: 'expectedTotalMinor', fieldLabel: 'Expected Total' },
		});
		expect(String((byAmount.json[0].error as IDataObject).message)).toMatch(/20\.00 EUR.*20\.01 EUR/);
		// 24.02 + 19 % VAT (4.56) = 28.58.
		const lines = await env.run('easybill', [{}], byLines({ expectedTotal: '28.59' }), { continueOnFail: true });
		expect(String((lines.json[0].error as IDataObject).message)).toMatch(/28\.58 EUR.*28\.59 EUR/);
		expect(credits()).toHaveLength(0);
		expect(env.sandbox.log.entries({ service: 'easybill', path: /\/done$/ })).toHaveLength(doneBefore);

		const ok = await env.run('easybill', [{}], byLines({ expectedTotal: '28.58' }));
		expect(ok.json[0]).toMatchObject({ action: 'created', record: { totalMinor: 2858, allocatedMinor: 2858 } });
		// The same credit again with another Expected Total: its booked total is checked too.
		const again = await env.run('easybill', [{}], byLines({ expectedTotal: '28.50' }), { continueOnFail: true });
		expect(again.json[0]).toMatchObject({ error: { kind: 'conflict', field: 'expectedTotalMinor' } });
	});

	it('removes a credit draft that came back at other amounts, and finalises nothing', async () => {
		await env.run('easybill', [item('in_ect1')], invoiceParams());
		const doneBefore = env.sandbox.log.entries({ service: 'easybill', path: /\/done$/ }).length;
		// The account drops the gross price field: the credit's draft is priced at 0.00.
		env.sandbox.easybill.ignorePositionFields(['single_price_gross']);
		const result = await env.run('easybill', [{}], creditParams(), { continueOnFail: true });
		expect(result.json[0]).toMatchObject({
			action: 'conflict',
			error: {
				kind: 'conflict',
				differences: expect.arrayContaining([
					expect.objectContaining({ label: 'Total', ledger: '0.00', input: '20.00' }),
				]),
			},
		});
		expect(credits()).toHaveLength(0);
		expect(env.sandbox.log.entries({ service: 'easybill', path: /\/done$/ })).toHaveLength(doneBefore);
	});
});
