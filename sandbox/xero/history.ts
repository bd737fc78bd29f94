/**
 * `PUT /{Contacts|Invoices|CreditNotes|Payments}/{id}/History`: adds notes to a record's
 * "History & Notes" (`{HistoryRecords:[{Details}]}`), answered with the notes as stored (`Changes`
 * "Note", `DateUTC`, `User`). An Idempotency-Key replays the first answer, as for every write.
 * `GET` lists a record's notes, oldest first.
 */
import { ok, write, type Call } from './batchWrite';
import type { CollectionName } from './book';
import { msDate } from './format';
import { NOT_FOUND } from './responses';

export const HISTORY_OF: Record<string, CollectionName> = {
	contacts: 'contacts',
	invoices: 'invoices',
	creditnotes: 'creditNotes',
	payments: 'payments',
};

/** Xero refuses longer notes. */
const MAX_DETAILS = 2500;

export function historyRoute(call: Call, collection: CollectionName, id: string | undefined) {
	if (!call.book.get(collection, id)) return NOT_FOUND;
	const key = `${collection}:${String(id).toLowerCase()}`;
	const notes = call.book.history.get(key) ?? [];
	if (call.req.method === 'GET') return ok(call, { HistoryRecords: notes });
	if (call.req.method !== 'PUT') return NOT_FOUND;
	return write(call, 'HistoryRecords', (element) => {
		const details = typeof element.Details === 'string' ? element.Details.trim() : '';
		if (details === '') return { errors: ['Details must be provided'] };
		if (details.length > MAX_DETAILS)
			return { errors: [`Details must be at most ${MAX_DETAILS} characters`] };
		const note = {
			Changes: 'Note',
			DateUTC: msDate(call.now),
			DateUTCString: new Date(call.now).toISOString().slice(0, 19),
			User: 'Sandbox API user',
			Details: details,
		};
		call.book.history.set(key, [...(call.book.history.get(key) ?? []), note]);
		return { record: note };
	});
}
