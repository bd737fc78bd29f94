/** Parameters every operation shares: which ledger, which Xero organisation, and the amount unit. */
import type { INodeProperties } from 'n8n-workflow';

export const ledgerParameter: INodeProperties = {
	displayName: 'Ledger',
	name: 'ledger',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'EasyBill', value: 'easybill', description: 'EasyBill (Germany), API key' },
		{ name: 'Xero', value: 'xero', description: 'Xero, OAuth2' },
	],
	default: 'xero',
	description: 'The accounting system to write to. Inputs and outputs are the same for both.',
};

export const tenantParameter: INodeProperties = {
	displayName: 'Organisation',
	name: 'tenantId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Xero organisation (tenant) to write to. One Xero login can reach several.',
	displayOptions: { show: { ledger: ['xero'] } },
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTenants', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 6c4f2ec1-9c1d-4f0e-9f55-3e0f4c2b7a10',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^[0-9a-fA-F-]{36}$',
						errorMessage: 'A Xero tenant ID is a 36-character GUID',
					},
				},
			],
		},
	],
};

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
};
