import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import {
	easybillClient,
	type EasyBillTestServer,
	startEasyBillTestServer,
} from './easybill-server';

interface Delivery {
	path: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** A local webhook receiver that records every delivery. */
async function startReceiver(): Promise<{
	url: string;
	deliveries: Delivery[];
	stop(): Promise<void>;
}> {
	const deliveries: Delivery[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			deliveries.push({
				path: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res.writeHead(200);
			res.end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		deliveries,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

describe('EasyBill sandbox: document payments and webhooks', () => {
	let server: EasyBillTestServer;
	let client: AxiosInstance;
	let customerId: number;

	beforeEach(async () => {
		server = await startEasyBillTestServer();
		client = easybillClient(server);
		customerId = (await client.post('/customers', { last_name: 'Payer' })).data.id;
	});
	afterEach(async () => {
		await server.stop();
	});

	async function invoice(done: boolean, cents = 10000): Promise<{ id: number; amount: number }> {
		const created = await client.post('/documents', {
			customer_id: customerId,
			items: [{ description: 'Plan', quantity: 1, single_price_net: cents, vat_percent: 0 }],
		});
		if (done) await client.put(`/documents/${created.data.id}/done`);
		return created.data;
	}

	it('rejects a payment on a draft', async () => {
		const draft = await invoice(false);
		const response = await client.post('/document-payments', {
			document_id: draft.id,
			amount: 100,
		});
		expect(response.status).toBe(400);
		expect(response.data.message).toMatch(/completed/);
		expect(server.service.inspect.payments()).toHaveLength(0);
	});

	it('rejects a payment body missing the required amount', async () => {
		const doc = await invoice(true);
		const response = await client.post('/document-payments', { document_id: doc.id });
		expect(response.status).toBe(400);
		expect(JSON.parse(response.headers['x-sandbox-spec-errors'])).toEqual([
			"(body) must have required property 'amount'",
		]);
	});

	it('sets paid_at only once payments cover the amount, and clears it when one is deleted', async () => {
		const doc = await invoice(true);
		const partial = await client.post('/document-payments', {
			document_id: doc.id,
			amount: 4000,
			payment_at: '2026-03-11',
			reference: 'ch_1',
			provider: 'Stripe',
		});
		expect(partial.status).toBe(201);
		let current = (await client.get(`/documents/${doc.id}`)).data;
		expect(current).toMatchObject({ paid_amount: 4000, paid_at: null });

		const rest = await client.post('/document-payments', {
			document_id: doc.id,
			amount: 6000,
			payment_at: '2026-03-12',
		});
		current = (await client.get(`/documents/${doc.id}`)).data;
		expect(current).toMatchObject({ paid_amount: 10000, paid_at: '2026-03-12' });
		const paidList = await client.get('/documents', {
			params: { paid_at: '2026-03-01,2026-03-31' },
		});
		expect(paidList.data.total).toBe(1);

		const listed = await client.get('/document-payments', { params: { document_id: doc.id } });
		expect(listed.data.items.map((p: { amount: number }) => p.amount)).toEqual([4000, 6000]);

		expect((await client.delete(`/document-payments/${rest.data.id}`)).status).toBe(204);
		current = (await client.get(`/documents/${doc.id}`)).data;
		expect(current).toMatchObject({ paid_amount: 4000, paid_at: null });
	});

	it('marks a partly paid document paid when the payment is posted with ?paid=true', async () => {
		const doc = await invoice(true);
		const response = await client.post('/document-payments?paid=true', {
			document_id: doc.id,
			amount: 9000,
			payment_at: '2026-03-10',
		});
		expect(response.status).toBe(201);
		expect(response.data).not.toHaveProperty('forcedPaid');
		expect(server.service.inspect.payments()[0]).not.toHaveProperty('forcedPaid');
		const current = (await client.get(`/documents/${doc.id}`)).data;
		expect(current).toMatchObject({ paid_amount: 9000, paid_at: '2026-03-10' });
	});

	it('accepts an overpayment and marks the document paid', async () => {
		const doc = await invoice(true);
		expect(
			(await client.post('/document-payments', { document_id: doc.id, amount: 12000 })).status,
		).toBe(201);
		const current = (await client.get(`/documents/${doc.id}`)).data;
		expect(current.paid_amount).toBe(12000);
		expect(current.paid_at).not.toBeNull();
	});

	it('defaults payment_at to the Berlin date: 2026-03-29T22:30Z is already 2026-03-30 (CEST)', async () => {
		await server.stop();
		server = await startEasyBillTestServer({ startAt: Date.parse('2026-03-29T22:30:00Z') });
		client = easybillClient(server);
		customerId = (await client.post('/customers', { last_name: 'Night' })).data.id;
		const doc = await invoice(true);
		const customer = server.service.inspect.customers()[0];
		expect(customer.created_at).toBe('2026-03-30');
		expect(customer.updated_at).toBe('2026-03-30 00:30:00');
		const payment = await client.post('/document-payments', {
			document_id: doc.id,
			amount: doc.amount,
		});
		expect(payment.data.payment_at).toBe('2026-03-30');
		expect((await client.get(`/documents/${doc.id}`)).data.paid_at).toBe('2026-03-30');
	});

	it('delivers document.payment_add to an active registered webhook, signed with its secret', async () => {
		const receiver = await startReceiver();
		try {
			const hook = await client.post('/webhooks', {
				url: `${receiver.url}/hooks/easybill?token=t0ken`,
				secret: 's3cret',
				content_type: 'json',
				events: ['document.payment_add'],
				description: 'paid trigger',
				is_active: true,
			});
			expect(hook.status).toBe(201);
			const doc = await invoice(true);
			const payment = await server.service.inspect.payDocument(doc.id);
			expect(payment.amount).toBe(doc.amount);

			expect(receiver.deliveries).toHaveLength(1);
			const [delivery] = receiver.deliveries;
			expect(delivery.path).toBe('/hooks/easybill?token=t0ken');
			expect(delivery.headers['x-easybill-event']).toBe('document.payment_add');
			const expected = `sha256=${createHmac('sha256', 's3cret').update(delivery.body).digest('hex')}`;
			expect(delivery.headers['x-easybill-signature']).toBe(expected);
			expect(JSON.parse(delivery.body)).toMatchObject({
				id: doc.id,
				paid_amount: doc.amount,
				paid_at: '2026-03-10',
			});
			const stored = (await client.get(`/webhooks/${hook.data.id}`)).data;
			expect(stored.last_response).toMatchObject({ code: 200, response: 'ok' });
		} finally {
			await receiver.stop();
		}
	});

	it('does not deliver to inactive hooks or for events a hook did not subscribe to', async () => {
		const receiver = await startReceiver();
		try {
			const base = { url: receiver.url, secret: '', content_type: 'json', description: 'x' };
			await client.post('/webhooks', { ...base, events: ['document.payment_add'] });
			await client.post('/webhooks', { ...base, events: ['customer.create'], is_active: true });
			const doc = await invoice(true);
			await server.service.inspect.payDocument(doc.id, 100);
			expect(receiver.deliveries).toHaveLength(0);
			await client.post('/customers', { last_name: 'Second' });
			await server.service.inspect.webhooksIdle();
			expect(receiver.deliveries.map((d) => d.headers['x-easybill-event'])).toEqual([
				'customer.create',
			]);
			expect(receiver.deliveries[0].headers['x-easybill-signature']).toBeUndefined();
		} finally {
			await receiver.stop();
		}
	});

	it('manages webhooks: spec-invalid registration rejected, PUT merges, DELETE removes', async () => {
		const invalid = await client.post('/webhooks', {
			url: 'http://127.0.0.1:1/x',
			events: ['invoice.paid'],
		});
		expect(invalid.status).toBe(400);
		const errors: string[] = JSON.parse(invalid.headers['x-sandbox-spec-errors']);
		expect(errors).toEqual(
			expect.arrayContaining([
				"(body) must have required property 'content_type'",
				"(body) must have required property 'secret'",
			]),
		);
		expect(errors.some((e) => e.startsWith('/events/0 must be one of'))).toBe(true);

		const created = await client.post('/webhooks', {
			url: 'http://127.0.0.1:1/x',
			secret: 'a',
			content_type: 'json',
			events: ['document.create'],
			description: 'd',
		});
		expect(created.data.is_active).toBe(false);
		const updated = await client.put(`/webhooks/${created.data.id}`, { is_active: true });
		expect(updated.data).toMatchObject({
			is_active: true,
			events: ['document.create'],
			secret: 'a',
		});
		expect((await client.get('/webhooks')).data.total).toBe(1);
		expect((await client.delete(`/webhooks/${created.data.id}`)).status).toBe(204);
		expect(server.service.inspect.webhooks()).toHaveLength(0);
	});
});
