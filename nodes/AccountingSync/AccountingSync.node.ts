/**
 * Accounting Sync: Upsert Contact, Create Invoice, Record Payment and Issue Credit Note on Xero or
 * EasyBill. A thin layer: parameters become canonical objects, the core's ledgers do the rest.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import { listSearch } from './methods/listSearch';
import { loadOptions } from './methods/loadOptions';

export class AccountingSync implements INodeType {
	description: INodeTypeDescription = versionDescription;

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
