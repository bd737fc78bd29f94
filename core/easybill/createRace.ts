/**
 * EasyBill has no idempotency key and no unique `external_id` or payment `reference`, so two
 * executions (separate workers, a webhook retried mid-run) that both looked a source id up and
 * found nothing both create. The window is narrowed to what the API allows: after its own create
 * (and before anything irreversible), each execution lists the records for the handle again; the lowest id wins (ids only
 * grow, so the later creator always sees the earlier one), and a loser deletes its own record
 * (a draft document, or a payment) and answers the winner. What remains is documented in
 * core/easybill/README.md. Customer numbers are unique in EasyBill itself, so there the loser's
 * create is refused and it reads the winner by number.
 */
import { LedgerError } from '../errors';

export interface RaceOutcome<T> {
	winner: T;
	/** True when the record this execution created is the one kept. */
	won: boolean;
}

export async function settleCreateRace<T extends { id: number }>(
	mine: T,
	sameHandle: () => Promise<T[]>,
	removeOwn: (id: number) => Promise<void>,
): Promise<RaceOutcome<T>> {
	const all = await sameHandle();
	const others = all.filter((r) => r.id !== mine.id);
	const lowest = [mine, ...others].reduce((a, b) => (b.id < a.id ? b : a));
	if (lowest.id === mine.id) return { winner: mine, won: true };
	await removeOwn(mine.id);
	return { winner: lowest, won: false };
}

/**
 * The re-check for a whole run of creates in one list (comma list of handles, paged) instead of
 * one list per record: each record is then settled with `settleCreateRace` against the records of
 * its own handle. The guarantee does not change: the list is still read after this execution's
 * own creates, so of two creates the later one still sees the earlier one; only the time a
 * record waits for its check grows (see the chunk size where this is used).
 */
export async function recordsByHandle<T>(
	handles: readonly string[],
	list: (handles: string[]) => Promise<T[]>,
	handleOf: (record: T) => string | null | undefined,
): Promise<Map<string, T[]>> {
	const wanted = new Set(handles);
	const out = new Map<string, T[]>();
	if (wanted.size === 0) return out;
	for (const record of await list([...wanted])) {
		const handle = handleOf(record);
		// The ledger's filter may match more loosely than our handles do; only exact handles count.
		if (handle === null || handle === undefined || !wanted.has(handle)) continue;
		const same = out.get(handle);
		if (same) same.push(record);
		else out.set(handle, [record]);
	}
	return out;
}

/** EasyBill's 400 for a customer number another create took first. */
export function isNumberTaken(error: unknown): boolean {
	return (
		error instanceof LedgerError &&
		error.httpStatus === 400 &&
		/number .*already in use|already exists/i.test(`${error.vendorMessage ?? ''} ${error.message}`)
	);
}
