/**
 * Xero's governor: 5 concurrent calls and 60 per minute per organisation. Xero counts a call when
 * it arrives, the governor when it leaves; a call that travels faster than the one sent a minute
 * earlier would land inside Xero's window and draw a 429. Every pacing wait is therefore stretched
 * by a small margin for network jitter, which costs about 2 % of throughput at full speed.
 */
import { RateGovernor, XERO_LIMITS } from '../governor';
import type { Clock } from '../transport';

export const XERO_PACING_MARGIN_MS = 1_000;

/** A governor for one Xero tenant; share it across every ledger built for that tenant in an execution. */
export function createXeroGovernor(clock: Clock, marginMs = XERO_PACING_MARGIN_MS): RateGovernor {
	const padded: Clock = { now: () => clock.now(), sleep: (ms) => clock.sleep(ms + marginMs) };
	return new RateGovernor(XERO_LIMITS, padded);
}
