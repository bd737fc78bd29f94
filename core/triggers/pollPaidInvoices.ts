/**
 * One poll of the Invoice Paid polling trigger, without n8n: ask the ledger what changed since the
 * cursor (re-reading an overlap window before it, because the ledger's clock and ours differ and a
 * change can become visible after its timestamp), drop what was emitted before, move the cursor.
 *
 * How "since the cursor" is read is the ledger's business (PaidCursor.position): Xero resumes an
 * unfinished scan by page, EasyBill reads payments by id. The state is plain JSON for workflow
 * static data; a fingerprint of what the user chose (ledger, tenant) resets the cursor, so
 * switching organisation does not resume from another one's. The emitted-invoice memory is the
 * same one, with the same lifetime, as the webhook trigger's (limits.ts).
 */
import type { Ledger } from '../ledger';
import type { PaidInvoice } from '../model';
import { EmittedMemory, type EmittedMemoryState } from './emittedMemory';
import { emissionsFor, type Emission, type EmitSettings } from './emissions';
import { DEFAULT_POLL_OVERLAP_MS, EMITTED_MEMORY, MAX_POLL_PAGES } from './limits';
import { isPaidForTrigger } from './paidFilter';

export interface PollState {
	/** ISO instant: invoices changed at or after it (minus the overlap) are read next time. */
	cursor?: string;
	/** The ledger's own position inside or after `cursor` (see PaidCursor.position). */
	position?: string;
	fingerprint?: string;
	emitted?: EmittedMemoryState;
	/** Written by versions before the shared memory; read once and folded into `emitted`. */
	seen?: unknown;
}

export interface PollOptions {
	now: number;
	/** Identifies the trigger's settings; a change starts over. */
	fingerprint: string;
	/** Re-read this much before the cursor. Default 10 minutes. */
	overlapMs?: number;
	/** First poll only: also emit invoices paid this long before now. Default 0 (start from now). */
	lookbackMs?: number;
	/** Safety bound on pages per poll. */
	maxPages?: number;
	settings?: EmitSettings;
	/** Asked between pages: false ends this poll early (the host's poll budget is nearly spent). */
	shouldContinue?(): boolean;
}

export interface PollResult {
	emit: Emission[];
	state: PollState;
	/** True when this poll set the starting point (a baseline read emits nothing). */
	initialised: boolean;
}

export async function pollPaidInvoices(
	ledger: Pick<Ledger, 'listPaidInvoices'>,
	previous: PollState | undefined,
	options: PollOptions,
): Promise<PollResult> {
	const { now, fingerprint } = options;
	const settings: EmitSettings = options.settings ?? { mode: 'paid' };
	const fresh = !previous || previous.fingerprint !== fingerprint || !isInstant(previous.cursor);
	const memory = new EmittedMemory(
		EMITTED_MEMORY,
		fresh ? undefined : (previous.emitted ?? previous.seen),
	);
	const lookbackMs = Math.max(0, options.lookbackMs ?? 0);
	const overlapMs = options.overlapMs ?? DEFAULT_POLL_OVERLAP_MS;
	// First activation without a look-back: a baseline read marks what is already paid as seen, so
	// the overlap cannot replay it as news later.
	const baseline = fresh && lookbackMs === 0;
	const since = fresh ? new Date(now - lookbackMs).toISOString() : previous!.cursor!;
	const position = fresh ? undefined : previous!.position;
	const page = await ledger.listPaidInvoices(
		position === undefined ? { since } : { since, position },
		{
			overlapMs: fresh && !baseline ? 0 : overlapMs,
			maxPages: options.maxPages ?? MAX_POLL_PAGES,
			shouldContinue: options.shouldContinue,
			...(baseline ? { baselineAt: now } : {}),
		},
	);

	const emit: Emission[] = [];
	for (const invoice of page.invoices) {
		emit.push(...emissionsFor(invoice, settings, memory, now, { quiet: baseline }));
	}
	const state: PollState = {
		cursor: laterOf(since, page.cursor?.since),
		fingerprint,
		emitted: memory.toState(now),
	};
	if (page.cursor?.position !== undefined) state.position = page.cursor.position;
	return { emit, state, initialised: fresh };
}

/**
 * For the manual "fetch test event": the most recently paid invoice within the window, without
 * touching the trigger's state. Ledgers list oldest change first, so a long window on a busy
 * ledger would stop at old pages: it looks back one day first and widens only when that is empty.
 */
export async function latestPaidInvoice(
	ledger: Pick<Ledger, 'listPaidInvoices'>,
	options: { now: number; windowMs: number; maxPages?: number; emitCreditOnly?: boolean },
): Promise<PaidInvoice | undefined> {
	const steps = [DAY_MS, 7 * DAY_MS, 30 * DAY_MS].filter((ms) => ms < options.windowMs);
	for (const windowMs of [...steps, options.windowMs]) {
		const page = await ledger.listPaidInvoices(
			{ since: new Date(options.now - windowMs).toISOString() },
			{ overlapMs: 0, maxPages: options.maxPages ?? 5 },
		);
		let latest: PaidInvoice | undefined;
		for (const invoice of page.invoices) {
			if (!isPaidForTrigger(invoice, options)) continue;
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
