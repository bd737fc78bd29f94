/**
 * The core's own input checks, run on every item before any request. The ledgers run them again
 * inside their batch calls; running them here first is what lets the node refuse a batch with a
 * bad item before the first write when "Continue On Fail" is off. Which checks a ledger has comes
 * from its registration (one signature for every ledger).
 */
import type { LedgerError } from '../../../core/errors';
import type { LedgerKind } from '../../../core/model';
import { ledgerRegistration, type LedgerChecks } from '../../shared/ledgerRegistry';

export function preflight<K extends keyof LedgerChecks>(
	ledger: LedgerKind,
	input: Parameters<LedgerChecks[K]>[0],
	itemIndex: number,
	checks: K,
): LedgerError | undefined {
	const check = ledgerRegistration(ledger).checks[checks] as (
		input: Parameters<LedgerChecks[K]>[0],
		itemIndex: number,
	) => LedgerError | undefined;
	return check(input, itemIndex);
}

export const contactChecks = 'contact' as const;
export const invoiceChecks = 'invoice' as const;
export const paymentChecks = 'payment' as const;
export const creditNoteChecks = 'creditNote' as const;
