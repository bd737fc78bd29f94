/**
 * The books as the sandbox holds them, read straight from its state (not through the package),
 * in one neutral shape for both ledgers: amounts in ISO minor units, records keyed by the source
 * ids the package writes (Xero: ContactNumber and Reference; EasyBill: number and external_id).
 */
import type { Sandbox } from '../../sandbox';

export interface BookInvoice {
	ledgerId: string;
	sourceId: string;
	contactSourceId?: string;
	currency: string;
	final: boolean;
	voided: boolean;
	issueDate: string;
	totalMinor: number;
	taxMinor: number;
	/** Money received (payments only), one entry per payment. */
	payments: BookPayment[];
	creditedMinor: number;
}

export interface BookPayment {
	amountMinor: number;
	date: string;
}

export interface BookCreditNote {
	ledgerId: string;
	sourceId: string;
	invoiceLedgerId?: string;
	currency: string;
	date: string;
	totalMinor: number;
	allocatedMinor: number;
	refundedMinor: number;
}

export interface Books {
	contacts: { ledgerId: string; sourceId: string; name: string }[];
	invoices: BookInvoice[];
	creditNotes: BookCreditNote[];
}

const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'HUF', 'XAF', 'XOF']);
const THREE_DECIMAL = new Set(['KWD', 'BHD', 'OMR', 'JOD', 'TND', 'LYD', 'IQD']);
const exponent = (currency: string) => (ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2);

/** Xero decimals in the document currency to minor units. */
const fromXero = (value: unknown, currency: string) => Math.round(Number(value ?? 0) * 10 ** exponent(currency));
/** EasyBill "cents" are hundredths of the currency unit whatever the currency (API-FACTS). */
const fromEasyBill = (value: unknown, currency: string) =>
	Math.round((Number(value ?? 0) / 100) * 10 ** exponent(currency));

/** Xero's `DateString` (`2026-11-02T00:00:00`): the local calendar date it books on. */
const dayOfXero = (value: unknown) => String(value ?? '').slice(0, 10);

export function xeroBooks(sandbox: Sandbox, tenantId: string): Books {
	const contacts = sandbox.xero
		.contacts(tenantId)
		.filter((c) => c.ContactStatus !== 'ARCHIVED')
		.map((c) => ({ ledgerId: c.ContactID, sourceId: c.ContactNumber ?? '', name: c.Name }));
	const numberOf = new Map(contacts.map((c) => [c.ledgerId, c.sourceId]));
	const live = (status: string) => status !== 'DELETED' && status !== 'VOIDED';
	// A voided invoice stays in the books (voided); a deleted one is gone.
	const payments = sandbox.xero.payments(tenantId).filter((p) => p.Status !== 'DELETED');
	const invoices = sandbox.xero
		.invoices(tenantId)
		.filter((i) => i.Type === 'ACCREC' && i.Status !== 'DELETED')
		.map((i): BookInvoice => {
			const currency = i.CurrencyCode;
			return {
				ledgerId: i.InvoiceID,
				sourceId: i.Reference ?? '',
				contactSourceId: numberOf.get(i.Contact?.ContactID),
				currency,
				final: i.Status !== 'DRAFT' && i.Status !== 'SUBMITTED',
				voided: i.Status === 'VOIDED',
				issueDate: dayOfXero(i.DateString),
				totalMinor: fromXero(i.Total, currency),
				taxMinor: fromXero(i.TotalTax, currency),
				payments: payments
					.filter((p) => p.Invoice?.InvoiceID === i.InvoiceID)
					.map((p) => ({ amountMinor: fromXero(p.Amount, currency), date: dayOfXero(p.DateString) })),
				creditedMinor: fromXero(i.AmountCredited, currency),
			};
		});
	const creditNotes = sandbox.xero
		.creditNotes(tenantId)
		.filter((n) => n.Type === 'ACCRECCREDIT' && live(n.Status))
		.map((n): BookCreditNote => {
			const currency = n.CurrencyCode;
			const allocations = (n.Allocations ?? []) as { Amount: number; Invoice?: { InvoiceID?: string } }[];
			return {
				ledgerId: n.CreditNoteID,
				sourceId: n.Reference ?? '',
				invoiceLedgerId: allocations[0]?.Invoice?.InvoiceID,
				currency,
				date: dayOfXero(n.DateString),
				totalMinor: fromXero(n.Total, currency),
				allocatedMinor: allocations.reduce((s, a) => s + fromXero(a.Amount, currency), 0),
				refundedMinor: payments
					.filter((p) => p.CreditNote?.CreditNoteID === n.CreditNoteID)
					.reduce((s, p) => s + fromXero(p.Amount, currency), 0),
			};
		});
	return { contacts, invoices, creditNotes };
}

