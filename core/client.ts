/**
 * The request pipeline every ledger shares: pace through the governor, send, decide on retries,
 * translate a failure into a LedgerError and scrub secrets from it. Providers plug in only what
 * differs: how their errors read and how they flag a daily limit.
 */
import { LedgerError, scrubError } from './errors';
import type { RateGovernor } from './governor';
import {
	countedRateLimitWait,
	DEFAULT_RETRY_POLICY,
	decideRetry,
	retryAfterMs,
	type RetryPolicy,
} from './retry';
import { NoResponseError, type Clock, type HttpRequest, type HttpResponse, type Send } from './transport';

export interface ProviderErrors {
	/** A non-2xx response as a LedgerError (kind, field, vendor message). */
	translate(response: HttpResponse, request: HttpRequest): LedgerError;
	/** True when a 429 is the daily quota, which no sensible wait inside a workflow fixes. */
	isDailyLimit?(response: HttpResponse): boolean;
}

export interface LedgerClientOptions {
	send: Send;
	clock: Clock;
	governor: RateGovernor;
	errors: ProviderErrors;
	/** Values that must never appear in an error (API keys, tokens). */
	secrets?: ReadonlyArray<string | undefined>;
	retry?: Partial<RetryPolicy>;
	/** Told about every wait, e.g. to log "rate limited, waiting 12 s". */
	onWait?(delayMs: number, reason: string): void;
}

export interface RequestOptions {
	/**
	 * The request may run twice without harm: a read, a PUT of the same state, or a create that
	 * carries an idempotency key. Unguarded creates are never retried after an unknown outcome.
	 */
	idempotent: boolean;
}

export class LedgerClient {
	private readonly policy: RetryPolicy;
	/** Counts requests actually sent, for benchmarks and the demo summary. */
	requestsSent = 0;

	constructor(private readonly options: LedgerClientOptions) {
		this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
	}

	/** Sends `request` and resolves with a 2xx/3xx response; anything else throws a LedgerError. */
	async request(request: HttpRequest, { idempotent }: RequestOptions): Promise<HttpResponse> {
		const { clock, governor, errors } = this.options;
		let transientAttempts = 0;
		let rateLimitWaitedMs = 0;
		for (let attempt = 1; ; attempt++) {
			this.failIfDailyLimitReached();
			const outcome = await governor.schedule(
				() => this.attempt(request),
				(result) => {
					if ('response' in result)
						governor.observe(result.response, retryAfterMs(result.response, clock.now()));
				},
			);
			const now = clock.now();
			const limited = 'response' in outcome && outcome.response.status === 429;
			if (!limited && !('response' in outcome && outcome.response.status < 400))
				transientAttempts++;
			const daily = limited && errors.isDailyLimit?.(outcome.response) === true;
			const decision = decideRetry(
				outcome,
				{ attempt, transientAttempts, rateLimitWaitedMs },
				idempotent || isRead(request),
				now,
				this.policy,
				daily,
			);
			if (decision.action === 'done' && 'response' in outcome) return outcome.response;
			if (decision.action === 'retry') {
				if (limited) {
					// Everyone sharing this account waits, not just this call.
					governor.pauseUntil(now + decision.delayMs);
					rateLimitWaitedMs += countedRateLimitWait(decision.delayMs);
				}
				this.options.onWait?.(decision.delayMs, decision.reason);
				await clock.sleep(decision.delayMs);
				continue;
			}
			throw this.failure(outcome, request, decision.action === 'fail' ? decision.reason : undefined, rateLimitWaitedMs);
		}
	}

	/**
	 * Refuses a batch up front when the ledger's daily budget, as its last answer stated it, cannot
	 * cover the calls the batch needs: better nothing written than a batch stopped half-way.
	 */
	ensureDailyBudget(calls: number, what: string): void {
		this.failIfDailyLimitReached();
		const daily = this.options.governor.dailyBudget();
		if (!daily || daily.remaining >= calls) return;
		throw scrubError(
			new LedgerError(
				`Daily rate limit: the ledger allows ${daily.remaining} more calls today and ${what} needs about ${calls}. Nothing was written; run it again after the daily limit resets, or in smaller batches.`,
				{ kind: 'rate_limited' },
			),
			this.options.secrets ?? [],
		);
	}

	private failIfDailyLimitReached(): void {
		const blockedUntil = this.options.governor.dailyBudget()?.blockedUntil;
		if (blockedUntil === undefined) return;
		const seconds = Math.max(1, Math.ceil((blockedUntil - this.options.clock.now()) / 1000));
		throw new LedgerError(
			`Daily rate limit reached (the ledger asks to wait ${Math.ceil(seconds / 60)} min): stopped instead of waiting inside the workflow. Run it again later.`,
			{ kind: 'rate_limited', retryAfterSeconds: seconds },
		);
	}

	private async attempt(request: HttpRequest): Promise<{ response: HttpResponse } | { noResponse: true }> {
		this.requestsSent++;
		try {
			return { response: await this.options.send(request) };
		} catch (error) {
			if (error instanceof NoResponseError) return { noResponse: true };
			throw error;
		}
	}

	private failure(
		outcome: { response: HttpResponse } | { noResponse: true },
		request: HttpRequest,
		reason: string | undefined,
		rateLimitWaitedMs = 0,
	): LedgerError {
		const secrets = this.options.secrets ?? [];
		if (!('response' in outcome)) {
			return scrubError(
				new LedgerError(
					`No response from ${request.method} ${pathOf(request.url)}: the ledger may or may not have applied it`,
					{ kind: 'transient', outcomeUnknown: true },
				),
				secrets,
			);
		}
		const translated = this.options.errors.translate(outcome.response, request);
		if (reason === 'rate_limited_long') {
			const wait = retryAfterMs(outcome.response, this.options.clock.now());
			const hint = wait === undefined ? '' : ` (the ledger asks to wait ${Math.ceil(wait / 60_000)} min)`;
			return scrubError(
				new LedgerError(
					`Rate limit reached${hint}: stopped instead of waiting inside the workflow. Run it again later.`,
					{ ...translated.details(), kind: 'rate_limited', retryAfterSeconds: wait === undefined ? undefined : Math.ceil(wait / 1000) },
				),
				secrets,
			);
		}
		if (reason === 'rate_limit_budget_spent') {
			return scrubError(
				new LedgerError(
					`Rate limit: still refused after waiting ${Math.round(rateLimitWaitedMs / 1000)} s in total (another app or worker may be using the same budget). Run it again later.`,
					{ ...translated.details(), kind: 'rate_limited' },
				),
				secrets,
			);
		}
		return scrubError(translated, secrets);
	}
}

function isRead(request: HttpRequest): boolean {
	return request.method === 'GET';
}

function pathOf(url: string): string {
	try {
		return new URL(url).pathname;
	} catch {
		return url;
	}
}
