/**
 * Find Contacts / Find Invoices: the same filters on every ledger. Each ledger narrows on its
 * server as far as its API lets it (Xero `where`, `Statuses`, `ContactIDs`, `If-Modified-Since`;
 * EasyBill's list filters) and then checks every filter again here on the canonical record, so a
 * looser server filter can widen the calls but never the answer.
 */
import { LedgerError } from './errors';
import type { ItemResult } from './ledger';
import type { ContactRecord, InvoiceRecord, InvoiceState, IsoDate } from './model';

export type ContactStatusFilter = 'active' | 'archived' | 'any';

export interface ContactQuery {
	/** Name, first or last name, source id or e-mail containing this text (any case). */
	search?: string;
	/** Exactly this e-mail address (any case). */
	email?: string;
	/** Exactly this source id (Xero ContactNumber, EasyBill customer number). */
	sourceId?: string;
	/** Default `active`. EasyBill has no archived customers: every customer is active there. */
	status?: ContactStatusFilter;
	/** Changed at or after this instant (epoch ms). */
	updatedSinceMs?: number;
	/** At most this many (the first ones in the ledger's order); undefined: all. */
	limit?: number;
}

/** A contact named by the ledger's id or by the billing system's id. */
export type ContactKey = { ledgerId: string } | { sourceId: string };

export interface InvoiceQuery {
	/** Any of these states; empty or undefined: every state. */
	states?: InvoiceState[];
	contact?: ContactKey;
	/** Issue date on or after. */
	issuedFrom?: IsoDate;
	/** Issue date on or before. */
	issuedTo?: IsoDate;
	/** Changed at or after this instant (epoch ms). */
	updatedSinceMs?: number;
	limit?: number;
}

export interface FoundContacts {
	contacts: ContactRecord[];
}

export interface FoundInvoices {
	invoices: InvoiceRecord[];
}

export const INVOICE_STATES: readonly InvoiceState[] = ['draft', 'open', 'paid', 'void'];

/** Every filter a canonical invoice record can be checked against (all but updated-since). */
export function invoiceMatches(query: InvoiceQuery, record: InvoiceRecord): boolean {
	if (query.states?.length && !query.states.includes(record.state)) return false;
	if (query.issuedFrom && record.issueDate < query.issuedFrom) return false;
	if (query.issuedTo && record.issueDate > query.issuedTo) return false;
	if (query.contact && 'ledgerId' in query.contact && record.contact.ledgerId !== query.contact.ledgerId)
		return false;
	return true;
}

const lower = (value: string | undefined) => (value ?? '').trim().toLowerCase();

/** Search, e-mail and source id, checked on the canonical record (status and dates are the ledger's). */
export function contactMatches(query: ContactQuery, record: ContactRecord): boolean {
	if (query.sourceId !== undefined && record.sourceId !== query.sourceId) return false;
	if (query.email !== undefined && !(record.emails ?? []).some((e) => lower(e) === lower(query.email)))
		return false;
	if (query.search !== undefined) {
		const needle = lower(query.search);
		const fields = [record.name, record.companyName, record.firstName, record.lastName, record.sourceId, ...(record.emails ?? [])];
		if (!fields.some((field) => lower(field).includes(needle))) return false;
	}
	return true;
}

/** The page size to ask for: the limit itself when one page can hold it, else the largest page. */
export function pageSizeFor(limit: number | undefined, largest: number): number {
	return limit === undefined ? largest : Math.max(1, Math.min(largest, limit));
}

/**
 * Runs each distinct query once (a batch of items asking the same thing costs one search) and
 * hands every item its answer or its own error.
 */
export async function eachDistinct<Q, R>(
	queries: Q[],
	run: (query: Q, index: number) => Promise<R>,
): Promise<Array<{ ok: true; value: R } | { ok: false; error: unknown }>> {
	const answers = new Map<string, { ok: true; value: R } | { ok: false; error: unknown }>();
	const out: Array<{ ok: true; value: R } | { ok: false; error: unknown }> = [];
	for (const [index, query] of queries.entries()) {
		const key = JSON.stringify(query);
		let answer = answers.get(key);
		if (!answer) {
			try {
				answer = { ok: true, value: await run(query, index) };
			} catch (error) {
				answer = { ok: false, error };
			}
			answers.set(key, answer);
		}
		out.push(answer);
	}
	return out;
}

