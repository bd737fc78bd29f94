/**
 * Issue 15, tracking categories on invoice and credit-note lines, through n8n-core against the
 * sandbox (a UK org with the active categories Region and Department, an archived option West and
 * an archived category Campaign). Xero books each line's category and option; a wrong, archived or
 * third category is refused before anything is written; a changed option is a difference (updated,
 * or a conflict naming it). EasyBill has no tracking: a line that names some is refused, never
 * booked without it.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { callLoadOptions } from './harness';
import { fromItem, NODE_TYPE, useNodeEnv } from './nodeEnv';

const env = useNodeEnv();

function invoiceParams(overrides: INodeParameters = {}): INodeParameters {
	return {
		operation: 'createInvoice',
		amountUnit: 'minor',
		sourceId: fromItem('id'),
		contactBy: 'details',
		contactSourceId: 'cus_track',
		contactName: 'Tracked Ltd',
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

const xeroLine = (tracking: IDataObject[] | string[]): IDataObject => ({
	description: 'Pro plan',
	quantity: 1,
	unitPrice: 4900,
	taxType: 'OUTPUT2',
	accountCode: '200',
	tracking,
});

const invoicesFor = (ref: string) =>
	env.sandbox.xero.invoices(env.tenantId).filter((i) => i.Reference === ref && i.Status !== 'DELETED');

const trackingOf = (line: IDataObject) =>
	((line.Tracking as IDataObject[]) ?? []).map((t) => `${String(t.Name)}: ${String(t.Option)}`);

describe('tracking categories on Xero lines', () => {
	it('books the category options of each line, by picker text or object, and a re-run is unchanged', async () => {
		const lines = [
			xeroLine(['Region: North', 'Department: Sales']),
			{ ...xeroLine([{ category: 'region', option: 'south' }]), description: 'Seats' },
		];
		const created = await env.run('xero', [{ id: 'in_tr1', lines }], invoiceParams());
		expect(created.error).toBeUndefined();
		expect(created.json[0].action).toBe('created');
		const [stored] = invoicesFor('in_tr1');
		expect(stored.LineItems.map(trackingOf)).toEqual([['Region: North', 'Department: Sales'], ['Region: South']]);
		expect(stored.LineItems[0].Tracking[0].TrackingOptionID).toEqual(expect.any(String));

		const again = await env.run('xero', [{ id: 'in_tr1', lines }], invoiceParams());
		expect(again.json[0].action).toBe('unchanged');
	});

	it('takes tracking from the line fields (the picker) too', async () => {
		const result = await env.run('xero', [{ id: 'in_tr_fields' }], invoiceParams({
			lineInputMode: 'fields',
			lines: { line: [{ description: 'Plan', quantity: 1, unitPrice: '4900', taxType: 'OUTPUT2', accountCode: '200', tracking: ['Department: Support'] }] },
		}));
		expect(result.error).toBeUndefined();
		expect(invoicesFor('in_tr_fields')[0].LineItems.map(trackingOf)).toEqual([['Department: Support']]);
	});

	it('treats a changed option as a difference: updated in place, or a conflict naming it', async () => {
		await env.run('xero', [{ id: 'in_tr2', lines: [xeroLine(['Region: North'])] }], invoiceParams());
		const refused = await env.run('xero', [{ id: 'in_tr2', lines: [xeroLine(['Region: South'])] }], invoiceParams({ ifDifferent: 'fail' }), { continueOnFail: true });
		expect(refused.json[0].error).toMatchObject({
			kind: 'conflict',
			differences: [expect.objectContaining({ field: 'lines[0].tracking', ledger: 'Region: North', input: 'Region: South' })],
		});
		expect(invoicesFor('in_tr2')[0].LineItems.map(trackingOf)).toEqual([['Region: North']]);

		const updated = await env.run('xero', [{ id: 'in_tr2', lines: [xeroLine(['Region: South'])] }], invoiceParams());
		expect(updated.json[0].action).toBe('updated');
		expect(invoicesFor('in_tr2')[0].LineItems.map(trackingOf)).toEqual([['Region: South']]);
	});

	it('refuses an unknown or archived option, an archived category and a third category before writing', async () => {
		const bad = [
			{ id: 'in_bad1', lines: [xeroLine(['Region: East'])] },
			{ id: 'in_bad2', lines: [xeroLine(['Region: West'])] },
			{ id: 'in_bad3', lines: [xeroLine(['Campaign: Spring'])] },
			{ id: 'in_bad4', lines: [xeroLine(['Region: North', 'Department: Sales', 'Region: South'])] },
			{ id: 'in_bad5', lines: [xeroLine(['Region: North', 'region: South'])] },
			{ id: 'in_bad6', lines: [xeroLine(['North'])] },
		];
		const result = await env.run('xero', bad, invoiceParams(), { continueOnFail: true });
		const errors = result.json.map((j) => j.error as IDataObject);
		expect(errors.map((e) => e.field)).toEqual(Array(6).fill('lines[0].tracking'));
		expect(errors[0].message).toMatch(/"East" is not an active option of the tracking category "Region" \(its options: North, South\)/);
		expect(errors[1].message).toMatch(/"West" is not an active option/);
		expect(errors[2].message).toMatch(/no active tracking category "Campaign" \(it has: Region, Department\)/);
		expect(errors[3].message).toMatch(/at most 2 tracking categories per line/);
		expect(errors[4].message).toMatch(/twice/);
		expect(errors[5].message).toMatch(/is not "Category: Option"/);
		expect(String(errors[0].message)).toMatch(/^Line 1 → Tracking/);
		expect(env.sandbox.xero.invoices(env.tenantId).filter((i) => String(i.Reference).startsWith('in_bad'))).toEqual([]);
	});

	it('books tracking on credit-note lines', async () => {
		await env.run('xero', [{ id: 'in_tr_cn', lines: [xeroLine(['Region: North'])] }], invoiceParams());
		const credit = await env.run('xero', [{}], {
			operation: 'issueCreditNote',
			amountUnit: 'minor',
			invoice: { __rl: true, mode: 'sourceId', value: 'in_tr_cn' },
			sourceId: 're_tr',
			currency: 'EUR',
			date: '2026-11-06',
			creditType: 'lines',
			lineInputMode: 'json',
			linesJson: JSON.stringify([{ ...xeroLine(['Department: Support']), unitPrice: 1000 }]),
			allocate: false,
			refund: false,
		});
		expect(credit.error).toBeUndefined();
		const [note] = env.sandbox.xero.creditNotes(env.tenantId);
		expect(note.LineItems.map(trackingOf)).toEqual([['Department: Support']]);
	});

	it('lists the active options of the active categories in the picker', async () => {
		const options = await callLoadOptions(
			{
				nodeTypes: env.nodeTypes,
				credentialsHelper: env.credentialsHelper,
				node: {
					type: NODE_TYPE,
					parameters: { ledger: 'xero', tenantId: { __rl: true, mode: 'id', value: env.tenantId }, operation: 'createInvoice' },
					credentials: { xeroAccountingSyncOAuth2Api: { id: 'xero-1', name: 'Xero sandbox' } },
				},
			},
			'getTrackingOptions',
		);
		expect(options.map((o) => o.value)).toEqual(['Region: North', 'Region: South', 'Department: Sales', 'Department: Support']);
	});
});

describe('tracking categories on EasyBill', () => {
	it('refuses a line that names tracking (EasyBill has none) and writes nothing', async () => {
		const lines = [{ description: 'Pro plan', quantity: 1, unitPrice: 4900, taxPercent: 19, tracking: ['Region: North'] }];
		const result = await env.run('easybill', [{ id: 'in_eb_tr', lines }], invoiceParams(), { continueOnFail: true });
		expect(result.json[0].error).toMatchObject({ field: 'lines[0].tracking', message: expect.stringContaining('EasyBill has no tracking categories') });
		expect(env.sandbox.easybill.documents()).toEqual([]);
	});

	it('offers no tracking picker for EasyBill', async () => {
		const options = await callLoadOptions(
			{
				nodeTypes: env.nodeTypes,
				credentialsHelper: env.credentialsHelper,
				node: { type: NODE_TYPE, parameters: { ledger: 'easybill', operation: 'createInvoice' } },
			},
			'getTrackingOptions',
		);
		expect(options).toEqual([]);
	});
});
