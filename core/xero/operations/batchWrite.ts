/**
 * Sends prepared elements in batches of 50 and turns each answer element back into the result
 * for the caller's item. One rejected element fails only its own item; a whole batch that fails
 * fails its items with the same error; a batch whose outcome is unknown (answer lost after the
 * retries) is looked up again before anything is reported, so nothing is created twice by a re-run.
 */
import { LedgerError, scrubError } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { HttpMethod } from '../../transport';
import type { Query } from '../api';
import { splitBatches } from '../batching';
import { claimWrite } from '../claim';
import { idempotencyKey } from '../idempotency';
import type { EnvelopeKey } from '../wire';
import type { XeroContext } from './context';

export interface PreparedElement<B> {
	/** Index in the caller's batch. */
	index: number;
	sourceId: string;
	body: B;
	/**
	 * What the write was decided on (e.g. the found object's `UpdatedDateUTC`): part of the
	 * idempotency key, so a later write after someone changed the object is never a replay.
	 */
	observed?: string;
}

export interface BatchWriteSpec<B, R> {
	method: Extract<HttpMethod, 'PUT' | 'POST'>;
	path: string;
	key: EnvelopeKey;
	/** Names the operation inside the idempotency key. */
	operation: string;
	/** Extra query parameters, fixed or per batch (e.g. `unitdp=4` only when a batch needs it). */
	query?: Query | ((batch: Array<PreparedElement<B>>) => Query);
	/** The result for one answer element (success or the element's own validation errors). */
	toResult(answer: unknown, element: PreparedElement<B>): ItemResult<R>;
	/** After an unknown outcome: results for the elements that did land; the rest fail. */
	recover?(elements: PreparedElement<B>[]): Promise<Map<number, ItemResult<R>>>;
	/**
	 * Where the created records live (e.g. `/Invoices`): a batch that created something is claimed
	 * (see ../claim), and an execution that only got another's answer reports `unchanged`.
	 */
	claim?: string;
	/**
	 * Called with each batch's results as soon as Xero answered, before the claim: a follow-up
	 * read can start alongside the claim instead of after it.
	 */
	onAnswered?(results: Array<ItemResult<R>>): void;
}

/** How many times a replayed rejection is sent again under a new key (each one a fresh answer). */
const MAX_REKEYS = 3;

export async function writeInBatches<B, R>(
	ctx: XeroContext,
	elements: PreparedElement<B>[],
	spec: BatchWriteSpec<B, R>,
): Promise<Array<ItemResult<R>>> {
	const results: Array<ItemResult<R>> = [];
	for (const batch of splitBatches(elements)) {
		let pending = batch;
		let key = idempotencyKey(
			ctx.tenantId,
			spec.operation,
			batch.map((e) => e.sourceId),
			batch.map((e) => (e.observed === undefined ? e.body : { body: e.body, observed: e.observed })),
		);
		for (let round = 0; pending.length > 0; round++) {
			const outcome = await writeOnce(ctx, pending, spec, key);
			// A rejection Xero replays for this key was made before the org may have been fixed
			// (a lock date, an archived account): send those elements again under a key derived from
			// the replayed answer, so concurrent runs that saw the same replay still share one key.
			const stale =
				outcome.replayedAt !== undefined && round < MAX_REKEYS
					? pending.filter((_e, i) => outcome.results[i].action === 'failed')
					: [];
			const kept = outcome.results.filter((_r, i) => !stale.includes(pending[i]));
			spec.onAnswered?.(kept);
			results.push(...(await claimed(ctx, spec, key, kept)));
			if (stale.length === 0) break;
			key = idempotencyKey(
				ctx.tenantId,
				spec.operation,
				stale.map((e) => e.sourceId),
				{ replayOf: key, answeredAt: outcome.replayedAt },
			);
			pending = stale;
		}
	}
	return results;
}

/** The batch's results, `created` turned into `unchanged` when another execution made them. */
async function claimed<B, R>(
	ctx: XeroContext,
	spec: BatchWriteSpec<B, R>,
	key: string,
	results: Array<ItemResult<R>>,
): Promise<Array<ItemResult<R>>> {
	const first = results.find((r) => r.action === 'created');
	if (!spec.claim || !first || first.action !== 'created') return results;
	const ours = await claimWrite(ctx, `${spec.claim}/${encodeURIComponent(first.ledgerId)}`, key);
	if (ours) return results;
	return results.map((r) => (r.action === 'created' ? { ...r, action: 'unchanged' } : r));
}

async function writeOnce<B, R>(
	ctx: XeroContext,
	batch: PreparedElement<B>[],
	spec: BatchWriteSpec<B, R>,
	key: string,
): Promise<{ results: Array<ItemResult<R>>; replayedAt?: number }> {
	const newestBefore = ctx.api.newestAnswerTime();
	let answeredAt: number | undefined;
	try {
		const answers = await ctx.api.writeBatch(
			spec.method,
			spec.path,
			spec.key,
			batch.map((e) => e.body),
			{
				idempotencyKey: key,
				query: typeof spec.query === 'function' ? spec.query(batch) : spec.query,
				onAnswered: (at) => (answeredAt = at),
			},
		);
		const results = batch.map((element, i) => {
			const result = spec.toResult(answers[i], element);
			// Xero's element messages can echo the request: scrub them like every other error.
			return result.action === 'failed'
				? { ...result, error: scrubError(result.error, ctx.secrets) }
				: result;
		});
		// A fresh answer is made after every answer we already had; one older than those is a replay.
		const replayed =
			answeredAt !== undefined && newestBefore !== undefined && answeredAt < newestBefore;
		return { results, replayedAt: replayed ? answeredAt : undefined };
	} catch (error) {
		return { results: await failBatch(batch, error, spec) };
	}
}

async function failBatch<B, R>(
	batch: PreparedElement<B>[],
	error: unknown,
	spec: BatchWriteSpec<B, R>,
): Promise<Array<ItemResult<R>>> {
	if (!(error instanceof LedgerError)) throw error;
	let recovered = new Map<number, ItemResult<R>>();
	if (error.outcomeUnknown && spec.recover) {
		try {
			recovered = await spec.recover(batch);
		} catch {
			recovered = new Map(); // the re-lookup failed too: report the original, unknown outcome
		}
	}
	return batch.map(
		(element) =>
			recovered.get(element.index) ?? {
				index: element.index,
				action: 'failed',
				error: error.forItem(element.index),
			},
	);
}
