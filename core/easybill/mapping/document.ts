/**
 * Canonical invoices and credits <-> EasyBill documents. Canonical minor units become EasyBill's
 * hundredths of the currency unit here and back (`../cents`); VAT is `vat_percent` per position; dates are Berlin calendar dates.
 * EasyBill's `due_date` is read-only, so a due date travels as `due_in_days`.
 */
import type {
	Invoice,
	InvoiceLine,
	InvoiceRecord,
	InvoiceState,
	PaidInvoice,
	PaymentRecord,
	TaxMode,
} from '../../model';
import { fromCents, toCents } from '../cents';
import { customerDisplayName } from './contact';
import type { EbDocument, EbDocumentInput, EbPayment, EbPosition } from '../wire';

const DAY_MS = 86_400_000;

function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** `calc_vat_from`: 0 = prices are net, 1 = prices are gross (VAT inside). */
export function calcVatFrom(taxMode: TaxMode): 0 | 1 {
	return taxMode === 'inclusive' ? 1 : 0;
}

export function lineToPosition(
	line: InvoiceLine,
	taxMode: TaxMode,
	currency: string,
): EbPosition {
	const position: EbPosition = {
		type: 'POSITION',
		description: line.description,
		quantity: line.quantity,
		vat_percent: taxMode === 'none' ? 0 : (line.taxRatePercent ?? 0),
	};
	// Floats in EasyBill's spec: a 3-decimal currency's price may be 1234.5 hundredths.
	const price = toCents(line.unitPriceMinor, currency);
	if (taxMode === 'inclusive') position.single_price_gross = price;
	else position.single_price_net = price;
	if (line.discountPercent) {
		position.discount = line.discountPercent;
		position.discount_type = 'PERCENT';
	}
	if (line.itemCode) position.number = line.itemCode;
	if (line.accountCode) position.booking_account = line.accountCode;
	return position;
}

export function invoiceToDocument(invoice: Invoice, customerId: number): EbDocumentInput {
	const body: EbDocumentInput = {
		type: 'INVOICE',
		customer_id: customerId,
		currency: invoice.currency,
		document_date: invoice.issueDate,
		calc_vat_from: calcVatFrom(invoice.taxMode),
		external_id: invoice.sourceId,
		items: invoice.lines.map((line) => lineToPosition(line, invoice.taxMode, invoice.currency)),
	};
	if (invoice.dueDate) body.due_in_days = daysBetween(invoice.issueDate, invoice.dueDate);
	if (invoice.number) body.number = invoice.number;
	// EasyBill has no free "reference" field on documents; the order number is the one printed as such.
	if (invoice.reference) body.order_number = invoice.reference;
	return body;
}

/** A stored position as a new one to send (credits copy their invoice's positions). */
export function copyPosition(position: EbPosition): EbPosition {
	const copy: EbPosition = {
		type: position.type ?? 'POSITION',
		description: position.description ?? '',
		quantity: position.quantity ?? 1,
		vat_percent: position.vat_percent ?? 0,
	};
	if (position.single_price_net !== undefined && position.single_price_net !== null)
		copy.single_price_net = position.single_price_net;
	if (position.single_price_gross !== undefined && position.single_price_gross !== null)
		copy.single_price_gross = position.single_price_gross;
	if (position.discount !== undefined && position.discount !== null)
		copy.discount = position.discount;
	if (position.discount_type) copy.discount_type = position.discount_type;
	if (position.number) copy.number = position.number;
	if (position.booking_account) copy.booking_account = position.booking_account;
	return copy;
}

export function documentState(doc: EbDocument): InvoiceState {
	if (doc.cancel_id !== undefined && doc.cancel_id !== null) return 'void';
	if (doc.is_draft) return 'draft';
	if (isFullyPaid(doc)) return 'paid';
	return 'open';
}

