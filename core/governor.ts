/**
 * Paces calls to one ledger connection so a burst of items never trips the vendor's limits:
 * at most `maxConcurrent` in flight and at most `perMinute` started in any sliding minute.
 */
import type { Clock } from './transport';

export interface GovernorLimits {
	maxConcurrent: number;
	perMinute: number;
	/**
	 * Added to every pacing wait. The vendor counts a call when it arrives, the governor when it
	 * leaves; a call that travels faster than the one sent a minute earlier would land inside the
	 * vendor's window and draw a 429. About 2 % of throughput at 60/min for 1 s.
	 */
	marginMs?: number;
}

/** Xero: 5 concurrent calls and 60 per minute per organisation. */
export const XERO_LIMITS: GovernorLimits = { maxConcurrent: 5, perMinute: 60 };

/** EasyBill: 10 per minute on PLUS, 60 on BUSINESS; no documented concurrency limit, so one lane. */
export function easyBillLimits(perMinute: 10 | 60 | number): GovernorLimits {
	return { maxConcurrent: 1, perMinute };
}

const MINUTE = 60_000;

export class RateGovernor {
	private readonly starts: number[] = [];
	private inFlight = 0;
	private readonly waiting: Array<() => void> = [];
	private pausedUntil = 0;

	constructor(
		private readonly limits: GovernorLimits,
		private readonly clock: Clock,
	) {}

	/** Runs `task` when a slot is free under both limits. */
	async schedule<T>(task: () => Promise<T>): Promise<T> {
		await this.acquireSlot();
		try {
			await this.waitForMinuteBudget();
			return await task();
		} finally {
			this.release();
		}
	}

	/** Holds every new call until `until` (epoch ms), e.g. after a 429 with Retry-After. */
	pauseUntil(until: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, until);
	}

	/** How long the next call would wait for the per-minute budget, for tests and hints. */
	delayBeforeNextStart(): number {
		const now = this.clock.now();
		this.forgetOlderThan(now - MINUTE);
		const pause = Math.max(0, this.pausedUntil - now);
		if (this.starts.length < this.limits.perMinute) return pause;
		return Math.max(pause, this.starts[0] + MINUTE - now);
	}

	private async acquireSlot(): Promise<void> {
		if (this.inFlight < this.limits.maxConcurrent) {
			this.inFlight++;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	private release(): void {
		const next = this.waiting.shift();
		// The slot passes straight to the next waiter, so inFlight stays the same.
		if (next) next();
		else this.inFlight--;
	}

	private async waitForMinuteBudget(): Promise<void> {
		for (;;) {
			const delay = this.delayBeforeNextStart();
			if (delay <= 0) break;
			await this.clock.sleep(delay + (this.limits.marginMs ?? 0));
		}
		this.starts.push(this.clock.now());
	}

	private forgetOlderThan(cutoff: number): void {
		while (this.starts.length > 0 && this.starts[0] <= cutoff) this.starts.shift();
	}
}
