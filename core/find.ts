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
