/**
 * Every bound of the Invoice Paid triggers, in one place. Static data is saved with the workflow
 * (and rewritten by every execution that changes it), so each memory is bounded by count and age;
 * docs/invoice-paid-trigger.md states these figures and the measured size at the bound.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface CountAndAge {
	/** Most entries kept; the oldest go first. */
	maxEntries: number;
	/** An entry older than this is forgotten. */
	ttlMs: number;
}

/**
 * Invoices (and, in "every payment" mode, payments) already emitted: one memory, one lifetime, for
 * the webhook and the polling trigger alike. A year or 10,000 invoices, whichever is reached first;
 * an entry is ~10 characters, so the memory stays near 100 KB at its bound (measured in
 * test/unit/triggerEmittedMemory.test.ts).
 */
export const EMITTED_MEMORY: CountAndAge = { maxEntries: 10_000, ttlMs: 365 * DAY };

/** Xero webhook events by (invoice, time, type): a repeat only costs a lookup, so two days. */
export const XERO_EVENT_MEMORY: CountAndAge = { maxEntries: 2_000, ttlMs: 48 * HOUR };

/**
 * Ids whose lookup failed after the sender already had its answer. Retried with every later
 * delivery (and the poll trigger's every poll) until they succeed or reach this age; an id given
 * up is named in the failed execution, never dropped silently.
 */
export const PENDING_LOOKUPS: CountAndAge = { maxEntries: 500, ttlMs: 48 * HOUR };

/** Polling: re-read this much before the cursor by default (ledger clock skew, late stamps). */
export const DEFAULT_POLL_OVERLAP_MS = 10 * MINUTE;

/** Polling: pages read in one poll at most; the cursor then resumes where the poll stopped. */
export const MAX_POLL_PAGES = 50;

/** A poll stops fetching when less than this is left of the host's poll budget (n8n >= 2.41). */
export const POLL_BUDGET_RESERVE_MS = 30_000;

/** "Every payment" mode: payments older than this on an invoice first seen now are not news. */
export const EVERY_PAYMENT_HORIZON_MS = 30 * DAY;

/** "Fetch Test Event" looks back this far by default. */
export const DEFAULT_TEST_EVENT_WINDOW_MS = 90 * DAY;
