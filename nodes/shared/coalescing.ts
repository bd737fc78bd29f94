/**
 * Process-wide merging of small concurrent batches (see core/coalescer.ts): every execution that
 * runs the same batch operation on the same account (credential + Xero organisation, or EasyBill
 * key) within a short window shares one ledger batch. One event per execution, five executions at
 * once, then cost about as many calls as one execution with five items.
 */
import { Coalescer } from '../../core/coalescer';
import { LedgerError } from '../../core/errors';
import type { ItemResult } from '../../core/ledger';
import type { Clock } from '../../core/transport';

/** Long enough for executions started by one burst of webhooks to meet, short for a lone one. */
export const COALESCE_WINDOW_MS = 50;
/** Batches larger than this are already batched well; they run as they are. */
const MAX_ITEMS_TO_MERGE = 50;
const MAX_MERGED_ITEMS = 250;

type Result = ItemResult<unknown>;

const COALESCERS = new Map<string, Coalescer<unknown, Result>>();
const MAX_COALESCERS = 256;

export interface CoalesceKey {
	credentialType: string;
	credential: string | undefined;
	/** Xero tenant id, or '' for EasyBill. */
	scope: string;
	operation: string;
}

export function runCoalesced(
	key: CoalesceKey,
	clock: Clock,
	inputs: unknown[],
	execute: (inputs: unknown[]) => Promise<Result[]>,
	/** The record an input names (its source id): two callers naming one are never merged. */
	identityOf?: (input: unknown) => string | undefined,
): Promise<Result[]> {
	if (!key.credential || inputs.length > MAX_ITEMS_TO_MERGE) return execute(inputs);
	const id = `${key.credentialType}|${key.credential}|${key.scope.toLowerCase()}|${key.operation}`;
	let coalescer = COALESCERS.get(id);
	if (!coalescer) {
		coalescer = new Coalescer<unknown, Result>({
			clock,
			windowMs: COALESCE_WINDOW_MS,
			maxItems: MAX_MERGED_ITEMS,
			reindex: reindexResult,
		});
		while (COALESCERS.size >= MAX_COALESCERS)
			COALESCERS.delete(COALESCERS.keys().next().value as string);
		COALESCERS.set(id, coalescer);
	}
	return coalescer.run(inputs, execute, identityOf);
}

/** The coalescers in use, for benchmarks. */
export function coalescerStats(): Array<{ key: string; batches: number; callers: number }> {
	return [...COALESCERS].map(([key, c]) => ({ key, ...c.stats }));
}

/** Forgets every coalescer (tests start each sandbox afresh). */
export function forgetCoalescers(): void {
	COALESCERS.clear();
}

function reindexResult(result: Result, index: number): Result {
	if (result.action === 'failed') {
		const error = result.error instanceof LedgerError ? result.error.forItem(index) : result.error;
		return { ...result, index, error };
	}
	return { ...result, index };
}
