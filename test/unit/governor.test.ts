import { easyBillLimits, RateGovernor, XERO_LIMITS } from '../../core/governor';
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

describe('RateGovernor learning from the answers', () => {
	const answer = (status: number, headers: Record<string, string>) => ({ status, headers, body: {} });

	it('counts a call from its answer, so a slow call keeps its place in the window a minute after it came back', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor({ maxConcurrent: 1, perMinute: 1 }, clock);
		await governor.schedule(async () => clock.advance(5_000)); // sent at 0, answered at 5 s
		let second = -1;
		await governor.schedule(async () => {
			second = clock.now();
		});
		expect(second).toBe(65_000);
	});

	it('counts calls in flight against the minute', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor({ maxConcurrent: 5, perMinute: 2 }, clock);
		let release!: () => void;
		const slow = governor.schedule(() => new Promise<void>((r) => (release = r)));
		await governor.schedule(async () => undefined);
		// One answered, one in flight: the third must wait for the first answer's minute.
		expect(governor.delayBeforeNextStart()).toBeGreaterThan(0);
		release();
		await slow;
	});

	it("adds other processes' calls that X-MinLimit-Remaining reveals to its own window", async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor(XERO_LIMITS, clock);
		// Xero says 50 left after our first call: 9 calls came from somewhere else.
		await governor.schedule(
			async () => answer(200, { 'x-minlimit-remaining': '50' }),
			(r) => governor.observe(r, undefined),
		);
		expect(governor.stats.foreignCallsSeen).toBe(9);
		const startedAt: number[] = [];
		for (let i = 0; i < 51; i++) await governor.schedule(async () => startedAt.push(clock.now()));
		expect(startedAt.filter((t) => t < 60_000)).toHaveLength(50);
	});

	it('does not mistake its own calls in flight for foreign ones', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor(XERO_LIMITS, clock);
		const releases: Array<() => void> = [];
		let remaining = 60;
		const calls = Array.from({ length: 5 }, () =>
			governor.schedule(
				async () => {
					// Xero counts each call when it arrives: all five are counted before any answer.
					remaining--;
					await new Promise<void>((r) => releases.push(r));
					return answer(200, { 'x-minlimit-remaining': String(55) });
				},
				(r) => governor.observe(r, undefined),
			),
		);
		while (releases.length < 5) await new Promise((r) => setImmediate(r));
		releases.forEach((r) => r());
		await Promise.all(calls);
		expect(remaining).toBe(55);
		expect(governor.stats.foreignCallsSeen).toBe(0);
	});

	it('after a minute-limit 429 waits what Retry-After asks, not a whole minute', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor(XERO_LIMITS, clock);
		await governor.schedule(
			async () => answer(429, { 'retry-after': '2', 'x-rate-limit-problem': 'minute', 'x-minlimit-remaining': '0' }),
			(r) => governor.observe(r, 2000),
		);
		let next = -1;
		await governor.schedule(async () => {
			next = clock.now();
		});
		expect(next).toBe(2000);
	});

	it('learns a lower plan from a 429 that names no limit (EasyBill PLUS set up as BUSINESS) and keeps it', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor(easyBillLimits(60), clock);
		await governor.schedule(async () => answer(429, {}), (r) => governor.observe(r, undefined));
		expect(governor.currentPerMinute).toBe(10);
		const startedAt: number[] = [];
		for (let i = 0; i < 25; i++) await governor.schedule(async () => startedAt.push(clock.now()));
		for (let i = 10; i < startedAt.length; i++)
			expect(startedAt[i] - startedAt[i - 10]).toBeGreaterThanOrEqual(60_000);
		// The window was counted full at the 429: nothing more in that minute.
		expect(startedAt[0]).toBeGreaterThanOrEqual(60_000);
	});

	it('keeps one lane fewer after a concurrent-limit 429 and gives it back after a quiet minute', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor(XERO_LIMITS, clock);
		const releases: Array<() => void> = [];
		const busy = Array.from({ length: 4 }, () =>
			governor.schedule(() => new Promise<void>((r) => releases.push(r))),
		);
		await governor.schedule(
			async () => answer(429, { 'retry-after': '1', 'x-rate-limit-problem': 'concurrent' }),
			(r) => governor.observe(r, 1000),
		);
		expect(governor.currentConcurrency).toBe(4);
		releases.forEach((r) => r());
		await Promise.all(busy);
		clock.advance(61_000);
		await governor.schedule(async () => answer(200, {}), (r) => governor.observe(r, undefined));
		expect(governor.currentConcurrency).toBe(5);
	});

	it('knows the daily budget from X-DayLimit-Remaining and counts its own calls off it', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor(XERO_LIMITS, clock);
		expect(governor.dailyBudget()).toBeUndefined();
		await governor.schedule(async () => answer(200, { 'x-daylimit-remaining': '40' }), (r) => governor.observe(r, undefined));
		await governor.schedule(async () => undefined);
		expect(governor.dailyBudget()).toEqual({ remaining: 39 });
	});
});

describe('RateGovernor forgetting foreign calls', () => {
	const answer = (status: number, headers: Record<string, string>) => ({ status, headers, body: {} });

	it('forgets foreign calls when the vendor says the room is back (its fixed window reset)', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor(XERO_LIMITS, clock);
		let answerB!: () => void;
		const observe = (r: ReturnType<typeof answer>) => governor.observe(r, undefined);
		const b = governor.schedule(async () => {
			await new Promise<void>((r) => (answerB = r));
			return answer(200, { 'x-minlimit-remaining': '58' });
		}, observe);
		await governor.schedule(async () => answer(200, { 'x-minlimit-remaining': '0' }), observe);
		expect(governor.delayBeforeNextStart()).toBeGreaterThan(50_000);
		clock.advance(10_000);
		answerB();
		await b;
		expect(governor.delayBeforeNextStart()).toBe(0);
	});

	it('after a minute 429 lets one probe go when Retry-After is up, not the whole lane set', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor(XERO_LIMITS, clock);
		await governor.schedule(async () => answer(200, { 'x-minlimit-remaining': '30' }), (r) => governor.observe(r, undefined));
		await governor.schedule(
			async () => answer(429, { 'retry-after': '5', 'x-rate-limit-problem': 'minute' }),
			(r) => governor.observe(r, 5_000),
		);
		clock.advance(5_000);
		expect(governor.delayBeforeNextStart()).toBe(0);
		let sent = 0;
		// Rolling window: the probe's answer says nothing more freed.
		await governor.schedule(async () => {
			sent++;
			return answer(200, { 'x-minlimit-remaining': '0' });
		}, (r) => governor.observe(r, undefined));
		expect(sent).toBe(1);
		expect(governor.delayBeforeNextStart()).toBeGreaterThan(0);
	});
});
