/**
 * The request pipeline every ledger shares: pace through the governor, send, decide on retries,
 * translate a failure into a LedgerError and scrub secrets from it. Providers plug in only what
 * differs: how their errors read and how they flag a daily limit.
 */
import { LedgerError, scrubError } from './errors';
import type { RateGovernor } from './governor';
import { DEFAULT_RETRY_POLICY, decideRetry, retryAfterMs, type RetryPolicy } from './retry';
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
		for (let attempt = 1; ; attempt++) {
			const outcome = await governor.schedule(() => this.attempt(request));
			const now = clock.now();
			const daily = 'response' in outcome && outcome.response.status === 429 && errors.isDailyLimit?.(outcome.response);
			const decision = decideRetry(outcome, attempt, idempotent || isRead(request), now, this.policy, daily === true);
			if (decision.action === 'done' && 'response' in outcome) return outcome.response;
			if (decision.action === 'retry') {
				if ('response' in outcome && outcome.response.status === 429) {
					// Everyone sharing this connection waits, not just this call.
					governor.pauseUntil(now + decision.delayMs);
				}
				this.options.onWait?.(decision.delayMs, decision.reason);
				await clock.sleep(decision.delayMs);
				continue;
			}
			throw this.failure(outcome, request, decision.action === 'fail' ? decision.reason : undefined);
		}
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
