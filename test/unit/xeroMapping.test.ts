import type { Contact, Invoice } from '../../core/model';
import { contactChanges, fromXeroContact, toXeroContact } from '../../core/xero/mapping/contact';
import { fromXeroInvoice, toPaidInvoice, toXeroInvoice } from '../../core/xero/mapping/invoice';
import { isSamePayment, toXeroPayment } from '../../core/xero/mapping/payment';

const fullContact: Contact = {
	sourceId: 'cus_123',
	name: 'O\'Brien "Ltd"',
	firstName: 'Aoife',
	lastName: "O'Brien",
	emails: ['billing@obrien.ie', 'ceo@obrien.ie'],
	phone: '+353 1 234 5678',
	taxNumber: 'IE1234567T',
	address: { line1: '1 Main St', city: 'Dublin', postalCode: 'D01', country: 'IE' },
	currency: 'EUR',
	defaultAccountCode: '200',
	defaultTaxType: 'OUTPUT2',
};

describe('Xero contact mapping', () => {
	it("round-trips every canonical field through Xero's shape", () => {
		const xero = toXeroContact(fullContact);
		expect(xero.ContactNumber).toBe('cus_123');
		expect(xero.EmailAddress).toBe('billing@obrien.ie');
		expect(xero.ContactPersons).toEqual([{ EmailAddress: 'ceo@obrien.ie', IncludeInEmails: true }]);
		const back = fromXeroContact({ ...xero, ContactID: 'id-1' });
		expect(back).toEqual({ ...fullContact, ledgerId: 'id-1' });
	});

	it('finds no change against the same contact as Xero returns it (extra phone types, empty fields)', () => {
		const existing = {
			...toXeroContact(fullContact),
			ContactID: 'id-1',
			Phones: [
				{ PhoneType: 'MOBILE', PhoneNumber: '' },
				{ PhoneType: 'DEFAULT', PhoneNumber: '+353 1 234 5678' },
			],
			Addresses: [{ AddressType: 'STREET' }, ...(toXeroContact(fullContact).Addresses ?? [])],
		};
		expect(contactChanges(toXeroContact(fullContact), existing)).toBeUndefined();
	});

	it('updates only what differs, never clears what the caller left out', () => {
		const existing = {
			...toXeroContact(fullContact),
			ContactID: 'id-1',
			Website: 'https://obrien.ie',
		};
		const patch = contactChanges(
			toXeroContact({ sourceId: 'cus_123', name: 'O\'Brien "Ltd"', phone: '+353 9' }),
			existing,
		);
		expect(patch).toEqual({
			ContactID: 'id-1',
			Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: '+353 9' }],
		});
	});
});

const invoice: Invoice = {
	sourceId: 'in_1',
	contact: { ledgerId: 'c1' },
	issueDate: '2026-11-02',
	dueDate: '2026-11-16',
	currency: 'EUR',
	lines: [
		{
			description: 'Seats',
			quantity: 3,
			unitPriceMinor: 1999,
			accountCode: '200',
			taxType: 'OUTPUT2',
			discountPercent: 10,
		},
		{
			description: 'Setup',
			quantity: 1,
			unitPriceMinor: 5,
			accountCode: '260',
			taxType: 'OUTPUT2',
		},
	],
	taxMode: 'inclusive',
	status: 'final',
};

