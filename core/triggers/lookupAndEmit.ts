/**
 * The part both webhook flows share once a delivery is admitted: look up the invoices it names
 * (plus those whose earlier lookup failed), decide what to emit, and keep what failed as pending.
 *
 * The sender already has its answer, so a failed lookup cannot be redelivered by it: the ids stay
 * pending in static data and are looked up again with every later delivery, and the outcome says
 * so (`failure`), for the node to show as a failed execution.
 */
import type { PaidInvoice } from '../model';
import { EmittedMemory, type EmittedMemoryState } from './emittedMemory';
import { emissionsFor, type Emission, type EmitSettings, type StatedPayment } from './emissions';
import { EMITTED_MEMORY, PENDING_LOOKUPS } from './limits';
import { invoiceKey } from './paidFilter';
import { PendingLookups, type PendingState } from './pendingLookups';

export interface LookupState {
	emitted?: EmittedMemoryState;
	pending?: PendingState;
}

export interface LookupFailure {
	/** The first error met; the node turns it into the message the user sees. */
	error: unknown;
	/** Ids whose lookup failed this time; they are retried with the next delivery. */
	failedIds: string[];
	/** Every id now waiting for a retry (this failure's and older ones). */
	pendingIds: string[];
}

export interface LookupOutcome {
	emit: Emission[];
	/** The ids looked up (empty when there was nothing to look up). */
	lookedUp: string[];
	/** Ids given up: pending longer than the age bound, or pushed out by the count bound. */
	givenUp: string[];
	failure?: LookupFailure;
	state: Required<LookupState>;
}

/** Answers for some ids; `failed` names those that could not be looked up, with the reason. */
export interface LookupAnswer {
	invoices: PaidInvoice[];
	failed?: { ids: string[]; error: unknown };
}

export async function lookUpAndEmit(input: {
	/** Ids the delivery names (already deduped against earlier deliveries' events). */
	ids: string[];
	state: LookupState | undefined;
	now: number;
	settings: EmitSettings;
	lookup(ids: string[]): Promise<LookupAnswer>;
	/** Payment details a delivery stated, by id (EasyBill payment bodies). */
	stated?: ReadonlyMap<string, StatedPayment>;
	/** Ids not worth a lookup (e.g. an invoice already emitted, in "paid" mode). */
	skip?(id: string, memory: EmittedMemory): boolean;
}): Promise<LookupOutcome> {
	const { now, settings } = input;
	const memory = new EmittedMemory(EMITTED_MEMORY, input.state?.emitted);
	const pending = new PendingLookups(PENDING_LOOKUPS, input.state?.pending, now);
	const ids = uniqueIds([...pending.ids(), ...input.ids]).filter((id) => {
		if (!input.skip?.(id, memory)) return true;
		pending.done([id]);
		return false;
	});
	const snapshot = () => ({ emitted: memory.toState(now), pending: pending.toState() });
	if (ids.length === 0) {
		return { emit: [], lookedUp: [], givenUp: pending.givenUp(), state: snapshot() };
	}

	let answer: LookupAnswer;
	try {
		answer = await input.lookup(ids);
	} catch (error) {
		answer = { invoices: [], failed: { ids, error } };
	}
	const failedIds = new Set((answer.failed?.ids ?? []).map((id) => id.toLowerCase()));
	const failed = ids.filter((id) => failedIds.has(id.toLowerCase()));
	pending.done(ids.filter((id) => !failedIds.has(id.toLowerCase())));
	pending.failed(failed, now);

	const asked = new Map(ids.map((id) => [id.toLowerCase(), id]));
	const emit: Emission[] = [];
	for (const invoice of answer.invoices) {
		const asId = asked.get(invoiceKey(invoice));
		if (asId === undefined) continue;
		emit.push(
			...emissionsFor(invoice, settings, memory, now, { stated: input.stated?.get(asId) }),
		);
	}
	const outcome: LookupOutcome = {
		emit,
		lookedUp: ids,
		givenUp: pending.givenUp(),
		state: snapshot(),
	};
	if (failed.length > 0) {
		outcome.failure = { error: answer.failed!.error, failedIds: failed, pendingIds: pending.ids() };
	}
	return outcome;
}

function uniqueIds(ids: string[]): string[] {
	const seen = new Set<string>();
	return ids.filter((id) => {
		const key = id.toLowerCase();
		if (id === '' || seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