/** EasyBill's allocation is a payment on the invoice referenced `credit:<credit note source id>`. */
const CREDIT_REFERENCE = /^credit:/;

export function easyBillBooks(sandbox: Sandbox): Books {
	const contacts = sandbox.easybill.customers().map((c) => ({
		ledgerId: String(c.id),
		sourceId: c.number ?? '',
		name: c.company_name ?? c.last_name ?? '',
	}));
	const numberOf = new Map(contacts.map((c) => [c.ledgerId, c.sourceId]));
	const documents = sandbox.easybill.documents();
	const payments = sandbox.easybill.payments();
	const paymentsOf = (id: number) => payments.filter((p) => p.document_id === id);
	const invoices = documents
		.filter((d) => d.type === 'INVOICE')
		.map((d): BookInvoice => {
			const currency = d.currency ?? 'EUR';
			const own = paymentsOf(d.id);
			return {
				ledgerId: String(d.id),
				sourceId: d.external_id ?? '',
				contactSourceId: numberOf.get(String(d.customer_id)),
				currency,
				final: d.is_draft === false,
				// Cancelled with a storno document (EasyBill's void).
				voided: Boolean(d.cancel_id),
				issueDate: String(d.document_date ?? '').slice(0, 10),
				totalMinor: fromEasyBill(d.amount, currency),
				taxMinor: fromEasyBill(Number(d.amount) - Number(d.amount_net), currency),
				payments: own
					.filter((p) => !CREDIT_REFERENCE.test(String(p.reference ?? '')))
					.map((p) => ({ amountMinor: fromEasyBill(p.amount, currency), date: String(p.payment_at ?? '').slice(0, 10) })),
				creditedMinor: own
					.filter((p) => CREDIT_REFERENCE.test(String(p.reference ?? '')))
					.reduce((s, p) => s + fromEasyBill(p.amount, currency), 0),
			};
		});
	const creditNotes = documents
		.filter((d) => d.type === 'CREDIT')
		.map((d): BookCreditNote => {
			const currency = d.currency ?? 'EUR';
			const sourceId = d.external_id ?? '';
			const allocations = payments.filter((p) => p.reference === `credit:${sourceId}`);
			return {
				ledgerId: String(d.id),
				sourceId,
				invoiceLedgerId: d.ref_id === null ? undefined : String(d.ref_id),
				currency,
				date: String(d.document_date ?? '').slice(0, 10),
				totalMinor: fromEasyBill(Math.abs(Number(d.amount)), currency),
				allocatedMinor: allocations.reduce((s, p) => s + fromEasyBill(p.amount, currency), 0),
				// Money paid out is the `refund:` payment on the credit; `credit-applied:` only marks
				// the part allocated to the invoice as used.
				refundedMinor: paymentsOf(d.id)
					.filter((p) => String(p.reference ?? '').startsWith('refund:'))
					.reduce((s, p) => s + fromEasyBill(Math.abs(Number(p.amount)), currency), 0),
			};
		});
	return { contacts, invoices, creditNotes };
}