/** EasyBill sets `paid_at` once payments cover the amount (or the user marks it paid). */
export function isFullyPaid(doc: EbDocument): boolean {
	if (doc.is_draft) return false;
	const markedPaid = doc.paid_at !== null && doc.paid_at !== undefined;
	return markedPaid || (doc.amount > 0 && doc.paid_amount >= doc.amount);
}

/** What is still open on a document, in EasyBill hundredths. */
export function openAmount(doc: EbDocument): number {
	return Math.max(0, doc.amount - (doc.paid_amount ?? 0));
}

function contactOf(doc: EbDocument): InvoiceRecord['contact'] {
	const snapshot = doc.customer_snapshot ?? undefined;
	const name = customerDisplayName(snapshot ?? {}) || customerDisplayName(doc.address ?? {});
	const contact: InvoiceRecord['contact'] = { ledgerId: String(doc.customer_id) };
	if (name) contact.name = name;
	const email = snapshot?.emails?.[0];
	if (email) contact.email = email;
	return contact;
}

export function documentToInvoiceRecord(doc: EbDocument): InvoiceRecord {
	const paid = doc.paid_amount ?? 0;
	const minor = (cents: number) => fromCents(cents, doc.currency);
	const record: InvoiceRecord = {
		ledgerId: String(doc.id),
		contact: contactOf(doc),
		currency: doc.currency,
		issueDate: doc.document_date,
		state: documentState(doc),
		subtotalMinor: minor(doc.amount_net),
		taxMinor: minor(doc.amount) - minor(doc.amount_net),
		totalMinor: minor(doc.amount),
		amountPaidMinor: minor(paid),
		// EasyBill does not net credits against invoices; an allocation shows up as a payment instead.
		amountCreditedMinor: 0,
		amountDueMinor: minor(openAmount(doc)),
	};
	if (doc.number) record.number = doc.number;
	if (doc.external_id) record.sourceId = doc.external_id;
	if (doc.order_number) record.reference = doc.order_number;
	if (doc.due_date) record.dueDate = doc.due_date;
	if (doc.paid_at) record.paidDate = doc.paid_at;
	return record;
}

export function paymentToRecord(payment: EbPayment, currency: string): PaymentRecord {
	const record: PaymentRecord = {
		ledgerId: String(payment.id),
		invoiceLedgerId: String(payment.document_id),
		amountMinor: fromCents(payment.amount, currency),
		currency,
		date: payment.payment_at.slice(0, 10),
	};
	// Our payments keep the source id in `reference` (the dedupe handle) and the caller's reference in `notice`.
	const reference = payment.notice || payment.reference;
	if (reference) record.reference = reference;
	return record;
}

/**
 * EasyBill has no credit allocation: Issue Credit Note books one as a payment on the invoice whose
 * `reference` starts with this prefix, so reading it back can tell credits from money received.
 */
export const CREDIT_ALLOCATION_PREFIX = 'credit:';

function isCreditAllocation(payment: EbPayment): boolean {
	return (payment.reference ?? '').startsWith(CREDIT_ALLOCATION_PREFIX);
}

/**
 * The trigger's view of a document. With its payments known, allocations of our credit notes count
 * as credited, not paid, as Xero reports them, so both ledgers give the same amounts.
 */
export function documentToPaidInvoice(doc: EbDocument, payments?: EbPayment[]): PaidInvoice {
	const paid: PaidInvoice = { ...documentToInvoiceRecord(doc), ledger: 'easybill', raw: doc };
	if (payments) {
		const own = payments.filter((p) => p.document_id === doc.id);
		const credited = own.filter(isCreditAllocation).reduce((sum, p) => sum + p.amount, 0);
		paid.amountCreditedMinor = fromCents(credited, doc.currency);
		paid.amountPaidMinor = Math.max(0, paid.amountPaidMinor - paid.amountCreditedMinor);
		paid.payments = own
			.filter((p) => !isCreditAllocation(p))
			.map((p) => paymentToRecord(p, doc.currency));
	}
	return paid;
}
