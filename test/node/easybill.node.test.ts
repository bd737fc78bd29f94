/**
 * The Accounting Sync node on EasyBill, run as real workflows through n8n-core against the sandbox.
 * EasyBill has no batch API, so the node's one batch call becomes paced single calls; emulated time
 * runs 60× faster so a minute of pacing (or a 429 without Retry-After) costs about a real second.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fromItem, useNodeEnv } from './nodeEnv';
import { invoiceParams } from './invoiceFixtures';

const env = useNodeEnv({ easybillPerMinute: 60 });

const invoices = () => env.sandbox.easybill.documents().filter((d) => d.type === 'INVOICE');

const contactParams: INodeParameters = {
	operation: 'upsertContact',
	sourceId: fromItem('id'),
	name: fromItem('name'),
	contactFields: { emails: fromItem('email'), companyName: fromItem('name') },
	contactAddress: { city: 'Berlin', country: 'DE' },
};

function invoiceItem(id: string, customer = 'cus_1'): IDataObject {
	return {
		id,
		customer,
		customerName: `Kunde ${customer} GmbH`,
		lines: [
			{ description: 'Pro plan', quantity: 1, unitPrice: 4900, taxPercent: 19 },
			{ description: 'Extra seat', quantity: 2, unitPrice: 1000, taxPercent: 19 },
		],
	};
}

describe('Accounting Sync on EasyBill (node through n8n-core)', () => {
	it('upserts a customer: created, then unchanged, then updated in place', async () => {
		const item = { id: 'cus_42', name: 'Acme GmbH', email: 'rechnung@acme.example' };
		const first = await env.run('easybill', [item], contactParams);
		expect(first.error).toBeUndefined();
		expect(first.json[0]).toMatchObject({
			action: 'created',
			ledger: 'easybill',
			ledgerId: expect.any(String),
		});
		expect(first.output[0].pairedItem).toEqual({ item: 0 });

		const again = await env.run('easybill', [item], contactParams);
		expect(again.json[0]).toMatchObject({ action: 'unchanged', ledgerId: first.json[0].ledgerId });

		const changed = await env.run(
			'easybill',
			[{ ...item, email: 'buchhaltung@acme.example' }],
			contactParams,
		);
		expect(changed.json[0]).toMatchObject({ action: 'updated', ledgerId: first.json[0].ledgerId });
		const customers = env.sandbox.easybill.customers();
		expect(customers).toHaveLength(1);
		expect(customers[0].emails).toEqual(['buchhaltung@acme.example']);
	});

	it('creates a finalised multi-line invoice with an inline customer, and re-running creates nothing new', async () => {
		const items = [invoiceItem('in_1'), invoiceItem('in_2', 'cus_2')];
		const first = await env.run('easybill', items, invoiceParams());
		expect(first.error).toBeUndefined();
		expect(first.json.map((j) => j.action)).toEqual(['created', 'created']);
		expect(first.output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		// 49.00 + 2 × 10.00 net, 19 % VAT: 82.11 gross.
		expect(first.json[0].record).toMatchObject({
			totalMinor: 8211,
			taxMinor: 1311,
			currency: 'EUR',
			state: 'open',
		});

		const rerun = await env.run('easybill', items, invoiceParams());
		expect(rerun.json.map((j) => j.action)).toEqual(['unchanged', 'unchanged']);
		expect(rerun.json.map((j) => j.ledgerId)).toEqual(first.json.map((j) => j.ledgerId));
		expect(invoices()).toHaveLength(2);
		expect(env.sandbox.easybill.customers()).toHaveLength(2);
	});

	it('records a payment by invoice source ID, once', async () => {
		await env.run('easybill', [invoiceItem('in_pay')], invoiceParams());
		const params: INodeParameters = {
			operation: 'recordPayment',
			amountUnit: 'minor',
			invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') },
			sourceId: fromItem('charge'),
			amount: fromItem('amount'),
			currency: 'EUR',
			date: '2026-11-05',
		};
		const item = { invoice: 'in_pay', charge: 'ch_1', amount: 8211 };
		const paid = await env.run('easybill', [item], params);
		expect(paid.error).toBeUndefined();
		expect(paid.json[0]).toMatchObject({ action: 'created', record: { amountMinor: 8211 } });
		const again = await env.run('easybill', [item], params);
		expect(again.json[0]).toMatchObject({ action: 'unchanged' });
		expect(env.sandbox.easybill.payments()).toHaveLength(1);
		expect(invoices()[0].paid_at).toBeTruthy();
	});

	it('issues a full credit note linked to its invoice, once', async () => {
		await env.run('easybill', [invoiceItem('in_cn')], invoiceParams());
		const params: INodeParameters = {
			operation: 'issueCreditNote',
			invoice: { __rl: true, mode: 'sourceId', value: 'in_cn' },
			sourceId: 're_1',
			currency: 'EUR',
			date: '2026-11-06',
			creditType: 'full',
			reason: 'Cancelled',
			allocate: true,
			refund: false,
		};
		const result = await env.run('easybill', [{}], params);
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({ action: 'created', record: { totalMinor: 8211 } });
		const credits = env.sandbox.easybill.documents().filter((d) => d.type === 'CREDIT');
		expect(credits).toHaveLength(1);
		expect(String(credits[0].ref_id)).toBe(String(invoices()[0].id));
		const again = await env.run('easybill', [{}], params);
		expect(again.json[0].action).toBe('unchanged');
		expect(env.sandbox.easybill.documents().filter((d) => d.type === 'CREDIT')).toHaveLength(1);
	});

	it('waits out a 429 (EasyBill sends no Retry-After) and creates every invoice once', async () => {
		env.sandbox.faults.add({
			service: 'easybill',
			method: 'POST',
			path: /\/documents$/,
			nth: 2,
			kind: '429',
		});
		const items = [invoiceItem('in_r1'), invoiceItem('in_r2'), invoiceItem('in_r3')];
		const result = await env.run('easybill', items, invoiceParams());
		expect(result.error).toBeUndefined();
		expect(result.json.map((j) => j.action)).toEqual(['created', 'created', 'created']);
		expect(env.sandbox.log.entries({ service: 'easybill' }).some((e) => e.status === 429)).toBe(
			true,
		);
		expect(invoices()).toHaveLength(3);
	});

	it('does not duplicate an invoice whose create answer was lost after the commit', async () => {
		env.sandbox.faults.add({
			service: 'easybill',
			method: 'POST',
			path: /\/documents$/,
			nth: 1,
			kind: 'drop-after-commit',
		});
		const result = await env.run('easybill', [invoiceItem('in_drop')], invoiceParams());
		expect(result.error).toBeUndefined();
		expect(result.json[0].action).toMatch(/created|unchanged/);
		expect(
			env.sandbox.log.entries({ service: 'easybill' }).some((e) => e.fault === 'drop-after-commit'),
		).toBe(true);
		expect(invoices().filter((d) => d.external_id === 'in_drop')).toHaveLength(1);
	});

	it('reports a refused API key as an auth error after one request, without echoing the key', async () => {
		const wrongKey = 'wrong-api-key-1234567890';
		env.credentialsHelper.set('easyBillAccountingSyncApi', {
			...env.credentialsHelper.get('easyBillAccountingSyncApi'),
			apiKey: wrongKey,
		});
		const result = await env.run(
			'easybill',
			[{ id: 'cus_k', name: 'Key GmbH', email: 'k@k.example' }],
			contactParams,
			{
				continueOnFail: true,
			},
		);
		expect(result.json[0].error).toMatchObject({ kind: 'auth', httpStatus: 401 });
		expect(JSON.stringify(result.json)).not.toContain(wrongKey);
		expect(
			env.sandbox.log.entries({ service: 'easybill' }).filter((e) => e.status === 401),
		).toHaveLength(1);
	});
});
