import { DedupeStore } from '../../core/triggers/dedupeStore';

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 10, 23, 12);

describe('DedupeStore', () => {
	it('remembers marked keys and forgets unmarked ones', () => {
		const store = new DedupeStore({ maxEntries: 10, ttlMs: HOUR });
		store.mark('a', T0);
		expect(store.has('a', T0 + 1)).toBe(true);
		expect(store.has('b', T0 + 1)).toBe(false);
		store.unmark('a');
		expect(store.has('a', T0 + 1)).toBe(false);
	});

	it('treats keys older than the TTL as unseen and drops them when saved', () => {
		const store = new DedupeStore({ maxEntries: 10, ttlMs: HOUR });
		store.mark('old', T0);
		store.mark('new', T0 + 30 * 60_000);
		expect(store.has('old', T0 + HOUR - 1)).toBe(true);
		expect(store.has('old', T0 + HOUR)).toBe(false);
		expect(store.toState(T0 + HOUR).entries.map(([key]) => key)).toEqual(['new']);
	});

	it('never holds more than maxEntries, evicting the oldest first', () => {
		const store = new DedupeStore({ maxEntries: 3, ttlMs: HOUR });
		for (const [i, key] of ['a', 'b', 'c', 'd', 'e'].entries()) store.mark(key, T0 + i);
		expect(store.size).toBe(3);
		expect(['a', 'b', 'c', 'd', 'e'].filter((key) => store.has(key, T0 + 10))).toEqual([
			'c',
			'd',
			'e',
		]);
	});

	it('moves a re-marked key to the newest end, so it outlives keys marked after it', () => {
		const store = new DedupeStore({ maxEntries: 2, ttlMs: HOUR });
		store.mark('a', T0);
		store.mark('b', T0 + 1);
		store.mark('a', T0 + 2);
		store.mark('c', T0 + 3);
		expect(store.has('a', T0 + 4)).toBe(true);
		expect(store.has('b', T0 + 4)).toBe(false);
	});

	it('claims only unseen keys, once each, and can give them back', () => {
		const store = new DedupeStore({ maxEntries: 10, ttlMs: HOUR });
		store.mark('a', T0);
		expect(store.claim(['a', 'b', 'b', 'c'], T0 + 1)).toEqual(['b', 'c']);
		expect(store.claim(['b', 'c'], T0 + 2)).toEqual([]);
		store.unmark('c');
		expect(store.claim(['c'], T0 + 3)).toEqual(['c']);
	});

	it('round-trips through JSON (workflow static data) keeping order, numeric keys included', () => {
		const store = new DedupeStore({ maxEntries: 3, ttlMs: HOUR });
		store.mark('500003', T0);
		store.mark('500001', T0 + 1);
		store.mark('500002', T0 + 2);
		const saved = JSON.parse(JSON.stringify(store.toState(T0 + 3)));
		const restored = new DedupeStore({ maxEntries: 3, ttlMs: HOUR }, saved);
		restored.mark('500004', T0 + 4);
		expect(restored.has('500003', T0 + 5)).toBe(false);
		expect(['500001', '500002', '500004'].every((key) => restored.has(key, T0 + 5))).toBe(true);
	});

	it('enforces its cap on data saved under a larger cap', () => {
		const big = new DedupeStore({ maxEntries: 100, ttlMs: HOUR });
		for (let i = 0; i < 100; i++) big.mark(`k${i}`, T0 + i);
		const small = new DedupeStore({ maxEntries: 10, ttlMs: HOUR }, big.toState(T0 + 100));
		expect(small.size).toBe(10);
		expect(small.has('k99', T0 + 100)).toBe(true);
		expect(small.has('k89', T0 + 100)).toBe(false);
	});

	it('ignores malformed saved data instead of failing the trigger', () => {
		for (const junk of [
			undefined,
			null,
			'x',
			42,
			{ entries: 'no' },
			{ entries: [['a'], [1, 2], ['b', 'x'], ['ok', T0]] },
		]) {
			const store = new DedupeStore({ maxEntries: 5, ttlMs: HOUR }, junk);
			expect(store.size).toBeLessThanOrEqual(1);
		}
		expect(
			new DedupeStore({ maxEntries: 5, ttlMs: HOUR }, { entries: [['ok', T0]] }).has('ok', T0),
		).toBe(true);
	});

	it('refuses limits that would make it unbounded or useless', () => {
		expect(() => new DedupeStore({ maxEntries: 0, ttlMs: HOUR })).toThrow();
		expect(() => new DedupeStore({ maxEntries: 5, ttlMs: 0 })).toThrow();
	});
});
