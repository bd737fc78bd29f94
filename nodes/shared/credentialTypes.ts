/** The credential each ledger uses; the node shows the one matching its Ledger choice. */
import type { LedgerKind } from '../../core/model';

export const XERO_CREDENTIAL = 'xeroAccountingSyncOAuth2Api';
export const EASYBILL_CREDENTIAL = 'easyBillAccountingSyncApi';

export function credentialTypeOf(ledger: LedgerKind): string {
	return ledger === 'xero' ? XERO_CREDENTIAL : EASYBILL_CREDENTIAL;
}

export function isLedgerKind(value: unknown): value is LedgerKind {
	return value === 'xero' || value === 'easybill';
}
