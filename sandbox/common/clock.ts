import type { ControllableClock } from './types';

/**
 * Emulated wall time: starts at `startAt` and runs `timeScale` times faster than the real clock,
 * plus whatever tests add with `advance`. Token lifetimes and rate windows read this clock, so a
 * benchmark can squeeze Xero's one-minute window into one real second.
 */
export function createClock(
	options: { timeScale?: number; startAt?: number } = {},
): ControllableClock {
	const timeScale = options.timeScale ?? 1;
	if (!(timeScale > 0)) throw new Error(`timeScale must be > 0, got ${timeScale}`);
	const realStart = Date.now();
	const emulatedStart = options.startAt ?? realStart;
	let offset = 0;
	return {
		timeScale,
		now: () => Math.floor(emulatedStart + (Date.now() - realStart) * timeScale + offset),
		advance(ms: number) {
			if (!(ms >= 0)) throw new Error(`advance needs a non-negative number of ms, got ${ms}`);
			offset += ms;
		},
	};
}
