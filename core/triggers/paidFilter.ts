import type { PaidInvoice } from '../model';

/** How a settled invoice was settled: money received, credit notes only, or both. */
export type SettledBy = 'payment' | 'credit' | 'mixed';

/**
 * A sales invoice the ledger calls paid, with nothing due. A part-paid invoice is never emitted as
 * paid, nor a voided or deleted one (their state is not `paid`, whatever their amounts say).
 */
export function isFullyPaid(invoice: PaidInvoice): boolean {
	return invoice.state === 'paid' && invoice.amountDueMinor <= 0 && isSalesInvoice(invoice);
}

/**
 * Xero marks an invoice PAID when credit notes settle it, and EasyBill books our credit
 * allocations as payments; the canonical amounts tell money (`amountPaidMinor`) from credit
 * (`amountCreditedMinor`) on both ledgers. An invoice with a zero total counts as paid by payment.
 */
export function settledByOf(invoice: PaidInvoice): SettledBy {
	const money = invoice.amountPaidMinor > 0;
	const credit = invoice.amountCreditedMinor > 0;
	if (money && credit) return 'mixed';
	if (credit) return 'credit';
	return 'payment';
}

export interface PaidEmitOptions {
	/** Option "Also Emit Invoices Settled Only by Credit Notes" (a cancellation, not money). */
	emitCreditOnly?: boolean;
}

/** "Invoice Paid": settled, with money received (or, by option, settled by credit alone). */
export function isPaidForTrigger(invoice: PaidInvoice, options: PaidEmitOptions = {}): boolean {
	if (!isFullyPaid(invoice)) return false;
	return options.emitCreditOnly === true || settledByOf(invoice) !== 'credit';
}

/** A sales invoice, judged by the ledger's own object where it says: Xero `ACCREC`, EasyBill `INVOICE`. */
export function isSalesInvoice(invoice: PaidInvoice): boolean {
	const raw = (
		typeof invoice.raw === 'object' && invoice.raw !== null ? invoice.raw : {}
	) as Record<string, unknown>;
	if (invoice.ledger === 'xero') return raw.Type === undefined || raw.Type === 'ACCREC';
	if (invoice.ledger === 'easybill') return raw.type === undefined || raw.type === 'INVOICE';
	// Any other ledger's listPaidInvoices lists sales invoices only (the Ledger contract).
	return true;
}

/** Dedupe key of an invoice: ledger ids compared case-insensitively (Xero GUIDs vary in case). */
export function invoiceKey(invoice: Pick<PaidInvoice, 'ledgerId'>): string {
	return String(invoice.ledgerId).toLowerCase();
}
