/**
 * Canonical Payment -> Xero Payment. The reference Xero keeps is the caller's reference or, when
 * none is given, the payment's source id: that is what lets a re-run recognise a payment it
 * already recorded on the invoice.
 */
import { majorNumberToMinor, toMajorNumber } from '../../money';
import type { Payment } from '../../model';
import { isXeroId } from '../where';
import type { XeroAccount, XeroPayment } from '../wire';

/** An account given as a GUID is an AccountID, anything else its code. */
export function accountRef(account: string): XeroAccount {
	const value = account.trim();
	return isXeroId(value) ? { AccountID: value } : { Code: value };
}

export function paymentReference(payment: Pick<Payment, 'sourceId' | 'reference'>): string {
	return payment.reference?.trim() || payment.sourceId.trim();
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
 * True when `existing` (a payment already on the invoice) is this payment. The reference alone
 * decides when it is the source id; a caller-chosen reference (often shared, e.g. a payout id)
 * must also match amount and date.
 */
export function isSamePayment(existing: XeroPayment, payment: Payment, currency: string): boolean {
	if ((existing.Reference ?? '').trim() !== paymentReference(payment)) return false;
	if (existing.Status === 'DELETED') return false;
	if (!payment.reference?.trim()) return true;
	const amount =
		typeof existing.Amount === 'number' ? majorNumberToMinor(existing.Amount, currency) : undefined;
	return amount === payment.amountMinor;
}
