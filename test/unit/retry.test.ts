import { backoffMs, decideRetry, DEFAULT_RETRY_POLICY, retryAfterMs } from '../../core/retry';
import type { HttpResponse } from '../../core/transport';

const response = (status: number, headers: Record<string, string> = {}): { response: HttpResponse } => ({
	response: { status, headers, body: undefined },
});

describe('decideRetry', () => {
	const now = Date.UTC(2026, 10, 23);

	it('is done on success', () => {
		expect(decideRetry(response(200), 1, false, now)).toEqual({ action: 'done' });
	});

	it('waits out a 429 for as long as Retry-After asks, even for a create', () => {
		expect(decideRetry(response(429, { 'retry-after': '7' }), 1, false, now)).toMatchObject({ action: 'retry', delayMs: 7000 });
	});

	it('waits a default minute after a 429 without Retry-After (EasyBill)', () => {
		expect(decideRetry(response(429), 1, false, now)).toMatchObject({ action: 'retry', delayMs: 60_000 });
	});

	it('fails fast on a daily limit instead of sleeping for hours', () => {
		expect(decideRetry(response(429, { 'retry-after': '40000' }), 1, true, now)).toEqual({ action: 'fail', reason: 'rate_limited_long' });
		expect(decideRetry(response(429, { 'retry-after': '5' }), 1, true, now, DEFAULT_RETRY_POLICY, true)).toEqual({
			action: 'fail',
			reason: 'rate_limited_long',
		});
	});

	it('retries a 503 or a lost answer only when repeating cannot duplicate', () => {
		expect(decideRetry(response(503), 1, true, now)).toMatchObject({ action: 'retry', delayMs: 1000 });
		expect(decideRetry(response(503), 1, false, now)).toEqual({ action: 'fail', reason: 'unsafe_to_retry' });
		expect(decideRetry({ noResponse: true }, 2, true, now)).toMatchObject({ action: 'retry', delayMs: 2000 });
		expect(decideRetry({ noResponse: true }, 1, false, now)).toEqual({ action: 'fail', reason: 'unsafe_to_retry' });
	});

	it('never retries a validation error or an auth failure', () => {
		expect(decideRetry(response(400), 1, true, now)).toEqual({ action: 'fail', reason: 'not_retryable' });
		expect(decideRetry(response(401), 1, true, now)).toEqual({ action: 'fail', reason: 'not_retryable' });
	});

	it('gives up on transient failures after maxAttempts', () => {
		expect(decideRetry(response(503), 5, true, now)).toEqual({ action: 'fail', reason: 'attempts_exhausted' });
	});

	it('budgets 429s by the time waited, not by how many came back', () => {
		// The tenth 429 in a row, after nine 2 s waits: 18 s spent of a 5 min budget.
		expect(
			decideRetry(response(429, { 'retry-after': '2' }), { attempt: 10, transientAttempts: 0, rateLimitWaitedMs: 18_000 }, false, now),
		).toEqual({ action: 'retry', delayMs: 2000, reason: 'rate limited' });
		expect(
			decideRetry(
				response(429, { 'retry-after': '2' }),
				{ attempt: 200, transientAttempts: 0, rateLimitWaitedMs: DEFAULT_RETRY_POLICY.rateLimitWaitBudgetMs - 1000 },
				false,
				now,
			),
		).toEqual({ action: 'fail', reason: 'rate_limit_budget_spent' });
	});

	it('counts a 429 asking for no wait as one second, so a zero Retry-After cannot loop forever', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, rateLimitWaitBudgetMs: 3000 };
		expect(decideRetry(response(429, { 'retry-after': '0' }), { attempt: 3, rateLimitWaitedMs: 2000 }, true, now, policy)).toMatchObject({ action: 'retry', delayMs: 0 });
		expect(decideRetry(response(429, { 'retry-after': '0' }), { attempt: 4, rateLimitWaitedMs: 3000 }, true, now, policy)).toEqual({ action: 'fail', reason: 'rate_limit_budget_spent' });
	});
});

describe('retryAfterMs and backoff', () => {
	it('reads seconds and HTTP dates', () => {
		const now = Date.UTC(2026, 10, 23, 12, 0, 0);
		expect(retryAfterMs({ status: 429, headers: { 'retry-after': '2' }, body: null }, now)).toBe(2000);
		expect(retryAfterMs({ status: 429, headers: { 'retry-after': 'Mon, 23 Nov 2026 12:00:30 GMT' }, body: null }, now)).toBe(30_000);
		expect(retryAfterMs({ status: 429, headers: {}, body: null }, now)).toBeUndefined();
	});

	it('doubles and caps', () => {
		expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffMs(a, DEFAULT_RETRY_POLICY))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
	});
});
