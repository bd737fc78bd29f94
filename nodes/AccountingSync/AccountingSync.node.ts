/**
 * Accounting Sync: Upsert Contact, Create Invoice, Record Payment and Issue Credit Note on Xero or
 * EasyBill. A versioned node: a saved workflow keeps the version it was built with, so a later
 * change of behaviour ships as a new version (a new entry below) instead of changing old workflows.
 */
import {
	VersionedNodeType,
	type INodeTypeBaseDescription,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { ACCOUNTING_SYNC_ICON } from './icon';
import { AccountingSyncV1 } from './v1/AccountingSyncV1.node';

export class AccountingSync extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Accounting Sync',
			name: 'accountingSync',
			icon: ACCOUNTING_SYNC_ICON,
			group: ['transform'],
			description:
				'Sync contacts, invoices, payments and credit notes into Xero or EasyBill, exactly once',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new AccountingSyncV1(),
		};
		super(nodeVersions, baseDescription);
	}
}
