import { RateGovernor, XERO_LIMITS } from '../../core/governor';
import { virtualClock } from '../helpers/http';

describe('RateGovernor', () => {
	it('starts at most perMinute calls in any sliding minute', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor({ maxConcurrent: 5, perMinute: 60 }, clock);
		const startedAt: number[] = [];
		for (let i = 0; i < 130; i++) await governor.schedule(async () => startedAt.push(clock.now()));
		expect(startedAt.slice(0, 60).every((t) => t === 0)).toBe(true);
		// Call 61 waits until the first call's minute has passed, call 121 until the 61st's has.
		expect(startedAt[60]).toBe(60_000);
		expect(startedAt[120]).toBe(120_000);
		for (let i = 60; i < startedAt.length; i++) {
			expect(startedAt[i] - startedAt[i - 60]).toBeGreaterThanOrEqual(60_000);
		}
	});

	it('paces EasyBill PLUS to 10 per minute', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor({ maxConcurrent: 1, perMinute: 10 }, clock);
		const startedAt: number[] = [];
		for (let i = 0; i < 25; i++) await governor.schedule(async () => startedAt.push(clock.now()));
		expect(startedAt[9]).toBe(0);
		expect(startedAt[10]).toBe(60_000);
		expect(startedAt[20]).toBe(120_000);
	});

	it('never runs more than maxConcurrent tasks at once', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor(XERO_LIMITS, clock);
		let running = 0;
		let peak = 0;
		const releases: Array<() => void> = [];
		const tasks = Array.from({ length: 12 }, () =>
			governor.schedule(async () => {
				running++;
				peak = Math.max(peak, running);
				await new Promise<void>((resolve) => releases.push(resolve));
				running--;
			}),
		);
		for (let done = 0; done < 12; done++) {
			while (releases.length === 0) await new Promise((r) => setImmediate(r));
			expect(running).toBeLessThanOrEqual(5);
			releases.shift()!();
		}
		await Promise.all(tasks);
		expect(peak).toBe(5);
	});

	it('holds new calls while paused after a 429', async () => {
		const clock = virtualClock(1_000);
		const governor = new RateGovernor(XERO_LIMITS, clock);
		governor.pauseUntil(31_000);
		let startedAt = 0;
		await governor.schedule(async () => {
			startedAt = clock.now();
		});
		expect(startedAt).toBe(31_000);
		expect(clock.sleeps).toEqual([30_000]);
	});

	it('pads every pacing wait by marginMs, and only pacing waits', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor({ maxConcurrent: 1, perMinute: 2, marginMs: 500 }, clock);
		const startedAt: number[] = [];
		for (let i = 0; i < 3; i++) await governor.schedule(async () => startedAt.push(clock.now()));
		expect(startedAt).toEqual([0, 0, 60_500]);
		expect(clock.sleeps).toEqual([60_500]);
	});
});
