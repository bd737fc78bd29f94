/** The credential each ledger uses; the node shows the one matching its Ledger choice. */
import { isRegisteredLedger, ledgerRegistration } from './ledgerRegistry';

export { EASYBILL_CREDENTIAL, XERO_CREDENTIAL } from './credentialNames';

export function credentialTypeOf(ledger: string): string {
	return ledgerRegistration(ledger).credentialType;
}

export function isLedgerKind(value: unknown): value is string {
	return isRegisteredLedger(value);
}
