import { salesInvoice, startXero, type XeroFixture } from './xero-client';

let x: XeroFixture;
beforeAll(async () => {
	x = await startXero();
});
afterAll(() => x.sandbox.stop());

async function invoice(overrides: Record<string, unknown> = {}) {
	const res = await x.api.put('/Invoices', { Invoices: [salesInvoice('Payer Ltd', overrides)] });
	expect(res.status).toBe(200);
	return res.data.Invoices[0] as { InvoiceID: string; InvoiceNumber: string; Total: number };
}

const payment = (
	invoiceId: string,
	amount: number,
	account: Record<string, string> = { Code: '090' },
) => ({
	Payments: [
		{
			Invoice: { InvoiceID: invoiceId },
			Account: account,
			Date: '2026-01-20',
			Amount: amount,
			Reference: 'Bank transfer',
		},
	],
});

describe('Xero payments', () => {
	it('rejects a payment on a DRAFT invoice', async () => {
		const draft = await invoice({ Status: 'DRAFT' });
		const res = await x.api.put('/Payments', payment(draft.InvoiceID, 10));
		expect(res.status).toBe(400);
		expect(res.data.Elements[0].ValidationErrors[0].Message).toMatch(/AUTHORISED/);
		expect(x.sandbox.xero.payments(x.uk)).toHaveLength(0);
	});

	it('rejects an overpayment and leaves the invoice unchanged', async () => {
		const inv = await invoice();
		const res = await x.api.put('/Payments', payment(inv.InvoiceID, inv.Total + 0.01));
		expect(res.status).toBe(400);
		expect(res.data.Elements[0].ValidationErrors[0].Message).toMatch(
			/exceeds the amount outstanding/,
		);
		expect(x.sandbox.xero.invoices(x.uk).find((i) => i.InvoiceID === inv.InvoiceID)).toMatchObject({
			AmountDue: 120,
			AmountPaid: 0,
		});
	});

	it('accepts payments only to bank accounts or accounts with payments enabled', async () => {
		const inv = await invoice();
		const sales = await x.api.put('/Payments', payment(inv.InvoiceID, 10, { Code: '200' }));
		expect(sales.status).toBe(400);
		expect(sales.data.Elements[0].ValidationErrors[0].Message).toMatch(/bank accounts/);
		const clearing = await x.api.put('/Payments', payment(inv.InvoiceID, 10, { Code: '620' }));
		expect(clearing.status).toBe(200);
	});

	it('part-pays, then pays in full: AmountDue reaches 0 and the invoice becomes PAID', async () => {
		const inv = await invoice();
		const part = await x.api.put('/Payments', payment(inv.InvoiceID, 20));
		expect(part.status).toBe(200);
		expect(part.data.Payments[0]).toMatchObject({
			Amount: 20,
			PaymentType: 'ACCRECPAYMENT',
			Status: 'AUTHORISED',
		});
		let current = (await x.api.get(`/Invoices/${inv.InvoiceID}`)).data.Invoices[0];
		expect(current).toMatchObject({ Status: 'AUTHORISED', AmountPaid: 20, AmountDue: 100 });

		const rest = await x.api.put('/Payments', payment(inv.InvoiceID, 100));
		expect(rest.status).toBe(200);
		current = (await x.api.get(`/Invoices/${inv.InvoiceID}`)).data.Invoices[0];
		expect(current).toMatchObject({ Status: 'PAID', AmountPaid: 120, AmountDue: 0 });
		expect(current.Payments).toHaveLength(2);
		expect(current.FullyPaidOnDate).toBe(`/Date(${Date.UTC(2026, 0, 20)}+0000)/`);
		const edit = await x.api.post(`/Invoices/${inv.InvoiceID}`, { Invoices: [{ LineItems: [] }] });
		expect(edit.status).toBe(400);
	});

	it('books a payment on a USD invoice at the day rate (or the one given), BankAmount in GBP; 1 in GBP', async () => {
		// The UK organisation's day rate for USD is 1.27; the invoice itself is at 1.3.
		const usd = await invoice({ CurrencyCode: 'USD', CurrencyRate: 1.3 });
		const dayRate = await x.api.put('/Payments', payment(usd.InvoiceID, 63.5));
		expect(dayRate.data.Payments[0]).toMatchObject({ Amount: 63.5, CurrencyRate: 1.27, BankAmount: 50 });
		const given = { Payments: [{ ...payment(usd.InvoiceID, 56.5).Payments[0], CurrencyRate: 1.13 }] };
		expect((await x.api.put('/Payments', given)).data.Payments[0]).toMatchObject({ Amount: 56.5, CurrencyRate: 1.13, BankAmount: 50 });
		expect(x.sandbox.xero.invoices(x.uk).find((i) => i.InvoiceID === usd.InvoiceID)).toMatchObject({ Status: 'PAID', AmountDue: 0, AmountPaid: 120 });
		const gbp = await invoice();
		expect((await x.api.put('/Payments', payment(gbp.InvoiceID, 20))).data.Payments[0]).toMatchObject({ Amount: 20, CurrencyRate: 1, BankAmount: 20 });
	});

	it('deleting a payment reopens the invoice', async () => {
		const inv = await invoice();
		const paid = await x.api.put('/Payments', payment(inv.InvoiceID, inv.Total));
		const id = paid.data.Payments[0].PaymentID;
		const deleted = await x.api.post(`/Payments/${id}`, { Status: 'DELETED' });
		expect(deleted.status).toBe(200);
		const current = (await x.api.get(`/Invoices/${inv.InvoiceID}`)).data.Invoices[0];
		expect(current).toMatchObject({ Status: 'AUTHORISED', AmountDue: inv.Total });
	});

	it('replays a payment Idempotency-Key instead of paying twice', async () => {
		const inv = await invoice();
		const headers = { 'Idempotency-Key': `pay-${inv.InvoiceID}` };
		const first = await x.api.put('/Payments', payment(inv.InvoiceID, 60), { headers });
		const second = await x.api.put('/Payments', payment(inv.InvoiceID, 60), { headers });
		expect(second.data.Payments[0].PaymentID).toBe(first.data.Payments[0].PaymentID);
		const current = (await x.api.get(`/Invoices/${inv.InvoiceID}`)).data.Invoices[0];
		expect(current.AmountPaid).toBe(60);
	});
	it('lists payments filtered by where on the nested invoice', async () => {
		const inv = await invoice();
		await x.api.put('/Payments', payment(inv.InvoiceID, 5));
		await x.api.put('/Payments', payment(inv.InvoiceID, 6));
		const res = await x.api.get('/Payments', {
			params: { where: `Invoice.InvoiceID==guid("${inv.InvoiceID}") AND Status=="AUTHORISED"` },
		});
		expect(res.status).toBe(200);
		expect(res.data.Payments.map((p: { Amount: number }) => p.Amount)).toEqual([5, 6]);
	});
});

