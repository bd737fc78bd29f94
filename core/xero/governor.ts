/** Xero's governor: 5 concurrent calls and 60 per minute per organisation, padded for jitter. */
import { RateGovernor, XERO_LIMITS } from '../governor';
import type { Clock } from '../transport';

export const XERO_PACING_MARGIN_MS = 1_000;

/** A governor for one Xero tenant; share it across every ledger built for that tenant in an execution. */
export function createXeroGovernor(clock: Clock, marginMs = XERO_PACING_MARGIN_MS): RateGovernor {
	return new RateGovernor({ ...XERO_LIMITS, marginMs }, clock);
}
