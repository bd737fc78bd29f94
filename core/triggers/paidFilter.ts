import type { PaidInvoice } from '../model';

/**
 * The last word on "paid" before anything is emitted, whatever the ledger adapter returned: a sales
 * invoice the ledger calls paid, with nothing due. A part-paid invoice is never emitted as paid. (Xero also
 * marks an invoice PAID when a credit note settles it; `amountCreditedMinor` tells those apart.)
 */
export function isFullyPaid(invoice: PaidInvoice): boolean {
	return invoice.state === 'paid' && invoice.amountDueMinor <= 0 && isSalesInvoice(invoice);
}

/** A sales invoice, judged by the ledger's own object where it says: Xero `ACCREC`, EasyBill `INVOICE`. */
export function isSalesInvoice(invoice: PaidInvoice): boolean {
	const raw = (
		typeof invoice.raw === 'object' && invoice.raw !== null ? invoice.raw : {}
	) as Record<string, unknown>;
	if (invoice.ledger === 'xero') return raw.Type === undefined || raw.Type === 'ACCREC';
	return raw.type === undefined || raw.type === 'INVOICE';
}

/** Dedupe key of an invoice: ledger ids compared case-insensitively (Xero GUIDs vary in case). */
export function invoiceKey(invoice: Pick<PaidInvoice, 'ledgerId'>): string {
	return String(invoice.ledgerId).toLowerCase();
}
