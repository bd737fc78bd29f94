/**
 * How an operation names an existing contact or invoice: picked from a searchable list, by the
 * ledger's ID, or by the billing system's source ID (and, for invoices, by number).
 */
import type { INodeProperties } from 'n8n-workflow';

export function contactLocator(name: string, displayName: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchContacts', searchable: true },
			},
			{
				displayName: 'By Ledger ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. the Xero ContactID or EasyBill customer ID',
			},
			{
				displayName: 'By Source ID',
				name: 'sourceId',
				type: 'string',
				placeholder: 'e.g. cus_NffrFeUfNV2Hib',
			},
		],
	};
}

export function invoiceLocator(
	name: string,
	displayName: string,
	description: string,
	searchListMethod: 'searchInvoices' | 'searchPayableInvoices' = 'searchInvoices',
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By Ledger ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. the Xero InvoiceID or EasyBill document ID',
			},
			{ displayName: 'By Number', name: 'number', type: 'string', placeholder: 'e.g. INV-0042' },
			{
				displayName: 'By Source ID',
				name: 'sourceId',
				type: 'string',
				placeholder: 'e.g. in_1MtHbELkdIwHu7ix',
			},
		],
	};
}
