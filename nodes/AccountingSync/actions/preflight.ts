/**
 * The core's own input checks, per ledger, run on every item before any request. The ledgers run
 * them again inside their batch calls; running them here first is what lets the node refuse a
 * batch with a bad item before the first write when "Continue On Fail" is off.
 */
import * as easyBill from '../../../core/easybill/validation';
import { LedgerError } from '../../../core/errors';
import type { LedgerKind } from '../../../core/model';
import * as xero from '../../../core/xero/validate';

type XeroCheck<T> = (input: T, itemIndex: number) => LedgerError | undefined;
type EasyBillCheck<T> = (input: T) => unknown;

export function preflight<T>(
	ledger: LedgerKind,
	input: T,
	itemIndex: number,
	checks: { xero: XeroCheck<T>; easybill: EasyBillCheck<T> },
): LedgerError | undefined {
	if (ledger === 'xero') return checks.xero(input, itemIndex);
	try {
		checks.easybill(input);
		return undefined;
	} catch (error) {
		if (error instanceof LedgerError) return error.forItem(itemIndex);
		const message = error instanceof Error ? error.message : String(error);
		return new LedgerError(message, { kind: 'unknown', itemIndex });
	}
}

export const contactChecks = { xero: xero.validateContact, easybill: easyBill.validateContact };
export const invoiceChecks = { xero: xero.validateInvoice, easybill: easyBill.validateInvoice };
export const paymentChecks = { xero: xero.validatePayment, easybill: easyBill.validatePayment };
export const creditNoteChecks = {
	xero: xero.validateCreditNote,
	easybill: easyBill.validateCreditNote,
};
