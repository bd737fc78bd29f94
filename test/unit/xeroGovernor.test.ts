import { createXeroGovernor, XERO_PACING_MARGIN_MS } from '../../core/xero';
import { virtualClock } from '../helpers/http';

describe('Xero governor', () => {
	it('starts 60 calls at once, then holds the 61st a minute plus the jitter margin', async () => {
		const clock = virtualClock();
		const start = clock.now();
		const governor = createXeroGovernor(clock);
		const startedAt: number[] = [];
		for (let i = 0; i < 61; i++) await governor.schedule(async () => startedAt.push(clock.now()));
		expect(startedAt.slice(0, 60).every((t) => t === start)).toBe(true);
		expect(startedAt[60] - start).toBe(60_000 + XERO_PACING_MARGIN_MS);
	});

	it('never runs more than 5 calls at the same time', async () => {
		const governor = createXeroGovernor(virtualClock(), 0);
		let running = 0;
		let peak = 0;
		let done = 0;
		const release: Array<() => void> = [];
		const calls = Array.from({ length: 12 }, () =>
			governor.schedule(async () => {
				running += 1;
				peak = Math.max(peak, running);
				await new Promise<void>((resolve) => release.push(resolve));
				running -= 1;
				done += 1;
			}),
		);
		while (done < 12) {
			await new Promise((r) => setImmediate(r));
			release.shift()?.();
		}
		await Promise.all(calls);
		expect(peak).toBe(5);
	});
});
