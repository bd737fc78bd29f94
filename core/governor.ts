/**
 * Paces calls to one ledger account (a Xero organisation, an EasyBill key) so that everything
 * sharing it stays under the vendor's limits: at most `maxConcurrent` in flight and at most
 * `perMinute` in any sliding minute.
 *
 * The vendor counts a call when it arrives; a governor that counted when it sends would let a
 * call that travels fast land inside the vendor's window of a call sent a minute earlier. So a call
 * counts from the moment it leaves until its answer is back (in flight), and then stays in the
 * window for a minute from the answer (stamped on the response). That window always holds the
 * vendor's, however busy the event loop is.
 *
 * It also learns from the answers: Xero's remaining-count headers reveal other processes and other
 * apps on the organisation (their calls are added to the window as "foreign" calls), a 429 pauses
 * everyone sharing the account, and a 429 that names no limit (EasyBill) means the plan's limit is
 * lower than configured.
 */
import type { Clock, HttpResponse } from './transport';

export interface GovernorLimits {
	maxConcurrent: number;
	perMinute: number;
	/**
	 * Added to every pacing wait, for clocks that disagree a little with the vendor's (Xero's
	 * windows are fixed and reset at a moment we cannot see).
	 */
	marginMs?: number;
	/**
	 * A 429 that names no limit (EasyBill sends neither Retry-After nor a reason) means the account
	 * allows less than `perMinute`: from then on the governor keeps to this instead. The governor
	 * lives for the whole process, so the lesson is kept for the credential.
	 */
	fallbackPerMinute?: number;
}

/** Xero: 5 concurrent calls and 60 per minute per organisation. */
export const XERO_LIMITS: GovernorLimits = { maxConcurrent: 5, perMinute: 60 };

/**
 * EasyBill: 10 per minute on PLUS, 60 on BUSINESS; no documented concurrency limit, so one lane.
 * A BUSINESS setting on a PLUS account draws one 429 and then keeps to PLUS.
 */
export function easyBillLimits(perMinute: 10 | 60 | number): GovernorLimits {
	return { maxConcurrent: 1, perMinute, fallbackPerMinute: Math.min(perMinute, 10) };
}

const MINUTE = 60_000;
/** A concurrent-limit 429 lowers the lane count; each quiet minute gives one lane back. */
const CONCURRENCY_RECOVERY_MS = MINUTE;

export interface DailyBudget {
	/** Calls the vendor said were left today, minus what this process sent since. */
	remaining: number;
	/** Set after a daily-limit 429: no call can succeed before then. */
	blockedUntil?: number;
}

export class RateGovernor {
	/** Answer times of our calls in the current minute, oldest first. */
	private readonly stamps: number[] = [];
	/** Calls the vendor counted that we did not make (other workers, other apps), oldest first. */
	private readonly foreign: number[] = [];
	private sending = 0;
	private lanes = 0;
	private readonly waiting: Array<() => void> = [];
	private pausedUntil = 0;
	private perMinute: number;
	private concurrency: number;
	private concurrencyLoweredAt = 0;
	private daily: DailyBudget | undefined;
	/** Counters for benchmarks and hints. */
	readonly stats = { sent: 0, rateLimited: 0, foreignCallsSeen: 0 };

	constructor(
		private readonly limits: GovernorLimits,
		private readonly clock: Clock,
	) {
		this.perMinute = limits.perMinute;
		this.concurrency = limits.maxConcurrent;
	}

	/** The per-minute limit the governor currently keeps to (lower after a plan-revealing 429). */
	get currentPerMinute(): number {
		return this.perMinute;
	}

	get currentConcurrency(): number {
		return this.concurrency;
	}

	/**
	 * Runs `task` when a lane is free and the minute has room. `inspect` sees the result before the
	 * lane is handed on, so the next call already knows what this answer taught.
	 */
	async schedule<T>(task: () => Promise<T>, inspect?: (result: T) => void): Promise<T> {
		await this.acquireLane();
		let sent = false;
		try {
			await this.waitForMinuteBudget();
			this.sending++;
			sent = true;
			this.stats.sent++;
			const result = await task();
			inspect?.(result);
			return result;
		} finally {
			if (sent) {
				this.sending--;
				insertSorted(this.stamps, this.clock.now(), 1);
				if (this.daily) this.daily.remaining = Math.max(0, this.daily.remaining - 1);
			}
			this.releaseLane();
		}
	}

