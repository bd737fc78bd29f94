/**
 * The parameters both Invoice Paid triggers share: which ledger, its credential, and for Xero the
 * organisation (a token can reach several; the user picks one, we never default to the first).
 */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

export type TriggerLedger = 'xero' | 'easybill';

export const triggerCredentials: INodeCredentialDescription[] = [
	{
		name: 'xeroAccountingSyncOAuth2Api',
		required: true,
		displayOptions: { show: { ledger: ['xero'] } },
	},
	{
		name: 'easyBillAccountingSyncApi',
		required: true,
		displayOptions: { show: { ledger: ['easybill'] } },
	},
];

export const ledgerParameter: INodeProperties = {
	displayName: 'Ledger',
	name: 'ledger',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'EasyBill', value: 'easybill' },
		{ name: 'Xero', value: 'xero' },
	],
	default: 'xero',
	description: 'The accounting system whose paid invoices start this workflow',
};

export const tenantParameter: INodeProperties = {
	displayName: 'Organisation',
	name: 'tenantId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Xero organisation (tenant) to watch',
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
						regex: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
						errorMessage: 'A Xero tenant ID is a GUID',
					},
				},
			],
		},
	],
};
