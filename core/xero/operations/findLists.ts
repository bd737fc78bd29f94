/**
 * Find Contacts / Find Invoices on Xero: every filter goes to Xero (`where`, `Statuses`,
 * `ContactIDs`, `searchTerm`, the `If-Modified-Since` header), pages are as large as the limit
 * (up to 1,000), and reading stops as soon as the limit is reached.
 */
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
import { LedgerError } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { ContactRecord, InvoiceRecord, InvoiceState } from '../../model';
import type { Query } from '../api';
import { findContactsBySourceId } from '../lookups/contacts';
import { fromXeroContact } from '../mapping/contact';
import { fromXeroInvoice } from '../mapping/invoice';
import { whereEquals } from '../where';
import type { XeroContact, XeroInvoice } from '../wire';
import type { XeroContext } from './context';

const LARGEST_PAGE = 1000;

/** Each canonical state as Xero's statuses; DELETED (a removed draft) is never listed. */
const STATUSES: Record<InvoiceState, string[]> = {
	draft: ['DRAFT', 'SUBMITTED'],
	open: ['AUTHORISED'],
	paid: ['PAID'],
	void: ['VOIDED'],
};

function dateTime(date: string): string {
	const [y, m, d] = date.split('-').map(Number);
	return `DateTime(${y}, ${m}, ${d})`;
}

function sinceHeader(ms: number | undefined): Record<string, string> | undefined {
	return ms === undefined ? undefined : { 'If-Modified-Since': new Date(ms).toISOString() };
}

/** Pages through one filtered list, keeping what `keep` accepts, until `limit` are kept. */
async function collect<E, R>(
	ctx: XeroContext,
	path: string,
	key: 'Contacts' | 'Invoices',
	query: Query,
	headers: Record<string, string> | undefined,
	limit: number | undefined,
	map: (element: E) => R | undefined,
): Promise<R[]> {
	const pageSize = pageSizeFor(limit, LARGEST_PAGE);
	const kept: R[] = [];
	for (let page = 1; ; page++) {
		const envelope = await ctx.api.get(path, { ...query, page, pageSize }, headers);
		const elements = ((envelope[key] as E[] | undefined) ?? []);
		for (const element of elements) {
			const record = map(element);
			if (record !== undefined) kept.push(record);
			if (limit !== undefined && kept.length >= limit) return kept;
		}
		const pageCount = envelope.pagination?.pageCount;
		if (elements.length < pageSize || (pageCount !== undefined && page >= pageCount)) return kept;
	}
}

async function contactsFor(ctx: XeroContext, query: ContactQuery): Promise<ContactRecord[]> {
	const where: string[] = [];
	if (query.sourceId !== undefined) where.push(whereEquals('ContactNumber', query.sourceId));
	if (query.email !== undefined) where.push(whereEquals('EmailAddress', query.email));
	const status = query.status ?? 'active';
	if (status !== 'any') where.push(whereEquals('ContactStatus', status.toUpperCase()));
	const q: Query = {
		...(where.length ? { where: where.join(' AND ') } : {}),
		...(query.search ? { searchTerm: query.search } : {}),
		...(status !== 'active' ? { includeArchived: true } : {}),
	};
	return collect(ctx, '/Contacts', 'Contacts', q, sinceHeader(query.updatedSinceMs), query.limit, (c: XeroContact) => {
		const record = fromXeroContact(c);
		// searchTerm also looks in fields a record does not carry: only the server's answer counts for it.
		return contactMatches({ ...query, search: undefined }, record) ? record : undefined;
	});
}

async function fetchInvoices(ctx: XeroContext, query: ResolvedInvoiceQuery, contactIds: string[] | undefined): Promise<InvoiceRecord[]> {
	const where = [whereEquals('Type', 'ACCREC')];
	if (query.issuedFrom) where.push(`Date>=${dateTime(query.issuedFrom)}`);
	if (query.issuedTo) where.push(`Date<=${dateTime(query.issuedTo)}`);
	const states = query.states?.length ? query.states : (Object.keys(STATUSES) as InvoiceState[]);
	const q: Query = {
		where: where.join(' AND '),
		Statuses: states.flatMap((s) => STATUSES[s]).join(','),
		...(contactIds ? { ContactIDs: contactIds.join(',') } : {}),
	};
	const wanted = contactIds && new Set(contactIds);
	const others = { ...query, contact: undefined };
	return collect(ctx, '/Invoices', 'Invoices', q, sinceHeader(query.updatedSinceMs), query.limit, (x: XeroInvoice) => {
		const record = fromXeroInvoice(x);
		return invoiceMatches(others, record) && (!wanted || wanted.has(record.contact.ledgerId)) ? record : undefined;
	});
}

export async function queryContacts(ctx: XeroContext, queries: ContactQuery[]): Promise<ItemResult<FoundContacts>[]> {
	return toFindResults(await eachDistinct(queries, (q) => contactsFor(ctx, q)), (contacts) => ({ contacts }));
}

export async function queryInvoices(ctx: XeroContext, queries: InvoiceQuery[]): Promise<ItemResult<FoundInvoices>[]> {
	// Every contact named by source id, in one batched look-up.
	const sourceIds = queries.flatMap((q) => (q.contact && 'sourceId' in q.contact ? [q.contact.sourceId] : []));
	const contacts = sourceIds.length ? await findContactsBySourceId(ctx.api, sourceIds) : new Map<string, XeroContact>();
	const resolved = queries.map((query, index): ResolvedInvoiceQuery | LedgerError => {
		if (!query.contact || 'ledgerId' in query.contact) return query as ResolvedInvoiceQuery;
		const ledgerId = contacts.get(query.contact.sourceId)?.ContactID;
		if (ledgerId) return { ...query, contact: { ledgerId } };
		return new LedgerError(`contact: no active Xero contact has the source ID ${query.contact.sourceId}`, {
			kind: 'not_found',
			field: 'contact',
			itemIndex: index,
		});
	});
	// Fifty GUIDs in ContactIDs= stay well inside Xero's URL limit.
	return runInvoiceQueries(resolved, (query, contactIds) => fetchInvoices(ctx, query, contactIds), 50);
}