describe('Xero invoice mapping', () => {
	it('sends decimals only at the edge, never CurrencyRate, and keeps the source id in Reference', () => {
		const xero = toXeroInvoice(invoice, 'c1', invoice.lines);
		expect(xero).toEqual({
			Type: 'ACCREC',
			Contact: { ContactID: 'c1' },
			Date: '2026-11-02',
			DueDate: '2026-11-16',
			CurrencyCode: 'EUR',
			LineAmountTypes: 'Inclusive',
			Status: 'AUTHORISED',
			Reference: 'in_1',
			LineItems: [
				{
					Description: 'Seats',
					Quantity: 3,
					UnitAmount: 19.99,
					AccountCode: '200',
					TaxType: 'OUTPUT2',
					DiscountRate: 10,
				},
				{
					Description: 'Setup',
					Quantity: 1,
					UnitAmount: 0.05,
					AccountCode: '260',
					TaxType: 'OUTPUT2',
				},
			],
		});
		expect(JSON.stringify(xero)).not.toContain('CurrencyRate');
	});

	it('uses the explicit number and reference when given, and the currency exponent (JPY has none)', () => {
		const xero = toXeroInvoice(
			{
				...invoice,
				currency: 'JPY',
				number: 'INV-7',
				reference: 'PO 42',
				status: 'draft',
				taxMode: 'none',
			},
			'c1',
			[{ description: 'x', quantity: 1, unitPriceMinor: 1500 }],
		);
		expect(xero.InvoiceNumber).toBe('INV-7');
		expect(xero.Reference).toBe('PO 42');
		expect(xero.Status).toBe('DRAFT');
		expect(xero.LineAmountTypes).toBe('NoTax');
		expect(xero.LineItems?.[0].UnitAmount).toBe(1500);
	});

	it("reads Xero's decimals back into exact minor units and its dates into ISO dates", () => {
		const record = fromXeroInvoice({
			Type: 'ACCREC',
			InvoiceID: 'i1',
			InvoiceNumber: 'INV-1',
			Reference: 'in_1',
			Contact: { ContactID: 'c1', Name: 'ACME' },
			Date: '/Date(1793577600000+0000)/',
			DueDate: '/Date(1794787200000+0000)/',
			Status: 'AUTHORISED',
			CurrencyCode: 'EUR',
			SubTotal: 0.1 + 0.2,
			TotalTax: 0.07,
			Total: 0.37,
			AmountPaid: 0,
			AmountCredited: 0,
			AmountDue: 0.37,
		});
		expect(record).toMatchObject({
			ledgerId: 'i1',
			number: 'INV-1',
			sourceId: 'in_1',
			issueDate: '2026-11-02',
			dueDate: '2026-11-16',
			state: 'open',
			subtotalMinor: 30,
			taxMinor: 7,
			totalMinor: 37,
			amountDueMinor: 37,
		});
	});

	it("builds the trigger's PaidInvoice with payments in minor units and the paid date", () => {
		const raw = {
			Type: 'ACCREC',
			InvoiceID: 'i1',
			Status: 'PAID',
			CurrencyCode: 'EUR',
			Contact: { ContactID: 'c1', Name: 'ACME', EmailAddress: 'a@acme.test' },
			DateString: '2026-11-02T00:00:00',
			Total: 119,
			AmountPaid: 119,
			AmountDue: 0,
			FullyPaidOnDate: '/Date(1793923200000+0000)/',
			Payments: [
				{ PaymentID: 'p1', Amount: 119, Date: '/Date(1793923200000+0000)/', Reference: 'ch_1' },
			],
		};
		const paid = toPaidInvoice(raw, 'tenant-1');
		expect(paid).toMatchObject({
			ledger: 'xero',
			tenantId: 'tenant-1',
			state: 'paid',
			totalMinor: 11900,
			amountPaidMinor: 11900,
			paidDate: '2026-11-06',
			contact: { ledgerId: 'c1', name: 'ACME', email: 'a@acme.test' },
			payments: [
				{
					ledgerId: 'p1',
					invoiceLedgerId: 'i1',
					amountMinor: 11900,
					currency: 'EUR',
					date: '2026-11-06',
					reference: 'ch_1',
				},
			],
		});
		expect(paid.raw).toBe(raw);
	});
});

describe('Xero payment mapping', () => {
	const payment = {
		sourceId: 'ch_1',
		invoice: { ledgerId: 'i1' },
		amountMinor: 1050,
		currency: 'EUR',
		date: '2026-11-05',
	};

	it('uses the source id as reference and tells account codes from AccountIDs', () => {
		expect(toXeroPayment(payment, 'i1', '090')).toEqual({
			Invoice: { InvoiceID: 'i1' },
			Account: { Code: '090' },
			Amount: 10.5,
			Date: '2026-11-05',
			Reference: 'ch_1',
		});
		expect(toXeroPayment(payment, 'i1', '13918178-849A-4823-9A31-57B7EAC713D7').Account).toEqual({
			AccountID: '13918178-849A-4823-9A31-57B7EAC713D7',
		});
	});

	it('keeps the source id beside a shared caller reference, and recognises a payment by it alone', () => {
		const shared = { ...payment, reference: 'payout_9' };
		expect(toXeroPayment(shared, 'i1', '090').Reference).toBe('payout_9 [ch_1]');
		expect(isSamePayment({ Reference: 'ch_1', Amount: 99 }, payment)).toBe(true);
		expect(isSamePayment({ Reference: 'payout_9 [ch_1]', Amount: 10.5 }, shared)).toBe(true);
		// Another charge of the same payout is another payment, whatever its amount.
		expect(isSamePayment({ Reference: 'payout_9 [ch_2]', Amount: 10.5 }, shared)).toBe(false);
		expect(isSamePayment({ Reference: 'payout_9', Amount: 10.5 }, shared)).toBe(false);
		expect(isSamePayment({ Reference: 'ch_1', Amount: 10.5, Status: 'DELETED' }, payment)).toBe(
			false,
		);
	});
});
