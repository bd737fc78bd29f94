/**
 * EasyBill's governor, padded for network jitter: a 429 costs EasyBill users a full minute, as
 * EasyBill sends no Retry-After.
 */
import { easyBillLimits, RateGovernor } from '../governor';
import type { Clock } from '../transport';

export const PACING_MARGIN_MS = 1_000;

export function createEasyBillGovernor(
	perMinute: number,
	clock: Clock,
	marginMs = PACING_MARGIN_MS,
): RateGovernor {
	return new RateGovernor({ ...easyBillLimits(perMinute), marginMs }, clock);
}
