/**
 * Accounting Sync: Upsert Contact, Create Invoice, Record Payment and Issue Credit Note on Xero or
 * EasyBill. A thin layer: parameters become canonical objects, the core's ledgers do the rest.
 */
import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { credentials, properties, subtitle } from './actions/description';
import { router } from './actions/router';
import { listSearch } from './methods/listSearch';
import { loadOptions } from './methods/loadOptions';

export class AccountingSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Accounting Sync',
		name: 'accountingSync',
		icon: { light: 'file:accountingSync.svg', dark: 'file:accountingSync.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle,
		description:
			'Sync contacts, invoices, payments and credit notes into Xero or EasyBill, exactly once',
		defaults: { name: 'Accounting Sync' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials,
		properties,
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
