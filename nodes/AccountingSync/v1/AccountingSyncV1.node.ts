/** Version 1 of Accounting Sync: its description, pickers and the router that runs operations. */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { router } from '../actions/router';
import { ACCOUNTING_SYNC_ICON } from '../icon';
import { listSearch } from '../methods/listSearch';
import { loadOptions } from '../methods/loadOptions';
import { versionDescription } from './versionDescription';

export class AccountingSyncV1 implements INodeType {
	// The identity repeats the base description in ../AccountingSync.node.ts (a test pins that
	// they agree); written out here so n8n's lint rules can check it.
	description: INodeTypeDescription = {
		displayName: 'Accounting Sync',
		name: 'accountingSync',
		icon: ACCOUNTING_SYNC_ICON,
		group: ['transform'],
		description:
			'Sync contacts, invoices, payments and credit notes into Xero or EasyBill, exactly once',
		subtitle: versionDescription.subtitle,
		usableAsTool: true,
		...versionDescription,
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
