/**
 * EasyBill's per-minute request budget (10 on PLUS, 60 on BUSINESS), measured on the emulated clock.
 * We count a sliding 60 s window: a client that paces itself to N per minute always passes, and a
 * burst is refused no matter where the minute boundary falls.
 */
import type { SandboxClock } from '../common/types';

const WINDOW_MS = 60_000;

export class RateLimiter {
	private readonly arrivals: number[] = [];

	constructor(
		private readonly clock: SandboxClock,
		private readonly perMinute: number,
	) {}

	/** Records the request and says whether it fits the budget. Refused requests are not counted. */
	tryAcquire(): boolean {
		const now = this.clock.now();
		while (this.arrivals.length > 0 && this.arrivals[0] <= now - WINDOW_MS) this.arrivals.shift();
		if (this.arrivals.length >= this.perMinute) return false;
		this.arrivals.push(now);
		return true;
	}
}