/** One result per item: its records, or its own error (anything but a LedgerError fails the batch). */
export function toFindResults<R, T>(
	answers: Array<{ ok: true; value: R } | { ok: false; error: unknown }>,
	wrap: (value: R) => T,
): ItemResult<T>[] {
	return answers.map((answer, index) => {
		if (answer.ok) return { index, action: 'unchanged', ledgerId: '', record: wrap(answer.value) };
		if (!(answer.error instanceof LedgerError)) throw answer.error;
		return { index, action: 'failed', error: answer.error.forItem(index) };
	});
}

/** A query whose contact is the ledger's id (a source id already looked up), or why it cannot run. */
export type ResolvedInvoiceQuery = InvoiceQuery & { contact?: { ledgerId: string } };

/**
 * Runs invoice searches in as few list calls as the ledger allows: Return All searches that differ
 * only in their contact become one search over all those contacts (Xero `ContactIDs=`, EasyBill
 * `customer_id=` take lists), split again by contact; identical searches run once. A search with
 * a limit runs on its own, so one contact's thousands of invoices never cost another its limit.
 * `fetch` lists what matches `query` for any of `contactIds` (all contacts when undefined).
 */
export async function runInvoiceQueries(
	queries: Array<ResolvedInvoiceQuery | LedgerError>,
	fetch: (query: ResolvedInvoiceQuery, contactIds: string[] | undefined) => Promise<InvoiceRecord[]>,
	maxContactsPerCall: number,
): Promise<ItemResult<FoundInvoices>[]> {
	const results = new Map<number, ItemResult<FoundInvoices>>();
	const fail = (index: number, error: unknown) => {
		if (!(error instanceof LedgerError)) throw error;
		results.set(index, { index, action: 'failed', error: error.forItem(index) });
	};
	const groups = new Map<string, { base: ResolvedInvoiceQuery; members: Array<{ index: number; contactId: string }> }>();
	const single: Array<{ index: number; query: ResolvedInvoiceQuery }> = [];
	for (const [index, query] of queries.entries()) {
		if (query instanceof LedgerError) {
			fail(index, query);
			continue;
		}
		if (query.limit !== undefined || !query.contact) {
			single.push({ index, query });
			continue;
		}
		const { contact, ...base } = query;
		const key = JSON.stringify(base);
		const group = groups.get(key) ?? { base, members: [] as Array<{ index: number; contactId: string }> };
		group.members.push({ index, contactId: contact.ledgerId });
		groups.set(key, group);
	}
	for (const { base, members } of groups.values()) {
		const contactIds = [...new Set(members.map((m) => m.contactId))];
		if (contactIds.length < 2) {
			single.push(...members.map((m) => ({ index: m.index, query: { ...base, contact: { ledgerId: m.contactId } } })));
			continue;
		}
		const byContact = new Map<string, InvoiceRecord[]>(contactIds.map((id) => [id, []]));
		try {
			for (let i = 0; i < contactIds.length; i += maxContactsPerCall) {
				for (const record of await fetch(base, contactIds.slice(i, i + maxContactsPerCall)))
					byContact.get(record.contact.ledgerId)?.push(record);
			}
			for (const m of members)
				results.set(m.index, { index: m.index, action: 'unchanged', ledgerId: '', record: { invoices: byContact.get(m.contactId) ?? [] } });
		} catch (error) {
			for (const m of members) fail(m.index, error);
		}
	}
	const answers = await eachDistinct(
		single.map((s) => s.query),
		(query) => fetch(query, query.contact ? [query.contact.ledgerId] : undefined),
	);
	for (const [i, answer] of answers.entries()) {
		const index = single[i].index;
		if (answer.ok) results.set(index, { index, action: 'unchanged', ledgerId: '', record: { invoices: answer.value } });
		else fail(index, answer.error);
	}
	return queries.map((_q, index) => results.get(index)!);
}