	/** Holds every new call until `until` (epoch ms), e.g. after a 429 with Retry-After. */
	pauseUntil(until: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, until);
	}

	/**
	 * Learns from one answer. Call it from `schedule`'s `inspect`, while the call still counts as
	 * in flight (the vendor's remaining counts include it). `retryAfter` in ms, when the answer said.
	 */
	observe(response: HttpResponse, retryAfter: number | undefined): void {
		const now = this.clock.now();
		const headers = response.headers;
		this.countExtraRequests(now, response.extraRequests);
		const dayLeft = intHeader(headers['x-daylimit-remaining']);
		// +1: the call being answered is taken off again when its lane is released.
		if (dayLeft !== undefined) this.daily = { ...this.daily, remaining: dayLeft + 1 };
		if (response.status === 429) return this.rateLimited(now, headers, retryAfter);
		const minuteLeft = intHeader(headers['x-minlimit-remaining']);
		if (minuteLeft !== undefined) this.alignMinute(now, minuteLeft);
		if (intHeader(headers['x-appminlimit-remaining']) === 0) this.pauseUntil(now + 1_000);
		this.recoverConcurrency(now);
	}

	/**
	 * A resend the transport made inside one scheduled call (after refreshing a token) left without
	 * a lane or a minute check of its own; it still counts at the vendor, so it counts here, from its
	 * answer, and comes off the day. The 401 before it stays counted although Xero answers a bad
	 * token before counting: over-counting only slows us down a little, under-counting draws 429s.
	 */
	private countExtraRequests(now: number, extra: number | undefined): void {
		if (!extra || extra < 1) return;
		this.stats.sent += extra;
		insertSorted(this.stamps, now, extra);
		if (this.daily) this.daily.remaining = Math.max(0, this.daily.remaining - extra);
	}

	private rateLimited(
		now: number,
		headers: HttpResponse['headers'],
		retryAfter: number | undefined,
	): void {
		this.stats.rateLimited++;
		const problem = (headers['x-rate-limit-problem'] ?? '').toLowerCase();
		if (problem === 'daily') {
			this.daily = { remaining: 0, blockedUntil: now + (retryAfter ?? 3_600_000) };
			return;
		}
		if (problem === 'concurrent') {
			// Someone else holds lanes at Xero: keep one fewer than were busy when it said so.
			this.concurrency = Math.max(1, Math.min(this.concurrency, this.sending) - 1);
			this.concurrencyLoweredAt = now;
		}
		if (problem === '' && this.limits.fallbackPerMinute !== undefined) {
			this.perMinute = Math.min(this.perMinute, this.limits.fallbackPerMinute);
		}
		if (problem === 'minute' || problem === '') {
			// The vendor's minute is full: count it full here too. Retry-After says when the first
			// slot frees; one call probes then, and its answer's headers tell how much more did.
			this.alignMinute(now, 0);
			if (retryAfter !== undefined && this.foreign.length > 0) {
				this.foreign.pop();
				insertSorted(this.foreign, now + retryAfter - MINUTE, 1);
			}
		}
		if (retryAfter !== undefined) this.pauseUntil(now + retryAfter);
	}

	/** What is known of today's budget (undefined until an answer said so). */
	dailyBudget(): DailyBudget | undefined {
		const daily = this.daily;
		if (daily?.blockedUntil !== undefined && daily.blockedUntil <= this.clock.now()) {
			this.daily = undefined;
			return undefined;
		}
		return daily ? { ...daily } : undefined;
	}

	/** How long the next call would wait for the per-minute budget, for tests and hints. */
	delayBeforeNextStart(): number {
		const now = this.clock.now();
		this.forgetOlderThan(now - MINUTE);
		const pause = Math.max(0, this.pausedUntil - now);
		if (this.stamps.length + this.foreign.length + this.sending < this.perMinute) return pause;
		// Full: the earliest room is when the oldest stamp leaves the window (or an answer comes back).
		const oldest = Math.min(this.stamps[0] ?? Infinity, this.foreign[0] ?? Infinity);
		const room = Number.isFinite(oldest) ? oldest + MINUTE - now : 50;
		return Math.max(pause, room, 1);
	}

	/**
	 * Makes the window hold as many calls as the vendor says are used: the difference from our own
	 * is calls we did not make (other workers, other apps on the organisation). When the vendor
	 * has more room than we counted (its fixed window reset, the other app stopped), foreign calls
	 * are forgotten again; our own calls are never forgotten early.
	 */
	private alignMinute(now: number, vendorRemaining: number): void {
		this.forgetOlderThan(now - MINUTE);
		const counted = this.stamps.length + this.foreign.length + this.sending;
		const difference = this.perMinute - counted - vendorRemaining;
		if (difference > 0) {
			this.stats.foreignCallsSeen += difference;
			insertSorted(this.foreign, now, difference);
		} else {
			// Our own calls in flight may have reached the vendor after this one, so they explain
			// part of the gap; only the rest is foreign calls that are gone. The newest would have
			// held the window longest.
			const gone = -difference - this.sending;
			if (gone > 0) this.foreign.splice(Math.max(0, this.foreign.length - gone));
		}
	}

	private recoverConcurrency(now: number): void {
		if (
			this.concurrency < this.limits.maxConcurrent &&
			now - this.concurrencyLoweredAt >= CONCURRENCY_RECOVERY_MS
		) {
			this.concurrency++;
			this.concurrencyLoweredAt = now;
			if (this.lanes < this.concurrency) {
				const next = this.waiting.shift();
				if (next) {
					this.lanes++;
					next();
				}
			}
		}
	}

	private async acquireLane(): Promise<void> {
		if (this.lanes < this.concurrency) {
			this.lanes++;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	private releaseLane(): void {
		// The lane passes straight to the next waiter, unless the lane count was lowered meanwhile.
		if (this.lanes <= this.concurrency) {
			const next = this.waiting.shift();
			if (next) return next();
		}
		this.lanes--;
	}

	private async waitForMinuteBudget(): Promise<void> {
		for (;;) {
			const delay = this.delayBeforeNextStart();
			if (delay <= 0) return;
			const pacing = delay > Math.max(0, this.pausedUntil - this.clock.now());
			await this.clock.sleep(delay + (pacing ? (this.limits.marginMs ?? 0) : 0));
		}
	}

	private forgetOlderThan(cutoff: number): void {
		while (this.stamps.length > 0 && this.stamps[0] <= cutoff) this.stamps.shift();
		while (this.foreign.length > 0 && this.foreign[0] <= cutoff) this.foreign.shift();
	}
}

/** Adds `count` times `at` to a sorted list (answers can come back out of order). */
function insertSorted(list: number[], at: number, count: number): void {
	let i = list.length;
	while (i > 0 && list[i - 1] > at) i--;
	list.splice(i, 0, ...Array.from({ length: count }, () => at));
}

function intHeader(value: string | undefined): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const n = Number(value);
	return Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
}
