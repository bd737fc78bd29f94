import { salesInvoice, startXero, type XeroFixture } from './xero-client';

let x: XeroFixture;
beforeAll(async () => {
	x = await startXero();
});
afterAll(() => x.sandbox.stop());

async function invoice(overrides: Record<string, unknown> = {}, contact = 'Lifecycle Ltd') {
	const res = await x.api.put('/Invoices', { Invoices: [salesInvoice(contact, overrides)] });
	expect(res.status).toBe(200);
	return res.data.Invoices[0] as { InvoiceID: string; InvoiceNumber: string; Total: number; Contact: { ContactID: string } };
}

const pay = (invoiceId: string, amount: number) =>
	x.api.put('/Payments', {
		Payments: [{ Invoice: { InvoiceID: invoiceId }, Account: { Code: '090' }, Amount: amount, Date: '2026-01-20', Reference: 'ch_1' }],
	});

describe('Xero sandbox: void, delete, online invoice, e-mail and PDF', () => {
	it('voids an AUTHORISED invoice with a status-only POST, and refuses a second void', async () => {
		const inv = await invoice();
		const voided = await x.api.post('/Invoices', { Invoices: [{ InvoiceID: inv.InvoiceID, Status: 'VOIDED' }] });
		expect(voided.status).toBe(200);
		expect(voided.data.Invoices[0]).toMatchObject({ Status: 'VOIDED', Total: inv.Total });
		const again = await x.api.post('/Invoices', { Invoices: [{ InvoiceID: inv.InvoiceID, Status: 'VOIDED' }] });
		expect(again.status).toBe(400);
		expect(again.data.Elements[0].ValidationErrors[0].Message).toMatch(/not of valid status/);
	});

	it('refuses to void an invoice with a payment until the payment is deleted', async () => {
		const inv = await invoice();
		const paid = await pay(inv.InvoiceID, 10);
		expect(paid.status).toBe(200);
		const refused = await x.api.post('/Invoices', { Invoices: [{ InvoiceID: inv.InvoiceID, Status: 'VOIDED' }] });
		expect(refused.status).toBe(400);
		expect(refused.data.Elements[0].ValidationErrors[0].Message).toMatch(/Payments must be removed/);
		const paymentId = paid.data.Payments[0].PaymentID;
		expect((await x.api.post(`/Payments/${paymentId}`, { Status: 'DELETED' })).status).toBe(200);
		const twice = await x.api.post(`/Payments/${paymentId}`, { Status: 'DELETED' });
		expect(twice.status).toBe(400);
		expect(twice.data.Elements[0].ValidationErrors[0].Message).toMatch(/already been deleted/);
		const list = await x.api.get('/Payments', { params: { where: 'Reference=="ch_1"' } });
		expect(list.data.Payments.find((p: { PaymentID: string }) => p.PaymentID === paymentId).Status).toBe('DELETED');
		const voided = await x.api.post('/Invoices', { Invoices: [{ InvoiceID: inv.InvoiceID, Status: 'VOIDED' }] });
		expect(voided.status).toBe(200);
	});

	it('deletes a draft (a draft cannot be voided)', async () => {
		const draft = await invoice({ Status: 'DRAFT' });
		const voided = await x.api.post('/Invoices', { Invoices: [{ InvoiceID: draft.InvoiceID, Status: 'VOIDED' }] });
		expect(voided.status).toBe(400);
		const deleted = await x.api.post('/Invoices', { Invoices: [{ InvoiceID: draft.InvoiceID, Status: 'DELETED' }] });
		expect(deleted.status).toBe(200);
		expect(deleted.data.Invoices[0].Status).toBe('DELETED');
	});

	it('gives an online invoice URL for approved invoices only', async () => {
		const inv = await invoice();
		const res = await x.api.get(`/Invoices/${inv.InvoiceID}/OnlineInvoice`);
		expect(res.status).toBe(200);
		expect(res.data.OnlineInvoices[0].OnlineInvoiceUrl).toMatch(/^https:\/\/in\.xero\.com\/\S+$/);
		expect((await x.api.get(`/Invoices/${inv.InvoiceID}/OnlineInvoice`)).data.OnlineInvoices[0].OnlineInvoiceUrl).toBe(
			res.data.OnlineInvoices[0].OnlineInvoiceUrl,
		);
		const draft = await invoice({ Status: 'DRAFT' });
		expect((await x.api.get(`/Invoices/${draft.InvoiceID}/OnlineInvoice`)).status).toBe(400);
	});

	it("e-mails an approved invoice to the contact's address only, once per Idempotency-Key", async () => {
		const noMail = await invoice({}, 'No Mail Ltd');
		const refused = await x.api.post(`/Invoices/${noMail.InvoiceID}/Email`, {});
		expect(refused.status).toBe(400);
		expect(refused.data.Elements[0].ValidationErrors[0].Message).toMatch(/email address/);
		await x.api.put('/Contacts', { Contacts: [{ Name: 'Mail Ltd', EmailAddress: 'ap@mail.example' }] });
		const inv = await invoice({}, 'Mail Ltd');
		const headers = { 'Idempotency-Key': 'email-once-1' };
		expect((await x.api.post(`/Invoices/${inv.InvoiceID}/Email`, {}, { headers })).status).toBe(204);
		expect((await x.api.post(`/Invoices/${inv.InvoiceID}/Email`, {}, { headers })).status).toBe(204);
		expect(x.sandbox.xero.emails(x.uk).filter((e) => e.invoiceId === inv.InvoiceID)).toEqual([
			expect.objectContaining({ to: 'ap@mail.example', invoiceNumber: inv.InvoiceNumber }),
		]);
		expect((await x.api.get(`/Invoices/${inv.InvoiceID}`)).data.Invoices[0].SentToContact).toBe(true);
		const draft = await invoice({ Status: 'DRAFT' }, 'Mail Ltd');
		expect((await x.api.post(`/Invoices/${draft.InvoiceID}/Email`, {})).status).toBe(400);
	});

	it('answers Accept: application/pdf on GET /Invoices/{id} with a real PDF, and 406 on lists', async () => {
		const inv = await invoice();
		const res = await x.api.get(`/Invoices/${inv.InvoiceID}`, {
			headers: { Accept: 'application/pdf' },
			responseType: 'arraybuffer',
		});
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('application/pdf');
		const text = Buffer.from(res.data).toString('latin1');
		expect(text.startsWith('%PDF-1.4')).toBe(true);
		expect(text).toContain(`Invoice ${inv.InvoiceNumber}`);
		const xrefAt = Number(/startxref\n(\d+)/.exec(text)?.[1]);
		expect(text.slice(xrefAt, xrefAt + 4)).toBe('xref');
		expect((await x.api.get('/Invoices', { headers: { Accept: 'application/pdf' } })).status).toBe(406);
	});
});
