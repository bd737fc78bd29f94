/**
 * Canonical Payment -> Xero Payment. The reference Xero keeps is the caller's reference or, when
 * none is given, the payment's source id: that is what lets a re-run recognise a payment it
 * already recorded on the invoice.
 */
import { toMajorNumber } from '../../money';
import type { Payment } from '../../model';
import { isXeroId } from '../where';
import type { XeroAccount, XeroPayment } from '../wire';

/** An account given as a GUID is an AccountID, anything else its code. */
export function accountRef(account: string): XeroAccount {
	const value = account.trim();
	return isXeroId(value) ? { AccountID: value } : { Code: value };
}

/**
 * What Xero keeps in the payment's `Reference`: the source id alone, or the caller's reference
 * followed by the source id in brackets (`po_123 [ch_1]`). Payments have no external-id field, and
 * a caller's reference is often shared (a payout pays many charges), so the source id must be in
 * there for a later lookup to tell instalments apart.
 */
export function paymentReference(payment: Pick<Payment, 'sourceId' | 'reference'>): string {
	const sourceId = payment.sourceId.trim();
	const reference = payment.reference?.trim();
	return reference && reference !== sourceId ? `${reference} [${sourceId}]` : sourceId;
}

export function toXeroPayment(
	payment: Payment,
	invoiceId: string,
	bankAccount: string,
): XeroPayment {
	return {
		Invoice: { InvoiceID: invoiceId },
		Account: accountRef(bankAccount),
		Amount: toMajorNumber(payment.amountMinor, payment.currency),
		Date: payment.date,
		Reference: paymentReference(payment),
	};
}

/**
 * True when `existing` (a payment already on the invoice) was booked for this payment's source id.
 * Amount and date are not part of the identity: a payment found with other values is a conflict,
 * decided by the caller.
 */
export function isSamePayment(existing: XeroPayment, payment: Payment): boolean {
	if (existing.Status === 'DELETED') return false;
	const stored = (existing.Reference ?? '').trim();
	const sourceId = payment.sourceId.trim();
	return stored === sourceId || stored.endsWith(` [${sourceId}]`);
}
