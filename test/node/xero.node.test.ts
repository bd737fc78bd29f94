/**
 * The Accounting Sync node on Xero, run as real workflows through n8n-core against the sandbox.
 * Emulated time runs 60× faster, so a Retry-After of a minute costs a real second.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fromItem, useNodeEnv } from './nodeEnv';
import { invoiceParams } from './invoiceFixtures';

const env = useNodeEnv();

const invoices = () => env.sandbox.xero.invoices(env.tenantId).filter((i) => i.Type === 'ACCREC');
const creates = (path: RegExp) =>
	env.sandbox.log
		.entries({ service: 'xero', path })
		.filter((e) => e.method === 'PUT' || e.method === 'POST');

const contactParams: INodeParameters = {
	operation: 'upsertContact',
	sourceId: fromItem('id'),
	name: fromItem('name'),
	contactFields: { emails: fromItem('email'), phone: fromItem('phone') },
};

function invoiceItem(
	id: string,
	customer = 'cus_1',
	unitMinor: number | string = 4900,
): IDataObject {
	return {
		id,
		customer,
		customerName: `Customer ${customer}`,
		lines: [
			{
				description: 'Pro plan',
				quantity: 1,
				unitPrice: unitMinor,
				taxType: 'OUTPUT2',
				accountCode: '200',
			},
			{
				description: 'Extra seat',
				quantity: 2,
				unitPrice: 1000,
				taxType: 'OUTPUT2',
				accountCode: '200',
			},
		],
	};
}

describe('Accounting Sync on Xero (node through n8n-core)', () => {
	it('upserts a contact: created, then unchanged, then updated in place', async () => {
		const item = {
			id: 'cus_42',
			name: 'Acme Ltd',
			email: 'billing@acme.example',
			phone: '+44 20 1234',
		};
		const first = await env.run('xero', [item], contactParams);
		expect(first.error).toBeUndefined();
		expect(first.json).toEqual([
			expect.objectContaining({ action: 'created', ledger: 'xero', ledgerId: expect.any(String) }),
		]);
		expect(first.output[0].pairedItem).toEqual({ item: 0 });

		const again = await env.run('xero', [item], contactParams);
		expect(again.json[0]).toMatchObject({ action: 'unchanged', ledgerId: first.json[0].ledgerId });

		const changed = await env.run('xero', [{ ...item, phone: '+44 20 9999' }], contactParams);
		expect(changed.json[0]).toMatchObject({ action: 'updated', ledgerId: first.json[0].ledgerId });
		const stored = env.sandbox.xero
			.contacts(env.tenantId)
			.filter((c) => c.ContactNumber === 'cus_42');
		expect(stored).toHaveLength(1);
		expect(stored[0].Name).toBe('Acme Ltd');
	});

	it('creates a multi-line invoice with an inline contact, and re-running creates nothing new', async () => {
		const items = [invoiceItem('in_1'), invoiceItem('in_2', 'cus_2')];
		const first = await env.run('xero', items, invoiceParams());
		expect(first.error).toBeUndefined();
		expect(first.json.map((j) => j.action)).toEqual(['created', 'created']);
		expect(first.output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		// 49.00 + 2 × 10.00 net, 20 % VAT: 82.80 gross.
		expect(first.json[0].record).toMatchObject({
			totalMinor: 8280,
			taxMinor: 1380,
			currency: 'EUR',
			state: 'open',
		});
		const createdCount = invoices().length;
		const contactCount = env.sandbox.xero.contacts(env.tenantId).length;

		const rerun = await env.run('xero', items, invoiceParams());
		expect(rerun.json.map((j) => j.action)).toEqual(['unchanged', 'unchanged']);
		const hints = rerun.run.data.resultData.runData[rerun.nodeName][0].hints ?? [];
		expect(hints.map((h) => h.message)).toEqual([
			expect.stringContaining('2 of 2 items were already'),
		]);
		expect(rerun.json.map((j) => j.ledgerId)).toEqual(first.json.map((j) => j.ledgerId));
		expect(invoices()).toHaveLength(createdCount);
		expect(env.sandbox.xero.contacts(env.tenantId)).toHaveLength(contactCount);
	});

	it('records a payment by invoice source ID, once', async () => {
		await env.run('xero', [invoiceItem('in_pay')], invoiceParams());
		const params: INodeParameters = {
			operation: 'recordPayment',
			amountUnit: 'major',
			invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') },
			sourceId: fromItem('charge'),
			amount: fromItem('amount'),
			currency: 'EUR',
			date: '2026-11-05',
			bankAccount: '090',
		};
		const item = { invoice: 'in_pay', charge: 'ch_1', amount: '82.80' };
		const paid = await env.run('xero', [item], params);
		expect(paid.error).toBeUndefined();
		expect(paid.json[0]).toMatchObject({
			action: 'created',
			record: { amountMinor: 8280, currency: 'EUR' },
		});
		const again = await env.run('xero', [item], params);
		expect(again.json[0]).toMatchObject({ action: 'unchanged', ledgerId: paid.json[0].ledgerId });
		const invoice = invoices().find(
			(i) => i.Reference === 'in_pay' || i.InvoiceNumber === 'in_pay',
		);
		expect(invoice?.Status).toBe('PAID');
		expect(
			env.sandbox.xero.payments(env.tenantId).filter((p) => p.Status !== 'DELETED'),
		).toHaveLength(1);
	});

	it('issues a partial credit note allocated to its invoice', async () => {
		await env.run('xero', [invoiceItem('in_cn')], invoiceParams());
		const params: INodeParameters = {
			operation: 'issueCreditNote',
			amountUnit: 'major',
			invoice: { __rl: true, mode: 'sourceId', value: 'in_cn' },
			sourceId: 're_1',
			currency: 'EUR',
			date: '2026-11-06',
			creditType: 'amount',
			amount: '20.00',
			reason: 'Downtime',
			allocate: true,
			refund: false,
		};
		const result = await env.run('xero', [{}], params);
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({
			action: 'created',
			record: { totalMinor: 2000, allocatedMinor: 2000 },
		});
		const notes = env.sandbox.xero.creditNotes(env.tenantId);
		expect(notes).toHaveLength(1);
		expect(notes[0].Type).toBe('ACCRECCREDIT');
		const again = await env.run('xero', [{}], params);
		expect(again.json[0].action).toBe('unchanged');
		expect(env.sandbox.xero.creditNotes(env.tenantId)).toHaveLength(1);
	});

	it('batches 120 invoices into at most 3 create calls', async () => {
		const items = Array.from({ length: 120 }, (_, n) => invoiceItem(`in_b${n}`, 'cus_batch'));
		const result = await env.run('xero', items, invoiceParams());
		expect(result.error).toBeUndefined();
		expect(result.json.filter((j) => j.action === 'created')).toHaveLength(120);
		expect(result.output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(creates(/\/Invoices$/).length).toBeLessThanOrEqual(3);
		expect(invoices()).toHaveLength(120);
	});

	it('waits out a 429 in the middle of a batch and still creates every invoice once', async () => {
		env.sandbox.faults.add({
			service: 'xero',
			method: 'PUT',
			path: /\/Invoices$/,
			nth: 2,
			kind: '429',
			retryAfterSeconds: 30,
			problem: 'minute',
		});
		const items = Array.from({ length: 120 }, (_, n) => invoiceItem(`in_r${n}`, 'cus_rate'));
		const result = await env.run('xero', items, invoiceParams());
		expect(result.error).toBeUndefined();
		expect(result.json.every((j) => j.action === 'created')).toBe(true);
		expect(env.sandbox.log.entries({ service: 'xero' }).some((e) => e.status === 429)).toBe(true);
		expect(invoices()).toHaveLength(120);
	});

	it('does not duplicate an invoice whose create answer was lost after the commit', async () => {
		env.sandbox.faults.add({
			service: 'xero',
			method: 'PUT',
			path: /\/Invoices$/,
			nth: 1,
			kind: 'drop-after-commit',
		});
		const result = await env.run('xero', [invoiceItem('in_drop')], invoiceParams());
		expect(result.error).toBeUndefined();
		expect(result.json[0].action).toMatch(/created|unchanged/);
		expect(
			env.sandbox.log.entries({ service: 'xero' }).some((e) => e.fault === 'drop-after-commit'),
		).toBe(true);
		expect(
			invoices().filter((i) => i.Reference === 'in_drop' || i.InvoiceNumber === 'in_drop'),
		).toHaveLength(1);
	});

	it('refreshes an expired access token through n8n and keeps going', async () => {
		// Xero access tokens live 30 minutes; past that every call answers 401 until n8n refreshes.
		env.sandbox.clock.advance(31 * 60_000);
		const result = await env.run(
			'xero',
			[{ id: 'cus_t', name: 'Token Ltd', email: 'a@t.example', phone: '1' }],
			contactParams,
		);
		expect(result.error).toBeUndefined();
		expect(result.json[0].action).toBe('created');
		expect(env.credentialsHelper.refreshCount).toBe(1);
	});

	it('says to reconnect when the refresh token is no longer valid, without leaking it', async () => {
		const stored = env.credentialsHelper.get('xeroAccountingSyncOAuth2Api') ?? {};
		const revoked = 'revoked-refresh-token-123456';
		env.credentialsHelper.set('xeroAccountingSyncOAuth2Api', {
			...stored,
			oauthTokenData: { ...(stored.oauthTokenData as object), refresh_token: revoked },
		});
		env.sandbox.clock.advance(31 * 60_000);
		const result = await env.run(
			'xero',
			[{ id: 'cus_r', name: 'Revoked Ltd', email: 'r@r.example', phone: '1' }],
			contactParams,
			{
				continueOnFail: true,
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.json[0].error).toMatchObject({ kind: 'auth', httpStatus: 401 });
		expect(JSON.stringify(result.json)).not.toContain(revoked);
		expect(
			env.sandbox.xero.contacts(env.tenantId).filter((c) => c.ContactNumber === 'cus_r'),
		).toHaveLength(0);
	});
});
