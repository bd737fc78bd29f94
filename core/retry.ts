/**
 * When to try a request again. Kept apart from the I/O so each decision is a plain function of
 * what came back, and can be pinned by tests without a server.
 */
import type { HttpResponse } from './transport';

export interface RetryPolicy {
	/** Attempts for transient failures (5xx, lost answers). 429s are budgeted by time instead. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A 429 asking for longer than this (Xero's daily limit asks for hours) fails instead of sleeping. */
	maxRetryAfterMs: number;
	/** Wait after a 429 that carries no Retry-After (EasyBill never sends one). */
	defaultRateLimitWaitMs: number;
	/**
	 * Total time one request may spend waiting out 429s. Another app on the organisation can cause
	 * a run of them; ten asking for 2 s each are ridden out, while a limit that keeps refusing for
	 * minutes ends the wait with the reason instead of holding the execution forever.
	 */
	rateLimitWaitBudgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 1_000,
	maxDelayMs: 30_000,
	maxRetryAfterMs: 120_000,
	defaultRateLimitWaitMs: 60_000,
	rateLimitWaitBudgetMs: 300_000,
};

/** A 429 that asks for no wait still counts this much against the budget, so it cannot loop. */
const MIN_COUNTED_WAIT_MS = 1_000;

export type Outcome = { response: HttpResponse } | { noResponse: true };

export type RetryDecision =
	| { action: 'done' }
	| { action: 'retry'; delayMs: number; reason: string }
	| {
			action: 'fail';
			reason:
				| 'rate_limited_long'
				| 'rate_limit_budget_spent'
				| 'attempts_exhausted'
				| 'not_retryable'
				| 'unsafe_to_retry';
	  };

/** What one request has spent so far: transient attempts and time waited for rate limits. */
export interface RetrySpent {
	/** 1-based number of the attempt that just came back. */
	attempt: number;
	/** Attempts that ended in a transient failure (5xx, no answer), this one included. */
	transientAttempts?: number;
	/** Rate-limit waits already taken by this request, in ms. */
	rateLimitWaitedMs?: number;
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date), undefined when absent or bad. */
export function retryAfterMs(response: HttpResponse, now: number): number | undefined {
	const value = response.headers['retry-after'];
	if (value === undefined || value === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff: base, 2×base, 4×base … capped. */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
	return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);

/**
 * Decides what to do after an attempt. `spent` is a number (the 1-based attempt, every attempt
 * counted alike) or what the request has spent so far.
 * `idempotent`: the request may safely run twice (a read, or a write guarded by an idempotency key).
 * A 429 was not processed, so it is always safe to repeat; a 5xx or a lost answer is only retried
 * when repeating cannot create a second record.
 */
export function decideRetry(
	outcome: Outcome,
	spent: number | RetrySpent,
	idempotent: boolean,
	now: number,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
	isDailyLimit = false,
): RetryDecision {
	const { attempt, transientAttempts = attempt, rateLimitWaitedMs = 0 } =
		typeof spent === 'number' ? { attempt: spent } : spent;
	if ('response' in outcome) {
		const { status } = outcome.response;
		if (status < 400) return { action: 'done' };
		if (status === 429) {
			const asked = retryAfterMs(outcome.response, now);
			if (isDailyLimit || (asked !== undefined && asked > policy.maxRetryAfterMs)) {
				return { action: 'fail', reason: 'rate_limited_long' };
			}
			const delayMs = asked ?? policy.defaultRateLimitWaitMs;
			const counted = Math.max(delayMs, MIN_COUNTED_WAIT_MS);
			if (rateLimitWaitedMs + counted > policy.rateLimitWaitBudgetMs) {
				return { action: 'fail', reason: 'rate_limit_budget_spent' };
			}
			return { action: 'retry', delayMs, reason: 'rate limited' };
		}
		if (!TRANSIENT_STATUSES.has(status)) return { action: 'fail', reason: 'not_retryable' };
		if (!idempotent) return { action: 'fail', reason: 'unsafe_to_retry' };
	} else if (!idempotent) {
		return { action: 'fail', reason: 'unsafe_to_retry' };
	}
	if (transientAttempts >= policy.maxAttempts) return { action: 'fail', reason: 'attempts_exhausted' };
	return { action: 'retry', delayMs: backoffMs(transientAttempts, policy), reason: 'transient failure' };
}

/** The wait a 429 decision counts against the budget. */
export function countedRateLimitWait(delayMs: number): number {
	return Math.max(delayMs, MIN_COUNTED_WAIT_MS);
}
