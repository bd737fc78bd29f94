/**
 * What the Xero webhook trigger does with a verified delivery, without n8n: drop events seen
 * before, fetch the named invoices in ONE call, emit the paid sales invoices not emitted before.
 *
 * Xero repeats deliveries and reorders them, and any later edit of a paid invoice (a note, a
 * reconciliation) sends another UPDATE for it. Two stores in static data handle that: events by
 * (invoice, time, type) for two days, emitted invoices by id for much longer. The trigger answers
 * Xero before fetching, so a failed fetch cannot be redelivered by Xero: its invoice ids are kept
 * as `pending` and fetched again (once) with the next delivery, and its events are un-marked.
 */
import type { PaidInvoice } from '../model';
import { DedupeStore, type DedupeLimits, type DedupeState } from './dedupeStore';
import { invoiceKey, isFullyPaid } from './paidFilter';
import type { XeroDelivery } from './xeroDelivery';

/** Repeats of an event only cost a lookup (invoices are deduped separately), so this stays small. */
export const XERO_EVENT_LIMITS: DedupeLimits = { maxEntries: 2000, ttlMs: 48 * 3600_000 };
export const EMITTED_INVOICE_LIMITS: DedupeLimits = {
	maxEntries: 5000,
	ttlMs: 120 * 24 * 3600_000,
};
/** Ids whose fetch failed, retried with the next delivery; bounded like everything in static data. */
export const MAX_PENDING_IDS = 500;

export interface XeroWebhookState {
	events?: DedupeState;
	emitted?: DedupeState;
	pending?: string[];
}

export interface XeroWebhookOutcome {
	/** Paid sales invoices to emit, each once. */
	emit: PaidInvoice[];
	/** The ids fetched (empty when every event was a repeat): the node logs and tests count it. */
	fetchedIds: string[];
	/** The new static data; write it back even when `error` is set. */
	state: XeroWebhookState;
	/** The fetch failed: nothing was emitted, the ids wait in `state.pending`. */
	error?: unknown;
}

export async function processXeroDelivery(input: {
	delivery: XeroDelivery;
	state: XeroWebhookState | undefined;
	now: number;
	fetchPaidInvoices(ids: string[]): Promise<PaidInvoice[]>;
}): Promise<XeroWebhookOutcome> {
	const { delivery, now } = input;
	const events = new DedupeStore(XERO_EVENT_LIMITS, input.state?.events);
	const emitted = new DedupeStore(EMITTED_INVOICE_LIMITS, input.state?.emitted);
	const pending = readPending(input.state?.pending);

	const freshEvents = delivery.invoiceEvents.filter(
		(event) => events.claim([event.key], now).length > 0,
	);
	const ids = uniqueIds([...pending, ...freshEvents.map((event) => event.invoiceId)]).filter(
		(id) => !emitted.has(id.toLowerCase(), now),
	);
	const snapshot = (pendingIds: string[]): XeroWebhookState => ({
		events: events.toState(now),
		emitted: emitted.toState(now),
		pending: pendingIds.slice(-MAX_PENDING_IDS),
	});
	if (ids.length === 0) return { emit: [], fetchedIds: [], state: snapshot([]) };

	let invoices: PaidInvoice[];
	try {
		invoices = await input.fetchPaidInvoices(ids);
	} catch (error) {
		for (const event of freshEvents) events.unmark(event.key);
		// One retry per id: an id that already failed once is dropped, so a permanently failing one
		// (a deleted invoice, a revoked scope) cannot fail every later delivery.
		const retried = new Set(pending.map((id) => id.toLowerCase()));
		return {
			emit: [],
			fetchedIds: ids,
			state: snapshot(ids.filter((id) => !retried.has(id.toLowerCase()))),
			error,
		};
	}

	const asked = new Set(ids.map((id) => id.toLowerCase()));
	const emit: PaidInvoice[] = [];
	for (const invoice of invoices) {
		const key = invoiceKey(invoice);
		if (!asked.has(key) || !isFullyPaid(invoice)) continue;
		const repeat = emitted.has(key, now);
		// A later edit of a paid invoice brings it back here; re-marking keeps it remembered.
		emitted.mark(key, now);
		if (!repeat) emit.push(invoice);
	}
	return { emit, fetchedIds: ids, state: snapshot([]) };
}

function uniqueIds(ids: string[]): string[] {
	const seen = new Set<string>();
	return ids.filter((id) => {
		const key = id.toLowerCase();
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

function readPending(value: unknown): string[] {
	return Array.isArray(value)
		? value.filter((id): id is string => typeof id === 'string' && id !== '')
		: [];
}
