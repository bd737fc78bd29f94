/**
 * The contact's details, used by Upsert Contact and by Create Invoice's inline contact. The same
 * optional fields and reader serve both, so a contact means the same thing wherever it is given.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Address, Contact } from '../../../core/model';
import { compact, currency, emailList, optionalText, requiredText, type ReadEnv } from './inputs';
import { fieldsOf } from '../../shared/ledgerRegistry';

export interface ContactFieldNames {
	sourceId: string;
	name: string;
}

export function contactDetailFields(names: ContactFieldNames): INodeProperties[] {
	return [
		{
			displayName: 'Contact Source ID',
			name: names.sourceId,
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. cus_NffrFeUfNV2Hib',
			description:
				"The billing system's customer ID. Stored on the contact (Xero ContactNumber, EasyBill customer number) so the next run finds it again.",
		},
		{
			displayName: 'Contact Name',
			name: names.name,
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Acme GmbH',
			description: 'Display name; Xero requires it to be unique in the organisation',
		},
		{
			displayName: 'Contact Fields',
			name: 'contactFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ displayName: 'Company Name', name: 'companyName', type: 'string', default: '' },
				{
					displayName: 'Currency',
					name: 'currency',
					type: 'string',
					default: '',
					placeholder: 'e.g. EUR',
					description: "The contact's default currency (ISO code)",
				},
				{
					displayName: 'Default Account Name or ID',
					name: 'defaultAccountCode',
					type: 'options',
					typeOptions: {
						loadOptionsMethod: 'getRevenueAccounts',
						loadOptionsDependsOn: ['tenantId.value'],
					},
					default: '',
					description:
						'Xero revenue account (its code) used when a line has none. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					displayOptions: { show: { '/ledger': ['xero'] } },
				},
				{
					displayName: 'Default Tax Rate Name or ID',
					name: 'defaultTaxType',
					type: 'options',
					typeOptions: {
						loadOptionsMethod: 'getTaxRates',
						loadOptionsDependsOn: ['tenantId.value'],
					},
					default: '',
					description:
						'Xero tax rate for sales to this contact. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					displayOptions: { show: { '/ledger': ['xero'] } },
				},
				{
					displayName: 'Emails',
					name: 'emails',
					type: 'string',
					default: '',
					placeholder: 'e.g. billing@acme.example, cfo@acme.example',
					description: 'One or more addresses, separated by commas (EasyBill keeps up to 3)',
				},
				{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
				{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
				{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
				{
					displayName: 'Tax Number',
					name: 'taxNumber',
					type: 'string',
					default: '',
					placeholder: 'e.g. DE123456789',
					description: 'VAT ID or tax number',
				},
			],
		},
		{
			displayName: 'Address',
			name: 'contactAddress',
			type: 'collection',
			placeholder: 'Add Address Field',
			default: {},
			options: [
				{ displayName: 'City', name: 'city', type: 'string', default: '' },
				{
					displayName: 'Country',
					name: 'country',
					type: 'string',
					default: '',
					placeholder: 'e.g. DE',
					description: 'Two-letter ISO country code',
				},
				{ displayName: 'Line 1', name: 'line1', type: 'string', default: '' },
				{ displayName: 'Line 2', name: 'line2', type: 'string', default: '' },
				{ displayName: 'Postal Code', name: 'postalCode', type: 'string', default: '' },
				{ displayName: 'Region', name: 'region', type: 'string', default: '' },
			],
		},
	];
}

export function readContact(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: ReadEnv,
	names: ContactFieldNames,
	fieldPrefix = '',
): Contact {
	const fields = ctx.getNodeParameter('contactFields', itemIndex, {}) as IDataObject;
	const rawAddress = ctx.getNodeParameter('contactAddress', itemIndex, {}) as IDataObject;
	const address: Address = compact({
		line1: optionalText(rawAddress.line1),
		line2: optionalText(rawAddress.line2),
		city: optionalText(rawAddress.city),
		region: optionalText(rawAddress.region),
		postalCode: optionalText(rawAddress.postalCode),
		country: optionalText(rawAddress.country)?.toUpperCase(),
	});
	const contactCurrency = optionalText(fields.currency);
	const xeroOnly = fieldsOf(env.ledger).contactDefaults;
	return compact({
		sourceId: requiredText(
			ctx.getNodeParameter(names.sourceId, itemIndex, ''),
			`${fieldPrefix}sourceId`,
		),
		name: requiredText(ctx.getNodeParameter(names.name, itemIndex, ''), `${fieldPrefix}name`),
		companyName: optionalText(fields.companyName),
		firstName: optionalText(fields.firstName),
		lastName: optionalText(fields.lastName),
		emails: emailList(fields.emails),
		phone: optionalText(fields.phone),
		taxNumber: optionalText(fields.taxNumber),
		address: Object.keys(address).length ? address : undefined,
		currency:
			contactCurrency === undefined
				? undefined
				: currency(contactCurrency, `${fieldPrefix}currency`),
		defaultAccountCode: xeroOnly ? optionalText(fields.defaultAccountCode) : undefined,
		defaultTaxType: xeroOnly ? optionalText(fields.defaultTaxType) : undefined,
	});
}
