/**
 * Issue 10, corrections and totals on EasyBill, through n8n-core against the sandbox: drafts are
 * updated in place, a finalised (locked) invoice with other values is a `conflict` naming each
 * field, and nothing is finalised unless the draft's amounts are what the input gives.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fromItem, startNodeEnv, type NodeEnv } from './nodeEnv';

let env: NodeEnv;

beforeEach(async () => {
	env = await startNodeEnv({ easybillPerMinute: 60 });
});

afterEach(async () => {
	const specErrors = env.specErrors();
	await env.stop();
	expect(specErrors).toEqual([]);
});

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
