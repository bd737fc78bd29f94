/**
 * A bounded "seen before" set that lives in n8n's workflow static data between executions.
 *
 * Static data is saved with the workflow, so the store must stay small: it forgets keys older than
 * its TTL and, past its size cap, the oldest keys first. Keys are stored as `[key, markedAtMs]`
 * pairs in an array because numeric-looking object keys (EasyBill ids) would lose their order.
 */

export interface DedupeState {
	entries: Array<[string, number]>;
}

export interface DedupeLimits {
	/** Most keys kept; the oldest go first. */
	maxEntries: number;
	/** A key older than this counts as never seen. */
	ttlMs: number;
}

export class DedupeStore {
	private readonly marks = new Map<string, number>();

	constructor(
		private readonly limits: DedupeLimits,
		state?: unknown,
	) {
		if (!(limits.maxEntries > 0) || !(limits.ttlMs > 0)) {
			throw new Error('DedupeStore needs a positive maxEntries and ttlMs');
		}
		for (const [key, at] of readEntries(state).sort((a, b) => a[1] - b[1])) this.marks.set(key, at);
		this.evictOverflow();
	}

	get size(): number {
		return this.marks.size;
	}

	has(key: string, now: number): boolean {
		const at = this.marks.get(key);
		return at !== undefined && now - at < this.limits.ttlMs;
	}

	/** Remembers `key` as seen at `now` (moving it to the newest end). */
	mark(key: string, now: number): void {
		this.marks.delete(key);
		this.marks.set(key, now);
		this.evictOverflow();
	}

	/** Forgets `key`, e.g. when the work it stood for failed and must be retried. */
	unmark(key: string): void {
		this.marks.delete(key);
	}

	/**
	 * Marks every key not seen before and returns those, in order and without repeats. The caller
	 * gives them back with `unmark` if what they stand for could not be done.
	 */
	claim(keys: Iterable<string>, now: number): string[] {
		const fresh: string[] = [];
		for (const key of keys) {
			if (this.has(key, now)) continue;
			fresh.push(key);
			this.mark(key, now);
		}
		return fresh;
	}

	/** Drops expired keys. */
	prune(now: number): void {
		for (const [key, at] of this.marks) {
			if (now - at >= this.limits.ttlMs) this.marks.delete(key);
		}
	}

	/** Plain JSON for workflow static data, expired keys dropped. */
	toState(now: number): DedupeState {
		this.prune(now);
		return { entries: [...this.marks.entries()] };
	}

	private evictOverflow(): void {
		// Map iteration follows insertion order and `mark` re-inserts, so the first key is the oldest.
		while (this.marks.size > this.limits.maxEntries) {
			const oldest = this.marks.keys().next().value as string;
			this.marks.delete(oldest);
		}
	}
}

/** Accepts only well-formed entries: static data may have been edited or written by an older version. */
function readEntries(state: unknown): Array<[string, number]> {
	if (typeof state !== 'object' || state === null) return [];
	const entries = (state as { entries?: unknown }).entries;
	if (!Array.isArray(entries)) return [];
	const out: Array<[string, number]> = [];
	for (const entry of entries) {
		if (
			Array.isArray(entry) &&
			typeof entry[0] === 'string' &&
			typeof entry[1] === 'number' &&
			Number.isFinite(entry[1])
		) {
			out.push([entry[0], entry[1]]);
		}
	}
	return out;
}
