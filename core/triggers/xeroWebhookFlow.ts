/**
 * What the Xero webhook trigger does with a verified delivery, without n8n: drop events seen
 * before, look the named invoices up in ONE call (with those whose earlier lookup failed), emit
 * what is newly paid (or, in "every payment" mode, each new payment).
 *
 * Xero repeats deliveries, reorders them and sends them in bulk, and any later edit of a paid
 * invoice (a note, a reconciliation) sends another UPDATE for it. Events are remembered by
 * (invoice, time, type) for two days, emitted invoices for a year (limits.ts).
 */
import type { PaidInvoice } from '../model';
import { DedupeStore, type DedupeState } from './dedupeStore';
import type { EmitSettings } from './emissions';
import { XERO_EVENT_MEMORY } from './limits';
import { lookUpAndEmit, type LookupOutcome, type LookupState } from './lookupAndEmit';
import type { XeroDelivery } from './xeroDelivery';

export interface XeroWebhookState extends LookupState {
	events?: DedupeState;
}

export interface XeroWebhookOutcome extends LookupOutcome {
	/** The new static data; write it back even when `failure` is set. */
	state: Required<XeroWebhookState>;
}

export async function processXeroDelivery(input: {
	delivery: XeroDelivery;
	state: XeroWebhookState | undefined;
	now: number;
	settings: EmitSettings;
	/** The named sales invoices, whatever their status, in as few calls as Xero allows. */
	fetchInvoices(ids: string[]): Promise<PaidInvoice[]>;
}): Promise<XeroWebhookOutcome> {
	const { delivery, now, settings } = input;
	const events = new DedupeStore(XERO_EVENT_MEMORY, input.state?.events);
	const freshIds = delivery.invoiceEvents
		.filter((event) => events.claim([event.key], now).length > 0)
		.map((event) => event.invoiceId);
	const outcome = await lookUpAndEmit({
		ids: freshIds,
		state: input.state,
		now,
		settings,
		lookup: async (ids) => ({ invoices: await input.fetchInvoices(ids) }),
		// Once emitted, an invoice's later edits are not worth a lookup (payments are, per payment).
		skip: (id, memory) => settings.mode === 'paid' && memory.has(id.toLowerCase(), now),
	});
	return { ...outcome, state: { ...outcome.state, events: events.toState(now) } };
}
