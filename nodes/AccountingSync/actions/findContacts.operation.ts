/**
 * Find Contacts: the ledger's contacts matching a text search, an e-mail, a source ID, a status
 * and "updated since", paged like n8n's "Get Many" (Return All / Limit). One output item per
 * contact, with the same record Upsert Contact returns. Read-only.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { ContactQuery, ContactStatusFilter, FoundContacts } from '../../../core/find';
import { invalidInput } from '../../../core/errors';
import { forOperation } from './displayOptions';
import { filtersOf, foundItems, instantOf, limitOf, pagingFields, updatedSinceField } from './find.fields';
import { optionalText } from './inputs';
import { capability } from './lifecycle';
import type { Operation } from './operation';

const STATUSES: ContactStatusFilter[] = ['active', 'archived', 'any'];

const properties: INodeProperties[] = [
	...pagingFields(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Every filter set must match; none set lists all active contacts',
		options: [
			{
				displayName: 'E-Mail',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. billing@example.com',
				default: '',
				description: 'Only the contact with exactly this e-mail address (any case)',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				placeholder: 'e.g. Acme',
				description: 'Only contacts whose name, first or last name, e-mail or source ID contains this text (any case)',
			},
			{
				displayName: 'Source ID',
				name: 'sourceId',
				type: 'string',
				default: '',
				placeholder: 'e.g. cus_NffrFeUfNV2Hib',
				description: "Only the contact with exactly this billing system's customer ID (as Upsert Contact stored it)",
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Active', value: 'active' },
					{ name: 'Archived', value: 'archived', description: 'Xero only: EasyBill has no archived customers' },
					{ name: 'Any', value: 'any' },
				],
				default: 'active',
				description: 'Which contacts to list by status',
			},
			updatedSinceField,
		],
	},
	{
		displayName:
			'EasyBill filters customers by exact values only: "Search" and "Updated Since" are checked on each customer while reading the list (1,000 per call), and EasyBill has no archived customers.',
		name: 'findContactsLedgerNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ledger: ['easybill'] } },
	},
];

export const findContacts: Operation<ContactQuery, FoundContacts> = {
	description: forOperation('findContacts', properties),
	readOnly: true,
	read: (ctx, itemIndex, env) => {
		const filters = filtersOf(ctx, itemIndex);
		const status = optionalText(filters.status) ?? 'active';
		if (!STATUSES.includes(status as ContactStatusFilter))
			throw invalidInput('status', `"${status}" is not one of ${STATUSES.join(', ')}`);
		const query: ContactQuery = { status: status as ContactStatusFilter };
		const limit = limitOf(ctx, itemIndex);
		if (limit !== undefined) query.limit = limit;
		const search = optionalText(filters.search);
		if (search !== undefined) query.search = search;
		const email = optionalText(filters.email);
		if (email !== undefined) query.email = email;
		const sourceId = optionalText(filters.sourceId);
		if (sourceId !== undefined) query.sourceId = sourceId;
		const since = instantOf(filters.updatedSince, 'updatedSince', env);
		if (since !== undefined) query.updatedSinceMs = since;
		return query;
	},
	validate: (ledger, query) =>
		ledger === 'easybill' && query.status === 'archived'
			? invalidInput('status', 'EasyBill has no archived customers (every customer is active): choose Active or Any')
			: undefined,
	run: (ledger, queries) => capability(ledger, 'queryContacts', 'Find Contacts')(queries),
	output: async (_ctx, result, ledger, itemIndex) =>
		foundItems(result.record.contacts, (c) => c.ledgerId, ledger, itemIndex),
};
