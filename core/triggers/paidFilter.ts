import type { PaidInvoice } from '../model';

/**
 * The last word on "paid" before anything is emitted, whatever the ledger adapter returned: the
 * ledger calls it paid and nothing is due. A part-paid invoice is never emitted as paid. (Xero also
 * marks an invoice PAID when a credit note settles it; `amountCreditedMinor` tells those apart.)
 */
export function isFullyPaid(invoice: PaidInvoice): boolean {
	return invoice.state === 'paid' && invoice.amountDueMinor <= 0;
}

/** Dedupe key of an invoice: ledger ids compared case-insensitively (Xero GUIDs vary in case). */
export function invoiceKey(invoice: Pick<PaidInvoice, 'ledgerId'>): string {
	return String(invoice.ledgerId).toLowerCase();
}
