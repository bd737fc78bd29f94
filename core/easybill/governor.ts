/**
 * EasyBill's governor. EasyBill counts a request when it arrives, our governor when it leaves; a
 * request that travels faster than the one sent a minute earlier would land inside the vendor's
 * window and draw a 429 (which costs a full minute, as EasyBill sends no Retry-After). So every
 * pacing wait is stretched by a small margin for network jitter: about 2 % of throughput at 10/min.
 */
import { easyBillLimits, RateGovernor } from '../governor';
import type { Clock } from '../transport';

export const PACING_MARGIN_MS = 1_000;

export function createEasyBillGovernor(
	perMinute: number,
	clock: Clock,
	marginMs = PACING_MARGIN_MS,
): RateGovernor {
	const padded: Clock = { now: () => clock.now(), sleep: (ms) => clock.sleep(ms + marginMs) };
	return new RateGovernor(easyBillLimits(perMinute), padded);
}
