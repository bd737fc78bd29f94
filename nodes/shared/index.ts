/** n8n adapters shared by the Accounting Sync node and the Invoice Paid triggers. */
export { n8nSend, httpResponseOf, type N8nRequestContext } from './n8nSend';
export { n8nClock } from './n8nClock';
export {
	createLedgerFromContext,
	ledgerKindOf,
	tenantIdOf,
	readParameter,
	baseUrlOf,
	isXeroLedger,
	hasOrganisation,
	type AnyLedger,
	type LedgerContext,
} from './createLedger';
export { toNodeError, itemErrorJson, type ItemErrorJson } from './toNodeError';
export { searchTenants } from './searchTenants';
export {
	registerLedger,
	ledgerRegistration,
	registeredLedgers,
	fieldsOf,
	type LedgerRegistration,
	type LedgerFields,
	type LedgerChecks,
} from './ledgerRegistry';
export {
	XERO_CREDENTIAL,
	EASYBILL_CREDENTIAL,
	credentialTypeOf,
	isLedgerKind,
} from './credentialTypes';
