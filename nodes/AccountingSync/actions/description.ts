/** The node's credentials per ledger, subtitle, and every operation's fields. */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { ledgerCredentials, ledgerLabelExpression } from '../../shared/ledgerParameters';
import {
	amountUnitParameter,
	ledgerParameter,
	safeToRerunNotice,
	tenantParameter,
} from './common.description';
import { operationParameter, operations } from './operations';

const OPERATION_LABELS =
	'{"upsertContact":"Upsert Contact","createInvoice":"Create Invoice","recordPayment":"Record Payment","issueCreditNote":"Issue Credit Note","getInvoice":"Get Invoice","voidInvoice":"Void Invoice","reversePayment":"Reverse Payment","sendInvoice":"Send Invoice","downloadPdf":"Download Invoice PDF","findContacts":"Find Contacts","findInvoices":"Find Invoices","writeOff":"Write Off","attachFile":"Attach File"}';

export const subtitle = `={{ ${ledgerLabelExpression()} + ": " + (${OPERATION_LABELS})[$parameter["operation"]] }}`;

export const credentials: INodeCredentialDescription[] = ledgerCredentials;

export const properties: INodeProperties[] = [
	ledgerParameter,
	tenantParameter,
	operationParameter,
	safeToRerunNotice,
	amountUnitParameter,
	...operations.upsertContact.description,
	...operations.createInvoice.description,
	...operations.recordPayment.description,
	...operations.issueCreditNote.description,
	...operations.getInvoice.description,
	...operations.voidInvoice.description,
	...operations.reversePayment.description,
	...operations.sendInvoice.description,
	...operations.downloadPdf.description,
	...operations.attachFile.description,
	...operations.findContacts.description,
	...operations.findInvoices.description,
	...operations.writeOff.description,
];
