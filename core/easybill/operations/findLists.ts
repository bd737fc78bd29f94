/**
 * Find Contacts / Find Invoices on EasyBill. EasyBill's list filters take exact values and whole
 * days, so they narrow the pages (customer `number`/`emails`, document `type`, `customer_id`,
 * `document_date`, `edited_at`, `is_draft`, `paid_at=null`, `cancel_id=null`) and every filter is
 * checked again on the record: a text search and "updated since" (a day filter on the server) are
 * decided here, reading 1,000 per page. Customers have no changed-since filter and no archive.
 */
import { toBerlinDate, toBerlinDateTime } from '../../dates';
import { LedgerError } from '../../errors';
import {
	contactMatches,
	eachDistinct,
	runInvoiceQueries,
	toFindResults,
	invoiceMatches,
	pageSizeFor,
	type ContactQuery,
	type FoundContacts,
	type FoundInvoices,
	type InvoiceQuery,
	type ResolvedInvoiceQuery,
} from '../../find';
import type { ItemResult } from '../../ledger';
import type { ContactRecord, InvoiceRecord } from '../../model';
import { MAX_PAGE_SIZE } from '../api';
import type { EasyBillContext } from '../context';
import { escapeFilterValue, ESCAPE_HEADER } from '../listFilter';
import { customersByNumbers } from '../lookups';
import { customerToContact } from '../mapping/contact';
import { documentToInvoiceRecord } from '../mapping/document';
import type { EbCustomer, EbDocument, EbList } from '../wire';

/** The far end of an open date range: EasyBill's date filters take `from,to` only. */
const FIRST_DAY = '1970-01-01';
const LAST_DAY = '2999-12-31';

type Query = Record<string, string | number>;

async function collect<E, R>(
	ctx: EasyBillContext,
	path: string,
	query: Query,
	limit: number | undefined,
	exact: boolean,
	map: (element: E) => R | undefined,
): Promise<R[]> {
	// Filters decided here may drop most of a page: then read the largest pages.
	const pageSize = exact ? pageSizeFor(limit, MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
	const kept: R[] = [];
	for (let page = 1; ; page++) {
		const list = await ctx.api.get<EbList<E>>(path, { ...query, limit: pageSize, page }, { ...ESCAPE_HEADER });
		for (const element of list?.items ?? []) {
			const record = map(element);
			if (record !== undefined) kept.push(record);
			if (limit !== undefined && kept.length >= limit) return kept;
		}
		if (!list || page >= (list.pages ?? 1)) return kept;
	}
}

function since(ms: number | undefined): string | undefined {
	return ms === undefined ? undefined : toBerlinDateTime(ms);
}

async function contactsFor(ctx: EasyBillContext, query: ContactQuery, index: number): Promise<ContactRecord[]> {
	if (query.status === 'archived') {
		throw new LedgerError('status: EasyBill has no archived customers (every customer is active)', {
			kind: 'validation',
			field: 'status',
			itemIndex: index,
		});
	}
	const q: Query = {};
	if (query.sourceId !== undefined) q.number = escapeFilterValue(query.sourceId);
	if (query.email !== undefined) q.emails = escapeFilterValue(query.email);
	const changedSince = since(query.updatedSinceMs);
	const exact = query.search === undefined && changedSince === undefined;
	return collect<EbCustomer, ContactRecord>(ctx, '/customers', q, query.limit, exact, (customer) => {
		if (changedSince && String(customer.updated_at ?? '') < changedSince) return undefined;
		const record = customerToContact(customer);
		return contactMatches(query, record) ? record : undefined;
	});
}

async function fetchInvoices(ctx: EasyBillContext, query: ResolvedInvoiceQuery, customerIds: string[] | undefined): Promise<InvoiceRecord[]> {
	const q: Query = { type: 'INVOICE' };
	if (customerIds) q.customer_id = customerIds.join(',');
	if (query.issuedFrom || query.issuedTo)
		q.document_date = `${query.issuedFrom ?? FIRST_DAY},${query.issuedTo ?? LAST_DAY}`;
	const changedSince = since(query.updatedSinceMs);
	if (query.updatedSinceMs !== undefined) q.edited_at = `${toBerlinDate(query.updatedSinceMs)},${LAST_DAY}`;
	const states = new Set(query.states ?? []);
	let exact = changedSince === undefined;
	if (states.size > 0) {
		// Narrow to a superset of the states asked for; the record's own state decides.
		if (!states.has('draft')) q.is_draft = 0;
		else if (states.size === 1) q.is_draft = 1;
		if (!states.has('void')) q.cancel_id = 'null';
		if (!states.has('paid') && !states.has('void')) q.paid_at = 'null';
		exact &&= states.size === 1 && (states.has('draft') || states.has('open'));
	}
	const wanted = customerIds && new Set(customerIds);
	const others = { ...query, contact: undefined };
	return collect<EbDocument, InvoiceRecord>(ctx, '/documents', q, query.limit, exact, (doc) => {
		if (doc.type !== 'INVOICE') return undefined;
		if (changedSince && String(doc.edited_at ?? '') < changedSince) return undefined;
		const record = documentToInvoiceRecord(doc);
		return invoiceMatches(others, record) && (!wanted || wanted.has(record.contact.ledgerId)) ? record : undefined;
	});
}

export async function queryContacts(ctx: EasyBillContext, queries: ContactQuery[]): Promise<ItemResult<FoundContacts>[]> {
	return toFindResults(await eachDistinct(queries, (q, i) => contactsFor(ctx, q, i)), (contacts) => ({ contacts }));
}

export async function queryInvoices(ctx: EasyBillContext, queries: InvoiceQuery[]): Promise<ItemResult<FoundInvoices>[]> {
	// Every customer named by source id (its number), in one batched look-up.
	const numbers = queries.flatMap((q) => (q.contact && 'sourceId' in q.contact ? [q.contact.sourceId] : []));
	const customers = new Map<string, string>();
	for (const customer of numbers.length ? await customersByNumbers(ctx.api, numbers) : [])
		if (!customers.has(customer.number)) customers.set(customer.number, String(customer.id));
	const resolved = queries.map((query, index): ResolvedInvoiceQuery | LedgerError => {
		if (!query.contact || 'ledgerId' in query.contact) return query as ResolvedInvoiceQuery;
		const ledgerId = customers.get(query.contact.sourceId);
		if (ledgerId) return { ...query, contact: { ledgerId } };
		return new LedgerError(`contact: no EasyBill customer has the source ID (number) ${query.contact.sourceId}`, {
			kind: 'not_found',
			field: 'contact',
			itemIndex: index,
		});
	});
	// A hundred customer ids keep the request line far below EasyBill's 4,094 bytes.
	return runInvoiceQueries(resolved, (query, customerIds) => fetchInvoices(ctx, query, customerIds), 100);
}
