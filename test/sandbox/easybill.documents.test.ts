import type { AxiosInstance } from 'axios';
import {
	easybillClient,
	type EasyBillTestServer,
	startEasyBillTestServer,
} from './easybill-server';

describe('EasyBill sandbox: documents', () => {
	let server: EasyBillTestServer;
	let client: AxiosInstance;
	let customerId: number;

	beforeEach(async () => {
		server = await startEasyBillTestServer();
		client = easybillClient(server);
		customerId = (await client.post('/customers', { company_name: 'Kunde AG' })).data.id;
	});
	afterEach(async () => {
		await server.stop();
	});

	const invoiceBody = (extra: Record<string, unknown> = {}) => ({
		type: 'INVOICE',
		customer_id: customerId,
		items: [
			{ description: 'Consulting', quantity: 3, single_price_net: 3333, vat_percent: 19 },
			{ description: 'Book', quantity: 1, single_price_net: 1999, vat_percent: 7 },
		],
		...extra,
	});

	it('test mode: a dropped position field prices the draft without it (0.00 for a dropped gross price)', async () => {
		server.service.inspect.ignorePositionFields(['single_price_gross']);
		const response = await client.post('/documents', {
			type: 'INVOICE',
			customer_id: customerId,
			calc_vat_from: 1,
			items: [{ description: 'Plan', quantity: 1, single_price_gross: 11900, vat_percent: 19 }],
		});
		expect(response.data).toMatchObject({ amount: 0, amount_net: 0, is_draft: true });
		server.service.inspect.ignorePositionFields([]);
		const normal = await client.post('/documents', {
			type: 'INVOICE',
			customer_id: customerId,
			calc_vat_from: 1,
			items: [{ description: 'Plan', quantity: 1, single_price_gross: 11900, vat_percent: 19 }],
		});
		expect(normal.data).toMatchObject({ amount: 11900, amount_net: 10000 });
	});

	it('creates a draft invoice with totals in cents rounded per position', async () => {
		const response = await client.post('/documents', invoiceBody({ external_id: 'order-1' }));
		expect(response.status).toBe(201);
		// 3 x 33.33 = 99.99 net + 19 % (19.00) ; 19.99 net + 7 % (1.40)
		expect(response.data).toMatchObject({
			type: 'INVOICE',
			is_draft: true,
			number: null,
			amount_net: 9999 + 1999,
			amount: 9999 + 1900 + 1999 + 140,
			paid_amount: 0,
			paid_at: null,
			external_id: 'order-1',
		});
		expect(response.data.items[0]).toMatchObject({
			total_price_net: 9999,
			total_vat: 1900,
			position: 1,
		});
		expect(response.data.address.company_name).toBe('Kunde AG');
	});

	it('applies position discounts before VAT', async () => {
		const response = await client.post('/documents', {
			customer_id: customerId,
			items: [
				{
					description: 'A',
					quantity: 2,
					single_price_net: 1000,
					vat_percent: 19,
					discount: 10,
					discount_type: 'PERCENT',
				},
				{
					description: 'B',
					quantity: 1,
					single_price_net: 1000,
					vat_percent: 19,
					discount: 250,
					discount_type: 'AMOUNT',
				},
			],
		});
		expect(response.data.items.map((i: { total_price_net: number }) => i.total_price_net)).toEqual([
			1800, 750,
		]);
		expect(response.data.amount).toBe(1800 + 342 + 750 + 143);
	});

	it('finalises a draft with done: assigns a number, then refuses edits and deletion', async () => {
		const draft = (await client.post('/documents', invoiceBody())).data;
		expect((await client.put(`/documents/${draft.id}`, { title: 'Draft edit' })).status).toBe(200);
		const done = await client.put(`/documents/${draft.id}/done`);
		expect(done.status).toBe(200);
		expect(done.data).toMatchObject({ is_draft: false, number: 'RE-1001', title: 'Draft edit' });
		const edit = await client.put(`/documents/${draft.id}`, { title: 'Too late' });
		expect(edit.status).toBe(409);
		expect(edit.data.code).toBe(409);
		expect((await client.delete(`/documents/${draft.id}`)).status).toBe(409);
		expect((await client.get(`/documents/${draft.id}`)).data.title).toBe('Draft edit');
		// A repeated done (retry after a lost answer) neither fails nor renumbers.
		const again = await client.put(`/documents/${draft.id}/done`);
		expect(again.status).toBe(200);
		expect(again.data.number).toBe('RE-1001');
	});

	it('deletes a draft', async () => {
		const draft = (await client.post('/documents', invoiceBody())).data;
		expect((await client.delete(`/documents/${draft.id}`)).status).toBe(204);
		expect((await client.get(`/documents/${draft.id}`)).status).toBe(404);
	});

	it('rejects the non-existent type CREDIT_NOTE against the contract', async () => {
		const response = await client.post('/documents', invoiceBody({ type: 'CREDIT_NOTE' }));
		expect(response.status).toBe(400);
		const errors: string[] = JSON.parse(response.headers['x-sandbox-spec-errors']);
		expect(errors[0]).toMatch(/^\/type must be one of/);
		expect(server.service.inspect.documents()).toHaveLength(0);
	});

	it('rejects an unknown customer_id and a spec-invalid position', async () => {
		expect((await client.post('/documents', invoiceBody({ customer_id: 999 }))).status).toBe(400);
		const badItem = await client.post(
			'/documents',
			invoiceBody({ items: [{ quantity: '2', single_price_net: 100 }] }),
		);
		expect(badItem.status).toBe(400);
		expect(JSON.parse(badItem.headers['x-sandbox-spec-errors'])).toEqual([
			'/items/0/quantity must be number',
		]);
	});

	it('finds a document by external_id and lists unpaid invoices with paid_at=null', async () => {
		await client.post('/documents', invoiceBody({ external_id: 'order-a' }));
		const b = (await client.post('/documents', invoiceBody({ external_id: 'order-b' }))).data;
		const found = await client.get('/documents', { params: { external_id: 'order-b' } });
		expect(found.data.total).toBe(1);
		expect(found.data.items[0].id).toBe(b.id);
		const unpaid = await client.get('/documents', { params: { type: 'INVOICE', paid_at: 'null' } });
		expect(unpaid.data.total).toBe(2);
	});

	it('pages lists with the page/pages/limit/total envelope', async () => {
		for (let i = 0; i < 3; i++)
			await client.post('/documents', invoiceBody({ external_id: `p-${i}` }));
		const page2 = await client.get('/documents', { params: { limit: 2, page: 2 } });
		expect(page2.data).toMatchObject({ page: 2, pages: 2, limit: 2, total: 3 });
		expect(page2.data.items.map((d: { external_id: string }) => d.external_id)).toEqual(['p-2']);
	});

	it('converts an invoice into a credit linked by ref_id and numbers credits in their own sequence', async () => {
		const invoice = (await client.post('/documents', invoiceBody())).data;
		await client.put(`/documents/${invoice.id}/done`);
		const converted = await client.post(`/documents/${invoice.id}/CREDIT`);
		expect(converted.status).toBe(201);
		expect(converted.headers.location).toBe(`${server.baseUrl}/documents/${converted.data.id}`);
		expect(converted.data).toMatchObject({
			type: 'CREDIT',
			ref_id: invoice.id,
			is_draft: true,
			amount: invoice.amount,
		});
		const credit = await client.put(`/documents/${converted.data.id}/done`);
		expect(credit.data.number).toBe('GS-1001');
		const byRef = await client.get('/documents', {
			params: { ref_id: invoice.id, type: 'CREDIT' },
		});
		expect(byRef.data.total).toBe(1);
	});

	it('creates a credit directly with ref_id', async () => {
		const invoice = (await client.post('/documents', invoiceBody())).data;
		const credit = await client.post('/documents', {
			type: 'CREDIT',
			customer_id: customerId,
			ref_id: invoice.id,
			items: [{ description: 'Refund', quantity: 1, single_price_net: 500, vat_percent: 19 }],
		});
		expect(credit.status).toBe(201);
		expect(credit.data).toMatchObject({ type: 'CREDIT', ref_id: invoice.id, amount: 595 });
		expect((await client.post('/documents', { ...credit.data, ref_id: 123 })).status).toBe(400);
	});
});
