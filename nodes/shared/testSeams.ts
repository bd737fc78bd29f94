/**
 * Seams for the node test harness only. No node parameter, credential field or environment
 * variable reaches them, so users cannot change behaviour through them; production leaves them empty.
 *
 * - `clock`: the sandbox runs emulated time faster than real time; the ledger must sleep in that time.
 * - `ledgerFactory`: a fake ledger, to pin the parameter mapping without any HTTP.
 * - `ledgerOptions`: extra core options (retry policy, EasyBill pacing margin, request timeout in
 *   real ms) for fast tests; the soak times out slow answers in seconds, not n8n's minute.
 */
import type { Ledger } from '../../core/ledger';
import type { LedgerKind } from '../../core/model';
import type { RetryPolicy } from '../../core/retry';
import type { Clock } from '../../core/transport';
import { forgetCoalescers } from './coalescing';
import { forgetGovernors } from './governorRegistry';

export interface LedgerFactoryInput {
	kind: LedgerKind;
	tenantId?: string;
}

export interface TestSeams {
	clock?: Clock;
	ledgerFactory?: (input: LedgerFactoryInput) => Ledger;
	ledgerOptions?: { retry?: Partial<RetryPolicy>; pacingMarginMs?: number; timeoutMs?: number };
}

export const testSeams: TestSeams = {};

/** Empties every seam and the process-wide governors built on them (call it in afterEach). */
export function resetTestSeams(): void {
	forgetGovernors();
	forgetCoalescers();
	delete testSeams.clock;
	delete testSeams.ledgerFactory;
	delete testSeams.ledgerOptions;
}
