/**
 * Merges concurrent batches for the same account and operation into one. The most common n8n flow
 * (a billing webhook starts one execution per event) hands the ledger one item at a time; sending
 * each alone costs a lookup and a write per event, while Xero takes 50 elements per call. So each
 * call waits a short window (and, while a merged batch is being written, until it is done: group
 * commit), then everything that arrived goes to the ledger as one batch and every caller gets back
 * the results for its own items, renumbered to its own indexes.
 *
 * Safe to merge because batch operations already treat every item on its own, and a whole-batch
 * failure fails each caller's items with the same error. Two callers naming the same record (one
 * source id, e.g. a webhook retried while its first delivery runs) are never merged: the later
 * one waits for the next batch, so it sees what the first wrote (one record: `created` for the
 * first, `unchanged` for the later one) instead of sharing its outcome.
 */
import type { Clock } from './transport';

interface Pending<I, R> {
	items: I[];
	/** The records the items name (source ids); a batch holds each once. */
	identities: string[];
	execute(items: I[]): Promise<R[]>;
	resolve(results: R[]): void;
	reject(error: unknown): void;
}

export interface CoalescerOptions<R> {
	clock: Clock;
	/** How long the first caller waits for others to join (ms). */
	windowMs: number;
	/** Most items in one merged batch; the rest wait for the next. */
	maxItems: number;
	/** Renumbers one result to the caller's own index (default: sets `index`). */
	reindex?(result: R, index: number): R;
}

type Indexed = { index: number };

export class Coalescer<I, R extends Indexed> {
	private queue: Array<Pending<I, R>> = [];
	private flushing = false;
	/** Batches sent and callers served, for benchmarks. */
	readonly stats = { batches: 0, callers: 0 };

	constructor(private readonly options: CoalescerOptions<R>) {}

	/**
	 * Resolves with this caller's results, `index` counted within `items`. A merged batch runs
	 * through the `execute` of its first caller (every caller names the same account).
	 */
	run(
		items: I[],
		execute: (items: I[]) => Promise<R[]>,
		identityOf: (item: I) => string | undefined = () => undefined,
	): Promise<R[]> {
		const identities = items.flatMap((item) => {
			const id = identityOf(item);
			return id === undefined ? [] : [id];
		});
		return new Promise<R[]>((resolve, reject) => {
			this.queue.push({ items, identities, execute, resolve, reject });
			if (!this.flushing) void this.flushLoop();
		});
	}

	private async flushLoop(): Promise<void> {
		this.flushing = true;
		try {
			while (this.queue.length > 0) {
				await this.options.clock.sleep(this.options.windowMs);
				await this.flushOnce();
			}
		} finally {
			this.flushing = false;
		}
	}

	private async flushOnce(): Promise<void> {
		const batch: Array<Pending<I, R>> = [];
		let size = 0;
		const named = new Set<string>();
		while (this.queue.length > 0) {
			const next = this.queue[0];
			if (batch.length > 0 && size + next.items.length > this.options.maxItems) break;
			// A record already in this batch: the caller goes next time, after this batch is written.
			if (batch.length > 0 && next.identities.some((id) => named.has(id))) break;
			for (const id of next.identities) named.add(id);
			batch.push(next);
			size += next.items.length;
			this.queue.shift();
		}
		this.stats.batches++;
		this.stats.callers += batch.length;
		let results: R[];
		try {
			results = await batch[0].execute(batch.flatMap((p) => p.items));
		} catch (error) {
			for (const caller of batch) caller.reject(error);
			return;
		}
		const reindex = this.options.reindex ?? ((r: R, index: number) => ({ ...r, index }));
		let offset = 0;
		for (const caller of batch) {
			const from = offset;
			const to = offset + caller.items.length;
			caller.resolve(
				results
					.filter((r) => r.index >= from && r.index < to)
					.map((r) => reindex(r, r.index - from)),
			);
			offset = to;
		}
	}
}
