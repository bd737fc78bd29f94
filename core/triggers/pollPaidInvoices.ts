/**
 * One poll of the Invoice Paid polling trigger, without n8n: read every page of invoices paid since
 * the cursor (re-reading an overlap window before it, because the ledger's clock and ours differ
 * and a change can become visible after its timestamp), drop those emitted before, move the cursor.
 *
 * The state is plain JSON for workflow static data. A fingerprint of what the user chose (ledger,
 * tenant) resets it, so switching organisation does not resume from another one's cursor.
 */
import type { Ledger } from '../ledger';
import type { PaidInvoice } from '../model';
import { DedupeStore, type DedupeLimits, type DedupeState } from './dedupeStore';
import { invoiceKey, isFullyPaid } from './paidFilter';

export interface PollState {
	/** ISO instant: invoices changed at or after it (minus the overlap) are read next time. */
	cursor?: string;
	fingerprint?: string;
	seen?: DedupeState;
}

export interface PollOptions {
	now: number;
	/** Identifies the trigger's settings; a change starts over. */
	fingerprint: string;
	/** Re-read this much before the cursor. Default 10 minutes. */
	overlapMs?: number;
	/** First poll only: also emit invoices paid this long before now. Default 0 (start from now). */
	lookbackMs?: number;
	/** Safety bound on pages per poll. Default 50. */
	maxPages?: number;
	seenLimits?: DedupeLimits;
}

export interface PollResult {
	emit: PaidInvoice[];
	state: PollState;
	/** True when this poll set the starting point (a baseline read emits nothing). */
	initialised: boolean;
}

export const DEFAULT_OVERLAP_MS = 10 * 60_000;
export const DEFAULT_MAX_PAGES = 50;
/**
 * Long enough to outlive any re-read: the overlap, plus a whole day because EasyBill's `paid_at` is
 * a calendar date and its cursor cannot be finer. The cap keeps static data around 100 KB.
 */
export const POLL_SEEN_LIMITS: DedupeLimits = { maxEntries: 2000, ttlMs: 3 * 24 * 3600_000 };

export async function pollPaidInvoices(
	ledger: Pick<Ledger, 'listPaidInvoices'>,
	previous: PollState | undefined,
	options: PollOptions,
): Promise<PollResult> {
	const { now, fingerprint } = options;
	const fresh = !previous || previous.fingerprint !== fingerprint || !isInstant(previous.cursor);
	const seen = new DedupeStore(
		options.seenLimits ?? POLL_SEEN_LIMITS,
		fresh ? undefined : previous.seen,
	);
	const lookbackMs = Math.max(0, options.lookbackMs ?? 0);

	const overlapMs = options.overlapMs ?? DEFAULT_OVERLAP_MS;
	const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
	// First activation without a look-back: a baseline read marks what is already paid as seen, so
	// the overlap (and EasyBill's whole-day `paid_at` window) cannot replay it as news later.
	const baseline = fresh && lookbackMs === 0;
	const since = fresh ? new Date(now - lookbackMs).toISOString() : previous!.cursor!;
	const page = await ledger.listPaidInvoices(
		{ since },
		{ overlapMs: fresh && !baseline ? 0 : overlapMs, maxPages },
	);

	const emit: PaidInvoice[] = [];
	for (const invoice of page.invoices) {
		if (!isFullyPaid(invoice)) continue;
		const key = invoiceKey(invoice);
		const repeat = seen.has(key, now);
		// Re-marking a repeat keeps it remembered for as long as the window keeps re-reading it
		// (the cursor stays put while nothing newer is paid), not just for the TTL after emitting.
		seen.mark(key, now);
		if (!repeat && !baseline) emit.push(invoice);
	}
	return {
		emit,
		state: { cursor: laterOf(since, page.cursor?.since), fingerprint, seen: seen.toState(now) },
		initialised: fresh,
	};
}

/**
 * For the manual "fetch test event": the most recently paid invoice within the window, without
 * touching the trigger's state. Ledgers list oldest change first, so a long window on a busy
 * ledger would stop at old pages: it looks back one day first and widens only when that is empty.
 */
export async function latestPaidInvoice(
	ledger: Pick<Ledger, 'listPaidInvoices'>,
	options: { now: number; windowMs: number; maxPages?: number },
): Promise<PaidInvoice | undefined> {
	const steps = [DAY_MS, 7 * DAY_MS, 30 * DAY_MS].filter((ms) => ms < options.windowMs);
	for (const windowMs of [...steps, options.windowMs]) {
		const page = await ledger.listPaidInvoices(
			{ since: new Date(options.now - windowMs).toISOString() },
			{ overlapMs: 0, maxPages: options.maxPages ?? 5 },
		);
		let latest: PaidInvoice | undefined;
		for (const invoice of page.invoices) {
			if (!isFullyPaid(invoice)) continue;
			// ISO dates compare as text; among equal dates the later in the ledger's order wins.
			if (!latest || (invoice.paidDate ?? '') >= (latest.paidDate ?? '')) latest = invoice;
		}
		if (latest) return latest;
	}
	return undefined;
}

const DAY_MS = 24 * 3600_000;

function isInstant(value: unknown): value is string {
	return typeof value === 'string' && Number.isFinite(Date.parse(value));
}

/** The cursor never moves backwards, whatever a ledger reports. */
function laterOf(current: string, candidate: string | undefined): string {
	if (!isInstant(candidate)) return current;
	return Date.parse(candidate) > Date.parse(current)
		? new Date(Date.parse(candidate)).toISOString()
		: current;
}
