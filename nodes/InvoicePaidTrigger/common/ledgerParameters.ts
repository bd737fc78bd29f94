/**
 * The parameters both Invoice Paid triggers share: which ledger, its credential, and for Xero the
 * organisation (a token can reach several; the user picks one, we never default to the first).
 */
import type { INodeCredentialDescription } from 'n8n-workflow';

import {
	ledgerCredentials,
	ledgerParameter as sharedLedgerParameter,
	tenantParameter as sharedTenantParameter,
} from '../../shared/ledgerParameters';

export type TriggerLedger = 'xero' | 'easybill';

export const triggerCredentials: INodeCredentialDescription[] = ledgerCredentials;

export const ledgerParameter = sharedLedgerParameter(
	'The accounting system whose paid invoices start this workflow',
);

export const tenantParameter = sharedTenantParameter('The Xero organisation (tenant) to watch');
