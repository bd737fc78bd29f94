/**
 * Ids whose lookup failed after the sender had its answer (Xero and EasyBill never redeliver a
 * delivery we accepted). They wait here, in static data, and are looked up again with every later
 * delivery until the lookup works or they reach the age bound. An id given up (too old, or pushed
 * out by the count bound) is returned by `givenUp` so the trigger can name it in a failed
 * execution: nothing leaves this list silently.
 *
 * Stored as `[[id, firstFailedAtMs, attempts], ...]`; the older plain `string[]` is read too.
 */
import type { CountAndAge } from './limits';

export type PendingState = Array<[string, number, number]>;

interface Entry {
	since: number;
	attempts: number;
}

export class PendingLookups {
	private readonly entries = new Map<string, Entry>();
	private readonly dropped: string[] = [];

	constructor(
		private readonly limits: CountAndAge,
		state: unknown,
		now: number,
	) {
		for (const [id, since, attempts] of readState(state, now)) {
			this.entries.set(id, { since, attempts });
		}
		for (const [id, entry] of this.entries) {
			if (now - entry.since >= limits.ttlMs) {
				this.entries.delete(id);
				this.dropped.push(id);
			}
		}
		this.evictOverflow();
	}

	get size(): number {
		return this.entries.size;
	}

	ids(): string[] {
		return [...this.entries.keys()];
	}

	attemptsOf(id: string): number {
		return this.entries.get(id)?.attempts ?? 0;
	}

	/** Ids that left the list without a successful lookup (age or count bound), once each. */
	givenUp(): string[] {
		return [...this.dropped];
	}

	/** The lookup of these ids failed (again): keep them, counting the attempt. */
	failed(ids: Iterable<string>, now: number): void {
		for (const id of ids) {
			const entry = this.entries.get(id);
			if (entry) entry.attempts += 1;
			else this.entries.set(id, { since: now, attempts: 1 });
		}
		this.evictOverflow();
	}

	/** The lookup of these ids worked (whatever it found): they are no longer pending. */
	done(ids: Iterable<string>): void {
		for (const id of ids) this.entries.delete(id);
	}

	toState(): PendingState {
		return [...this.entries].map(([id, entry]) => [id, entry.since, entry.attempts]);
	}

	private evictOverflow(): void {
		while (this.entries.size > this.limits.maxEntries) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
			this.dropped.push(oldest);
		}
	}
}

function readState(state: unknown, now: number): Array<[string, number, number]> {
	if (!Array.isArray(state)) return [];
	const out: Array<[string, number, number]> = [];
	for (const entry of state) {
		if (typeof entry === 'string' && entry !== '') out.push([entry, now, 1]);
		else if (
			Array.isArray(entry) &&
			typeof entry[0] === 'string' &&
			entry[0] !== '' &&
			typeof entry[1] === 'number' &&
			Number.isFinite(entry[1])
		) {
			out.push([entry[0], entry[1], typeof entry[2] === 'number' ? entry[2] : 1]);
		}
	}
	return out.sort((a, b) => a[1] - b[1]);
}
