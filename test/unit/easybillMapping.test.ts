import {
	contactToCustomer,
	changedCustomerFields,
	customerToContact,
} from '../../core/easybill/mapping/contact';
import { planCredit } from '../../core/easybill/mapping/credit';
import {
	documentState,
	documentToPaidInvoice,
	invoiceToDocument,
} from '../../core/easybill/mapping/document';
import type { EbCustomer, EbDocument } from '../../core/easybill/wire';
import type { Invoice } from '../../core/model';

const invoice: Invoice = {
	sourceId: 'in_1',
	contact: { ledgerId: '7' },
	issueDate: '2026-03-28',
	dueDate: '2026-04-11',
	currency: 'EUR',
	taxMode: 'exclusive',
	status: 'final',
	reference: 'PO-9',
	lines: [
		{
			description: 'Plan',
			quantity: 2,
			unitPriceMinor: 1999,
			taxRatePercent: 19,
			discountPercent: 10,
			accountCode: '8400',
			itemCode: 'PLAN',
		},
		{ description: 'Book', quantity: 1.5, unitPriceMinor: 1000, taxRatePercent: 7 },
	],
};

function doc(overrides: Partial<EbDocument> = {}): EbDocument {
	return {
		id: 500001,
		type: 'INVOICE',
		number: 'RE-1001',
		is_draft: false,
		customer_id: 100001,
		currency: 'EUR',
		document_date: '2026-03-28',
		due_date: '2026-04-11',
		amount: 11900,
		amount_net: 10000,
		paid_amount: 0,
		paid_at: null,
		external_id: 'in_1',
		ref_id: null,
		calc_vat_from: 0,
		items: [
			{
				type: 'POSITION',
				description: 'A',
				quantity: 1,
				single_price_net: 10000,
				vat_percent: 19,
				total_price_net: 10000,
				total_price_gross: 11900,
				total_vat: 1900,
			},
		],
		...overrides,
	};
}

describe('EasyBill invoice mapping', () => {
	it('sends cents as they are, vat_percent, a percent discount and the due date as due_in_days', () => {
		const body = invoiceToDocument(invoice, 7);
		expect(body).toMatchObject({
			type: 'INVOICE',
			customer_id: 7,
			currency: 'EUR',
			document_date: '2026-03-28',
			due_in_days: 14,
			calc_vat_from: 0,
			external_id: 'in_1',
			order_number: 'PO-9',
		});
		expect(body.items[0]).toEqual({
			type: 'POSITION',
			description: 'Plan',
			quantity: 2,
			single_price_net: 1999,
			vat_percent: 19,
			discount: 10,
			discount_type: 'PERCENT',
			number: 'PLAN',
			booking_account: '8400',
		});
		expect(body.items[1]).toMatchObject({ quantity: 1.5, single_price_net: 1000, vat_percent: 7 });
		expect(body.items[1]).not.toHaveProperty('discount');
	});

	it('sends gross prices with calc_vat_from 1 for tax-inclusive invoices and VAT 0 when untaxed', () => {
		expect(invoiceToDocument({ ...invoice, taxMode: 'inclusive' }, 7)).toMatchObject({
			calc_vat_from: 1,
			items: [{ single_price_gross: 1999, vat_percent: 19 }, { single_price_gross: 1000 }],
		});
		const untaxed = invoiceToDocument({ ...invoice, taxMode: 'none' }, 7);
		expect(untaxed.items.map((i) => i.vat_percent)).toEqual([0, 0]);
		expect(untaxed.items[0]).not.toHaveProperty('single_price_gross');
	});

	it('reads states: draft, open, part-paid open, paid, void', () => {
		expect(documentState(doc({ is_draft: true }))).toBe('draft');
		expect(documentState(doc())).toBe('open');
		expect(documentState(doc({ paid_amount: 5000 }))).toBe('open');
		expect(documentState(doc({ paid_amount: 11900, paid_at: '2026-04-01' }))).toBe('paid');
		expect(documentState(doc({ cancel_id: 500002 }))).toBe('void');
	});

	it('counts a credit note allocation as credited, not paid, as Xero does', () => {
		const paid = documentToPaidInvoice(doc({ paid_amount: 11900, paid_at: '2026-04-02' }), [
			{ id: 900001, document_id: 500001, amount: 9900, payment_at: '2026-04-01', reference: 'ch_1' },
			{
				id: 900002,
				document_id: 500001,
				amount: 2000,
				payment_at: '2026-04-02',
				reference: 'credit:cn_1',
				provider: 'credit note',
			},
		]);
		expect(paid.amountPaidMinor).toBe(9900);
		expect(paid.amountCreditedMinor).toBe(2000);
		expect(paid.amountDueMinor).toBe(0);
		expect(paid.payments?.map((p) => p.ledgerId)).toEqual(['900001']);
	});

	it('maps a paid document to the trigger record with totals, contact and its own payments only', () => {
		const paid = documentToPaidInvoice(
			doc({
				paid_amount: 11900,
				paid_at: '2026-04-01',
				customer_snapshot: { company_name: 'Müller, Schmidt GmbH', emails: ['ap@ms.de'] },
			}),
			[
				{
					id: 900001,
					document_id: 500001,
					amount: 11900,
					payment_at: '2026-04-01',
					reference: 'ch_1',
				},
				{ id: 900002, document_id: 500099, amount: 100, payment_at: '2026-04-01' },
			],
		);
		expect(paid).toMatchObject({
			ledger: 'easybill',
			ledgerId: '500001',
			number: 'RE-1001',
			sourceId: 'in_1',
			contact: { ledgerId: '100001', name: 'Müller, Schmidt GmbH', email: 'ap@ms.de' },
			currency: 'EUR',
			subtotalMinor: 10000,
			taxMinor: 1900,
			totalMinor: 11900,
			amountPaidMinor: 11900,
			amountDueMinor: 0,
			paidDate: '2026-04-01',
			state: 'paid',
		});
		expect(paid.payments).toEqual([
			{
				ledgerId: '900001',
				invoiceLedgerId: '500001',
				amountMinor: 11900,
				currency: 'EUR',
				date: '2026-04-01',
				reference: 'ch_1',
			},
		]);
		expect(paid.raw).toMatchObject({ id: 500001 });
	});
});

