/** Parameters every operation shares: which ledger, which Xero organisation, and the amount unit. */
import type { INodeProperties } from 'n8n-workflow';

import {
	ledgerParameter as sharedLedgerParameter,
	tenantParameter as sharedTenantParameter,
} from '../../shared/ledgerParameters';

export const ledgerParameter = sharedLedgerParameter(
	'The accounting system to write to. Inputs and outputs are the same for both.',
);

export const tenantParameter = sharedTenantParameter(
	'The Xero organisation (tenant) to write to. One Xero login can reach several.',
);

export const amountUnitParameter: INodeProperties = {
	displayName: 'Amounts Are In',
	name: 'amountUnit',
	type: 'options',
	options: [
		{
			name: 'Major Units (12.50)',
			value: 'major',
			description: 'Decimal amounts as people write them',
		},
		{
			name: 'Minor Units (1250)',
			value: 'minor',
			description: 'Whole cents, as Stripe and most billing systems send them',
		},
	],
	default: 'major',
	description: 'How the amounts and unit prices below are given',
	displayOptions: { show: { operation: ['createInvoice', 'recordPayment', 'issueCreditNote'] } },
};

export const safeToRerunNotice: INodeProperties = {
	displayName:
		'Safe to re-run: every record is matched by its source ID first, so running the same items again returns them as "unchanged" instead of creating duplicates. All items are checked before the first write.',
	name: 'safeToRerunNotice',
	type: 'notice',
	default: '',
	// Reads need no such promise, and an EasyBill e-mail is sent again on a re-run (its notice says so).
	displayOptions: { hide: { operation: ['getInvoice', 'downloadPdf', 'sendInvoice', 'findContacts', 'findInvoices'] } },
};
