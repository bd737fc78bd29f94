import type { AxiosInstance } from 'axios';

import { easybillClient, type EasyBillTestServer, startEasyBillTestServer } from './easybill-server';

describe('EasyBill sandbox: cancel, send and PDF of a document', () => {
	let server: EasyBillTestServer;
	let client: AxiosInstance;
	let customerId: number;

	beforeEach(async () => {
		server = await startEasyBillTestServer();
		client = easybillClient(server);
		customerId = (await client.post('/customers', { company_name: 'Kunde AG', emails: ['buch@kunde.de'] })).data.id;
	});
	afterEach(() => server.stop());

	async function invoice(done = true, extra: Record<string, unknown> = {}) {
		const created = await client.post('/documents', {
			type: 'INVOICE',
			customer_id: customerId,
			items: [{ description: 'Consulting', quantity: 2, single_price_net: 5000, vat_percent: 19 }],
			...extra,
		});
		expect(created.status).toBe(201);
		if (!done) return created.data;
		return (await client.put(`/documents/${created.data.id}/done`)).data;
	}

	it('cancels a completed invoice with a STORNO document linked both ways, once', async () => {
		const inv = await invoice();
		const cancelled = await client.post(`/documents/${inv.id}/cancel`);
		expect(cancelled.status).toBe(200);
		expect(cancelled.data).toMatchObject({ type: 'STORNO', ref_id: inv.id, amount: -inv.amount, is_draft: false });
		const after = await client.get(`/documents/${inv.id}`);
		expect(after.data.cancel_id).toBe(cancelled.data.id);
		const again = await client.post(`/documents/${inv.id}/cancel`);
		expect(again.status).toBe(400);
		expect(again.data.message).toMatch(/already cancelled/);
		expect((await client.get('/documents', { params: { cancel_id: 'null', type: 'INVOICE' } })).data.total).toBe(0);
	});

	it('refuses to cancel a draft (drafts are deleted) and a credit', async () => {
		const draft = await invoice(false);
		const res = await client.post(`/documents/${draft.id}/cancel`);
		expect(res.status).toBe(400);
		expect(res.data.message).toMatch(/delete it/);
	});

	it('sends a completed invoice by e-mail to the customer or a given address, validating the body', async () => {
		const inv = await invoice();
		expect((await client.post(`/documents/${inv.id}/send/email`, {})).status).toBe(204);
		expect((await client.post(`/documents/${inv.id}/send/email`, { to: 'ap@kunde.de', subject: 'Ihre Rechnung' })).status).toBe(204);
		expect(server.service.inspect.postBoxes().map((p) => p.to)).toEqual(['buch@kunde.de', 'ap@kunde.de']);
		const bad = await client.post(`/documents/${inv.id}/send/email`, { send_with_attachment: 'yes' });
		expect(bad.status).toBe(400);
		expect(bad.headers['x-sandbox-spec-errors']).toBeDefined();
		expect((await client.post(`/documents/${inv.id}/send/pigeon`, {})).status).toBe(404);
		const draft = await invoice(false);
		expect((await client.post(`/documents/${draft.id}/send/email`, {})).status).toBe(400);
	});

	it('serves the PDF of a document as application/pdf with a valid cross-reference table', async () => {
		const inv = await invoice();
		const res = await client.get(`/documents/${inv.id}/pdf`, { responseType: 'arraybuffer' });
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('application/pdf');
		const pdf = Buffer.from(res.data);
		const text = pdf.toString('latin1');
		expect(text.startsWith('%PDF-1.4')).toBe(true);
		expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
		expect(text).toContain(`Rechnung ${inv.number}`);
		const xrefAt = Number(/startxref\n(\d+)/.exec(text)?.[1]);
		expect(text.slice(xrefAt, xrefAt + 4)).toBe('xref');
		const firstObject = Number(/\n(\d{10}) 00000 n/.exec(text)?.[1]);
		expect(text.slice(firstObject, firstObject + 7)).toBe('1 0 obj');
		expect((await client.get('/documents/599999/pdf')).status).toBe(404);
	});

	it('keeps a document currency other than EUR', async () => {
		const inv = await invoice(true, { currency: 'USD' });
		expect((await client.get(`/documents/${inv.id}`)).data.currency).toBe('USD');
	});

	it('deletes a payment and re-derives paid_amount; deleting it again is 404', async () => {
		const inv = await invoice();
		const pay = await client.post('/document-payments', { document_id: inv.id, amount: inv.amount, reference: 'ch_1' });
		expect((await client.get(`/documents/${inv.id}`)).data.paid_at).not.toBeNull();
		expect((await client.delete(`/document-payments/${pay.data.id}`)).status).toBe(204);
		expect((await client.get(`/documents/${inv.id}`)).data).toMatchObject({ paid_amount: 0, paid_at: null });
		expect((await client.delete(`/document-payments/${pay.data.id}`)).status).toBe(404);
	});
});
