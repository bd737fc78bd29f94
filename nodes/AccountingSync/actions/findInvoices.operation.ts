/**
 * Find Invoices: the ledger's sales invoices matching status, contact, issue-date range and
 * "updated since", paged like n8n's "Get Many" (Return All / Limit). One output item per invoice,
 * with the same record Create Invoice returns. Read-only.
 */
import type { INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../../../core/errors';
import { INVOICE_STATES, type FoundInvoices, type InvoiceQuery } from '../../../core/find';
import type { InvoiceState } from '../../../core/model';
import { forOperation } from './displayOptions';
import { filtersOf, foundItems, instantOf, limitOf, pagingFields, updatedSinceField } from './find.fields';
import { optionalDate, text } from './inputs';
import { capability } from './lifecycle';
import type { Operation } from './operation';
import { contactLocator } from './references.description';
import { contactRefOf } from './references';

const contactFilter: INodeProperties = {
	...contactLocator('contact', 'Contact'),
	required: false,
	description: 'Only invoices of this contact',
};

const properties: INodeProperties[] = [
	...pagingFields(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Every filter set must match; none set lists every sales invoice',
		options: [
			contactFilter,
			{
				displayName: 'Issued From',
				name: 'issuedFrom',
				type: 'dateTime',
				default: '',
				description: 'Only invoices dated on or after this day (YYYY-MM-DD)',
			},
			{
				displayName: 'Issued To',
				name: 'issuedTo',
				type: 'dateTime',
				default: '',
				description: 'Only invoices dated on or before this day (YYYY-MM-DD)',
			},
			{
				displayName: 'Status',
				name: 'states',
				type: 'multiOptions',
				options: [
					{ name: 'Draft', value: 'draft', description: 'Not yet approved (Xero: draft or submitted)' },
					{ name: 'Open', value: 'open', description: 'Approved with an amount still due' },
					{ name: 'Paid', value: 'paid', description: 'Fully paid' },
					{ name: 'Void', value: 'void', description: 'Voided (EasyBill: cancelled)' },
				],
				default: [],
				description: 'Only invoices in any of these states; none chosen: every state',
			},
			updatedSinceField,
		],
	},
	{
		displayName:
			'EasyBill filters "Updated Since" by whole days: the time of day is checked on each invoice while reading the list (1,000 per call).',
		name: 'findInvoicesLedgerNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ledger: ['easybill'] } },
	},
];

function statesOf(value: unknown): InvoiceState[] {
	const list = Array.isArray(value) ? value.map(text) : text(value).split(',').map((s) => s.trim()).filter(Boolean);
	for (const state of list) {
		if (!INVOICE_STATES.includes(state as InvoiceState))
			throw invalidInput('states', `"${state}" is not one of ${INVOICE_STATES.join(', ')}`);
	}
	return [...new Set(list)] as InvoiceState[];
}

function hasValue(value: unknown): boolean {
	if (value && typeof value === 'object' && '__rl' in value) return text((value as { value?: unknown }).value) !== '';
	return text(value) !== '';
}

export const findInvoices: Operation<InvoiceQuery, FoundInvoices> = {
	description: forOperation('findInvoices', properties),
	readOnly: true,
	read: (ctx, itemIndex, env) => {
		const filters = filtersOf(ctx, itemIndex);
		const query: InvoiceQuery = {};
		const limit = limitOf(ctx, itemIndex);
		if (limit !== undefined) query.limit = limit;
		const states = statesOf(filters.states);
		if (states.length > 0) query.states = states;
		if (hasValue(filters.contact)) {
			const ref = contactRefOf(filters.contact, 'contact');
			query.contact = 'sourceId' in ref ? { sourceId: ref.sourceId } : { ledgerId: (ref as { ledgerId: string }).ledgerId };
		}
		const from = optionalDate(filters.issuedFrom, 'issuedFrom', env);
		if (from !== undefined) query.issuedFrom = from;
		const to = optionalDate(filters.issuedTo, 'issuedTo', env);
		if (to !== undefined) query.issuedTo = to;
		if (from && to && from > to) throw invalidInput('issuedTo', `${to} is before Issued From (${from})`);
		const since = instantOf(filters.updatedSince, 'updatedSince', env);
		if (since !== undefined) query.updatedSinceMs = since;
		return query;
	},
	validate: () => undefined,
	run: (ledger, queries) => capability(ledger, 'queryInvoices', 'Find Invoices')(queries),
	output: async (_ctx, result, ledger, itemIndex) =>
		foundItems(result.record.invoices, (i) => i.ledgerId, ledger, itemIndex),
};
