/**
 * The memory of what a trigger already emitted, kept in workflow static data for months. It must
 * stay small, so each key is stored as a 10-character hash (60 bits: no collision in reach for a
 * few thousand entries) inside one string per day: `{ v: 2, days: { "20415": "k1k2k3..." } }`.
 * Day granularity is enough for a lifetime counted in months, and costs no separators.
 *
 * The older shape `{ entries: [[key, markedAtMs], ...] }` (plain keys) is read and converted, so
 * upgrading never re-emits what an earlier version emitted.
 */
import { createHash } from 'node:crypto';

import type { CountAndAge } from './limits';

const DAY_MS = 24 * 3600_000;
const HASH_LENGTH = 10;

export interface EmittedMemoryState {
	v: 2;
	/** Day number (ms / 86,400,000) -> the hashes marked that day, concatenated, oldest first. */
	days: Record<string, string>;
}

export function memoryKey(key: string): string {
	return createHash('sha256').update(key).digest('base64url').slice(0, HASH_LENGTH);
}

export class EmittedMemory {
	/** hash -> day it was last marked; Map order is marking order (oldest first). */
	private readonly marks = new Map<string, number>();

	constructor(
		private readonly limits: CountAndAge,
		state?: unknown,
	) {
		if (!(limits.maxEntries > 0) || !(limits.ttlMs > 0)) {
			throw new Error('EmittedMemory needs a positive maxEntries and ttlMs');
		}
		for (const [hash, day] of readState(state)) {
			this.marks.delete(hash);
			this.marks.set(hash, day);
		}
		this.evictOverflow();
	}

	get size(): number {
		return this.marks.size;
	}

	has(key: string, now: number): boolean {
		const day = this.marks.get(memoryKey(key));
		return day !== undefined && this.alive(day, now);
	}

	/** Remembers `key` as emitted (or seen) today, moving it to the newest end. */
	mark(key: string, now: number): void {
		const hash = memoryKey(key);
		this.marks.delete(hash);
		this.marks.set(hash, dayOf(now));
		this.evictOverflow();
	}

	toState(now: number): EmittedMemoryState {
		const days: Record<string, string> = {};
		for (const [hash, day] of this.marks) {
			if (!this.alive(day, now)) continue;
			days[day] = (days[day] ?? '') + hash;
		}
		return { v: 2, days };
	}

	private alive(day: number, now: number): boolean {
		// Whole days: an entry lives at least its TTL, at most one day longer.
		return now - day * DAY_MS < this.limits.ttlMs + DAY_MS;
	}

	private evictOverflow(): void {
		while (this.marks.size > this.limits.maxEntries) {
			this.marks.delete(this.marks.keys().next().value as string);
		}
	}
}

function dayOf(ms: number): number {
	return Math.floor(ms / DAY_MS);
}

/** Entries oldest first; anything malformed (hand-edited static data) is skipped. */
function readState(state: unknown): Array<[string, number]> {
	if (typeof state !== 'object' || state === null) return [];
	const { days, entries } = state as { days?: unknown; entries?: unknown };
	const out: Array<[string, number]> = [];
	if (typeof days === 'object' && days !== null) {
		const sorted = Object.entries(days as Record<string, unknown>)
			.map(([day, hashes]) => [Number(day), hashes] as const)
			.filter(([day, hashes]) => Number.isSafeInteger(day) && typeof hashes === 'string')
			.sort((a, b) => a[0] - b[0]);
		for (const [day, hashes] of sorted) {
			const text = hashes as string;
			for (let i = 0; i + HASH_LENGTH <= text.length; i += HASH_LENGTH) {
				out.push([text.slice(i, i + HASH_LENGTH), day]);
			}
		}
	}
	if (Array.isArray(entries)) {
		// Version 1: plain keys with a marking time in ms.
		const legacy = entries
			.filter(
				(entry): entry is [string, number] =>
					Array.isArray(entry) &&
					typeof entry[0] === 'string' &&
					typeof entry[1] === 'number' &&
					Number.isFinite(entry[1]),
			)
			.sort((a, b) => a[1] - b[1]);
		for (const [key, at] of legacy) out.push([memoryKey(key), dayOf(at)]);
	}
	return out;
}
