/**
 * EasyBill has no idempotency key and no unique `external_id` or payment `reference`, so two
 * executions (separate workers, a webhook retried mid-run) that both looked a source id up and
 * found nothing both create. The window is narrowed to what the API allows: right after its own
 * create, each execution lists the records for the handle again; the lowest id wins (ids only
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

/** EasyBill's 400 for a customer number another create took first. */
export function isNumberTaken(error: unknown): boolean {
	return (
		error instanceof LedgerError &&
		error.httpStatus === 400 &&
		/number .*already in use|already exists/i.test(`${error.vendorMessage ?? ''} ${error.message}`)
	);
}
