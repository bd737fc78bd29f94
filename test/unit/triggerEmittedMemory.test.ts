import { EmittedMemory } from '../../core/triggers/emittedMemory';
import { EMITTED_MEMORY } from '../../core/triggers/limits';
import { PendingLookups } from '../../core/triggers/pendingLookups';

const DAY = 24 * 3600_000;
const T0 = Date.UTC(2026, 10, 23, 12);

function guid(i: number): string {
	const hex = i.toString(16).padStart(12, '0');
	return `6c4f2ec1-9c1d-4f0e-9f55-${hex}`;
}

describe('EmittedMemory (one memory of emitted invoices for both triggers)', () => {
	it('remembers an emitted invoice for months, then forgets it', () => {
		const memory = new EmittedMemory(EMITTED_MEMORY);
		memory.mark('inv-1', T0);
		const saved = JSON.parse(JSON.stringify(memory.toState(T0)));
		const reloaded = new EmittedMemory(EMITTED_MEMORY, saved);
		expect(reloaded.has('inv-1', T0 + 300 * DAY)).toBe(true);
		expect(reloaded.has('inv-1', T0 + 367 * DAY)).toBe(false);
		expect(reloaded.has('inv-2', T0)).toBe(false);
	});

	it('at its bound (10,000 Xero invoice ids) stays near 100 KB of static data', () => {
		const memory = new EmittedMemory(EMITTED_MEMORY);
		// Spread over the whole year, a day bucket each, the worst case for the day keys.
		for (let i = 0; i < EMITTED_MEMORY.maxEntries + 500; i++) {
			memory.mark(guid(i), T0 + Math.floor((i * 360) / EMITTED_MEMORY.maxEntries) * DAY);
		}
		const bytes = JSON.stringify(memory.toState(T0 + 360 * DAY)).length;
		// Measured: 103,976 bytes (docs/invoice-paid-trigger.md quotes this figure).
		expect(memory.size).toBe(EMITTED_MEMORY.maxEntries);
		expect(bytes).toBeLessThan(110_000);
		// The oldest went first.
		expect(memory.has(guid(0), T0 + 360 * DAY)).toBe(false);
		expect(memory.has(guid(EMITTED_MEMORY.maxEntries + 499), T0 + 360 * DAY)).toBe(true);
	});

	it('reads the version-1 shape (plain keys with ms) so an upgrade forgets nothing', () => {
		const memory = new EmittedMemory(EMITTED_MEMORY, {
			entries: [
				['inv-a', T0 - DAY],
				['inv-b', T0],
			],
		});
		expect(memory.has('inv-a', T0)).toBe(true);
		expect(memory.has('inv-b', T0)).toBe(true);
		expect(memory.toState(T0)).toMatchObject({ v: 2 });
	});

	it('skips malformed static data instead of failing', () => {
		expect(new EmittedMemory(EMITTED_MEMORY, { days: { x: 5, 20000: 12 } }).size).toBe(0);
		expect(new EmittedMemory(EMITTED_MEMORY, 'nonsense').size).toBe(0);
	});
});

describe('PendingLookups', () => {
	const limits = { maxEntries: 3, ttlMs: 48 * 3600_000 };

	it('keeps failed ids with their first failure and attempts, bounded by count', () => {
		const pending = new PendingLookups(limits, undefined, T0);
		pending.failed(['a', 'b'], T0);
		pending.failed(['a'], T0 + 1000);
		expect(pending.toState()).toEqual([
			['a', T0, 2],
			['b', T0, 1],
		]);
		pending.failed(['c', 'd'], T0 + 2000);
		expect(pending.ids()).toEqual(['b', 'c', 'd']);
		expect(pending.givenUp()).toEqual(['a']);
	});

	it('gives ids up at the age bound and reads the older plain list', () => {
		const pending = new PendingLookups(limits, [['old', T0, 5], 'legacy'], T0 + 48 * 3600_000);
		expect(pending.ids()).toEqual(['legacy']);
		expect(pending.givenUp()).toEqual(['old']);
	});
});
