/** The node's description: identity, credentials per ledger, and every operation's fields. */
import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import { EASYBILL_CREDENTIAL, XERO_CREDENTIAL } from '../../shared/credentialTypes';
import { amountUnitParameter, ledgerParameter, safeToRerunNotice, tenantParameter } from './common.description';
import { operationParameter, operations } from './operations';

const OPERATION_LABELS =
	'{"upsertContact":"Upsert Contact","createInvoice":"Create Invoice","recordPayment":"Record Payment","issueCreditNote":"Issue Credit Note"}';

export const versionDescription: INodeTypeDescription = {
	displayName: 'Accounting Sync',
	name: 'accountingSync',
	icon: { light: 'file:accountingSync.svg', dark: 'file:accountingSync.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: `={{ ($parameter["ledger"] === "easybill" ? "EasyBill" : "Xero") + ": " + (${OPERATION_LABELS})[$parameter["operation"]] }}`,
	description: 'Sync contacts, invoices, payments and credit notes into Xero or EasyBill, exactly once',
	defaults: { name: 'Accounting Sync' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [
		{ name: XERO_CREDENTIAL, required: true, displayOptions: { show: { ledger: ['xero'] } } },
		{ name: EASYBILL_CREDENTIAL, required: true, displayOptions: { show: { ledger: ['easybill'] } } },
	],
	properties: [
		ledgerParameter,
		tenantParameter,
		operationParameter,
		safeToRerunNotice,
		amountUnitParameter,
		...operations.upsertContact.description,
		...operations.createInvoice.description,
		...operations.recordPayment.description,
		...operations.issueCreditNote.description,
	],
};