describe('EasyBill customer mapping', () => {
	it('puts the source id in number, addresses in emails (never email) and a lone name into company_name', () => {
		const body = contactToCustomer({ sourceId: 'cus_1', name: 'Ada Shop', emails: ['a@x.de'] });
		expect(body).toEqual({
			number: 'cus_1',
			company_name: 'Ada Shop',
			first_name: null,
			last_name: null,
			emails: ['a@x.de'],
		});
		expect(body).not.toHaveProperty('email');
	});

	it('uses last_name for a person without a company', () => {
		const body = contactToCustomer({
			sourceId: 'cus_2',
			name: 'Ada Lovelace',
			firstName: 'Ada',
			lastName: 'Lovelace',
			address: { line1: 'Str. 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
		});
		expect(body).toMatchObject({
			company_name: null,
			first_name: 'Ada',
			last_name: 'Lovelace',
			street: 'Str. 1',
			zip_code: '10115',
			city: 'Berlin',
			country: 'DE',
		});
	});

	it('sees no change when the stored customer already matches (e-mail order and case ignored)', () => {
		const stored: EbCustomer = {
			id: 1,
			number: 'cus_1',
			company_name: 'Ada Shop',
			first_name: null,
			last_name: null,
			emails: ['B@x.de', 'a@x.de'],
			country: 'DE',
		};
		expect(
			changedCustomerFields(
				stored,
				contactToCustomer({ sourceId: 'cus_1', name: 'Ada Shop', emails: ['a@x.de', 'b@x.de'] }),
			),
		).toEqual([]);
		expect(
			changedCustomerFields(
				stored,
				contactToCustomer({ sourceId: 'cus_1', name: 'Ada Shop', emails: ['a@x.de'] }),
			),
		).toEqual(['emails']);
	});

	it('reads a customer back into the canonical contact', () => {
		expect(
			customerToContact({
				id: 5,
				number: 'cus_1',
				company_name: 'Ada Shop',
				emails: ['a@x.de'],
				city: 'Berlin',
				country: 'DE',
			}),
		).toMatchObject({
			ledgerId: '5',
			sourceId: 'cus_1',
			name: 'Ada Shop',
			companyName: 'Ada Shop',
			emails: ['a@x.de'],
			address: { city: 'Berlin', country: 'DE' },
		});
	});
});

describe('EasyBill credit planning', () => {
	const note = {
		sourceId: 're_1',
		invoice: { ledgerId: '500001' },
		date: '2026-04-02',
		currency: 'EUR',
	};

	it('credits the whole invoice as type CREDIT with ref_id, copying its positions', () => {
		const plan = planCredit(note, doc());
		expect(plan.totalCents).toBe(11900);
		expect(plan.body).toMatchObject({
			type: 'CREDIT',
			ref_id: 500001,
			external_id: 're_1',
			customer_id: 100001,
			calc_vat_from: 0,
		});
		expect(plan.body.items).toEqual([
			{ type: 'POSITION', description: 'A', quantity: 1, single_price_net: 10000, vat_percent: 19 },
		]);
	});

	it('spreads a partial amount over the invoice VAT rates in proportion, to the cent', () => {
		const mixed = doc({
			amount: 3000,
			items: [
				{ vat_percent: 19, total_price_gross: 2000 },
				{ vat_percent: 7, total_price_gross: 1000 },
			],
		});
		const plan = planCredit({ ...note, amountMinor: 1001 }, mixed);
		expect(plan.body.calc_vat_from).toBe(1);
		const shares = plan.body.items.map((i) => [i.vat_percent, i.single_price_gross]);
		expect(shares).toEqual([
			[7, 334],
			[19, 667],
		]);
	});

	it('takes the invoice VAT rate for credit lines that give none, and refuses when rates are mixed', () => {
		const plan = planCredit(
			{ ...note, lines: [{ description: 'Refund part', quantity: 1, unitPriceMinor: 1000 }] },
			doc(),
		);
		expect(plan.body.items[0]).toMatchObject({ single_price_net: 1000, vat_percent: 19 });
		expect(plan.totalCents).toBe(1190);
		const mixed = doc({ items: [{ vat_percent: 19 }, { vat_percent: 7 }] });
		expect(() =>
			planCredit({ ...note, lines: [{ description: 'x', quantity: 1, unitPriceMinor: 1 }] }, mixed),
		).toThrow(expect.objectContaining({ field: 'lines[0].taxRatePercent' }));
	});
});
