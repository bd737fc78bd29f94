/**
 * The demo's closing summary is for the person who owns the books: money per ledger (invoiced,
 * paid, credited, outstanding), why EasyBill counts more payments (the allocation and its counterpart on the credit note), a time row, and no JSON or
 * jargon. EasyBill's credit allocation (a payment with reference "credit:…") counts as credited.
 */
import type { Sandbox } from '../../sandbox';
import { easyBillFigures, summaryText, xeroFigures } from '../../scripts/demo/summary';

const entries = (counts: Record<string, number>) => (filter?: { service?: string }) =>
	Array.from({ length: counts[filter?.service ?? ''] ?? 0 }, () => ({}));

function fakeSandbox(): Sandbox {
	return {
		log: { entries: entries({ xero: 19, 'xero-identity': 0, easybill: 34 }) },
		xero: {
			contacts: () => [{}, {}],
			invoices: () => [
				{ Type: 'ACCREC', Status: 'PAID', Total: 100, AmountPaid: 95, AmountCredited: 5, AmountDue: 0 },
				{ Type: 'ACCREC', Status: 'AUTHORISED', Total: 50.5, AmountPaid: 0, AmountCredited: 0, AmountDue: 50.5 },
			],
			payments: () => [{}],
			creditNotes: () => [{}],
		},
		easybill: {
			customers: () => [{}, {}],
			documents: () => [
				{ id: 1, type: 'INVOICE', amount: 10000, paid_amount: 10000, paid_at: '2026-11-30' },
				{ id: 2, type: 'INVOICE', amount: 5050, paid_amount: 0, paid_at: null },
				{ id: 3, type: 'CREDIT', amount: 500, paid_amount: 0, paid_at: null },
			],
			payments: () => [
				{ document_id: 1, amount: 9500, reference: 'ch_1' },
				{ document_id: 1, amount: 500, reference: 'credit:cn_1' },
				{ document_id: 3, amount: 500, reference: 'credit-applied:cn_1' },
			],
		},
	} as unknown as Sandbox;
}

describe('demo summary', () => {
	const sandbox = fakeSandbox();
	const xero = xeroFigures(sandbox, 'tenant');
	const easybill = easyBillFigures(sandbox);

	it('counts an EasyBill credit allocation as credited, so both ledgers show the same money', () => {
		for (const figures of [xero, easybill]) {
			expect(figures).toMatchObject({ invoiced: 15050, paid: 9500, credited: 500, outstanding: 5050 });
		}
		expect(easybill.payments - xero.payments).toBe(2);
		expect(easybill.allocationPayments).toBe(1);
		expect(easybill.creditSettlements).toBe(1);
	});

	it('reads as money with a time row and explains the extra EasyBill payment, without JSON or jargon', () => {
		const text = summaryText({
			currency: 'EUR',
			xeroOrganisation: 'Demo Company (UK)',
			figures: { xero, easybill },
			took: { xero: 284_000, easybill: 41_000 },
			triggerFired: { xero: true, easybill: true },
		});
		expect(text).toMatch(/^Paid by customers +EUR 95\.00 +EUR 95\.00$/m);
		expect(text).toMatch(/^Credited \(credit notes\) +EUR 5\.00 +EUR 5\.00$/m);
		expect(text).toMatch(/^Outstanding +EUR 50\.50 +EUR 50\.50$/m);
		expect(text).toMatch(/^Time +4 min 44 s +41 s$/m);
		expect(text).toMatch(/EasyBill shows 2 more payments than Xero/);
		expect(text).toMatch(/payment on the credit note \(reference "credit-applied:…"\)/);
		expect(text).not.toMatch(/[{}]|token/);
	});
});