describe('Xero credit notes', () => {
	async function creditNote(contactName: string, amount: number, status = 'AUTHORISED') {
		const res = await x.api.put('/CreditNotes', {
			CreditNotes: [
				{
					Type: 'ACCRECCREDIT',
					Contact: { Name: contactName },
					Date: '2026-01-21',
					Status: status,
					LineAmountTypes: 'Exclusive',
					LineItems: [
						{
							Description: 'Refund',
							Quantity: 1,
							UnitAmount: amount,
							AccountCode: '200',
							TaxType: 'OUTPUT2',
						},
					],
				},
			],
		});
		expect(res.status).toBe(200);
		return res.data.CreditNotes[0] as {
			CreditNoteID: string;
			CreditNoteNumber: string;
			Total: number;
			RemainingCredit: number;
		};
	}

	it('allocates a credit note to an invoice, reducing AmountDue and RemainingCredit', async () => {
		const inv = await invoice();
		const cn = await creditNote('Payer Ltd', 25);
		expect(cn).toMatchObject({ Total: 30, RemainingCredit: 30 });
		expect(cn.CreditNoteNumber).toMatch(/^CN-\d{4}$/);
		const allocation = await x.api.put(`/CreditNotes/${cn.CreditNoteID}/Allocations`, {
			Allocations: [{ Invoice: { InvoiceID: inv.InvoiceID }, Amount: 30, Date: '2026-01-22' }],
		});
		expect(allocation.status).toBe(200);
		expect(allocation.data.Allocations[0].Amount).toBe(30);
		const current = (await x.api.get(`/Invoices/${inv.InvoiceID}`)).data.Invoices[0];
		expect(current).toMatchObject({ AmountCredited: 30, AmountDue: 90, Status: 'AUTHORISED' });
		const credit = (await x.api.get(`/CreditNotes/${cn.CreditNoteID}`)).data.CreditNotes[0];
		expect(credit).toMatchObject({ RemainingCredit: 0, Status: 'PAID' });
	});

	it('refuses allocations beyond the remaining credit, to another contact, or from a draft', async () => {
		const inv = await invoice();
		const cn = await creditNote('Payer Ltd', 10);
		const tooMuch = await x.api.put(`/CreditNotes/${cn.CreditNoteID}/Allocations`, {
			Allocations: [{ Invoice: { InvoiceID: inv.InvoiceID }, Amount: 50, Date: '2026-01-22' }],
		});
		expect(tooMuch.status).toBe(400);
		const stranger = await creditNote('Someone Else', 10);
		const wrongContact = await x.api.put(`/CreditNotes/${stranger.CreditNoteID}/Allocations`, {
			Allocations: [{ Invoice: { InvoiceID: inv.InvoiceID }, Amount: 5, Date: '2026-01-22' }],
		});
		expect(wrongContact.status).toBe(400);
		const draft = await creditNote('Payer Ltd', 10, 'DRAFT');
		const fromDraft = await x.api.put(`/CreditNotes/${draft.CreditNoteID}/Allocations`, {
			Allocations: [{ Invoice: { InvoiceID: inv.InvoiceID }, Amount: 5, Date: '2026-01-22' }],
		});
		expect(fromDraft.status).toBe(400);
	});

	it('refunds a credit note with a payment that names the CreditNote', async () => {
		const cn = await creditNote('Refund Ltd', 50);
		const refund = await x.api.put('/Payments', {
			Payments: [
				{
					CreditNote: { CreditNoteID: cn.CreditNoteID },
					Account: { Code: '090' },
					Date: '2026-01-23',
					Amount: 60,
				},
			],
		});
		expect(refund.status).toBe(200);
		expect(refund.data.Payments[0].PaymentType).toBe('ARCREDITPAYMENT');
		const credit = (await x.api.get(`/CreditNotes/${cn.CreditNoteID}`)).data.CreditNotes[0];
		expect(credit).toMatchObject({ RemainingCredit: 0, Status: 'PAID' });
	});
});

describe('payInvoice inspector', () => {
	it('pays like a bookkeeper in the UI and queues an INVOICE UPDATE event', async () => {
		const inv = await invoice();
		const before = x.sandbox.xero.pendingEvents();
		const paid = x.sandbox.xero.payInvoice(x.uk, inv.InvoiceID);
		expect(paid.Amount).toBe(inv.Total);
		expect(x.sandbox.xero.invoices(x.uk).find((i) => i.InvoiceID === inv.InvoiceID)?.Status).toBe(
			'PAID',
		);
		expect(x.sandbox.xero.pendingEvents()).toBe(before + 1);
		expect(() => x.sandbox.xero.payInvoice(x.uk, inv.InvoiceID, 1)).toThrow(/AUTHORISED/);
	});
});
