/**
 * Xero's limits per organisation per app (5 concurrent, 60 per minute, 5,000 per day) and per
 * app (10,000 per minute), as rolling windows on the emulated clock. Refused calls do not count.
 */
import type { ControllableClock, SandboxResponse } from '../common/types';

export interface XeroLimits {
	perMinute: number;
	concurrent: number;
	perDay: number;
	appPerMinute: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

class Window {
	private readonly times: number[] = [];
	constructor(private readonly span: number) {}
	count(now: number): number {
		while (this.times.length > 0 && this.times[0] <= now - this.span) this.times.shift();
		return this.times.length;
	}
	add(now: number) {
		this.times.push(now);
	}
	/** Emulated ms until the oldest call leaves the window. */
	freeIn(now: number): number {
		return this.times.length === 0 ? 0 : this.times[0] + this.span - now;
	}
}

type Problem = 'minute' | 'concurrent' | 'daily' | 'appminute';

export class XeroRateLimiter {
	private readonly tenants = new Map<string, { minute: Window; day: Window; inFlight: number }>();
	private readonly app = new Window(MINUTE);

	constructor(
		private readonly clock: ControllableClock,
		readonly limits: XeroLimits,
	) {}

	private tenant(tenantId: string) {
		let state = this.tenants.get(tenantId);
		if (!state) {
			state = { minute: new Window(MINUTE), day: new Window(DAY), inFlight: 0 };
			this.tenants.set(tenantId, state);
		}
		return state;
	}

	/** The X-*Limit-Remaining headers Xero puts on every response. */
	headers(tenantId: string): Record<string, string> {
		const now = this.clock.now();
		const state = this.tenant(tenantId);
		return {
			'x-minlimit-remaining': String(Math.max(0, this.limits.perMinute - state.minute.count(now))),
			'x-daylimit-remaining': String(Math.max(0, this.limits.perDay - state.day.count(now))),
			'x-appminlimit-remaining': String(
				Math.max(0, this.limits.appPerMinute - this.app.count(now)),
			),
		};
	}

	/**
	 * Calls made by someone else on the organisation (another app, another n8n worker): they count
	 * against the tenant's minute and day, so our client only learns of them from the headers.
	 */
	spend(tenantId: string, calls: number): void {
		const now = this.clock.now();
		const state = this.tenant(tenantId);
		for (let i = 0; i < calls; i++) {
			state.minute.add(now);
			state.day.add(now);
		}
	}

	/** Admits a call (returns its release) or answers the 429 Xero would send. */
	acquire(tenantId: string): { release: () => void } | { refused: SandboxResponse } {
		const now = this.clock.now();
		const state = this.tenant(tenantId);
		let problem: Problem | undefined;
		let waitMs = 0;
		if (state.day.count(now) >= this.limits.perDay)
			[problem, waitMs] = ['daily', state.day.freeIn(now)];
		else if (this.app.count(now) >= this.limits.appPerMinute)
			[problem, waitMs] = ['appminute', this.app.freeIn(now)];
		else if (state.minute.count(now) >= this.limits.perMinute)
			[problem, waitMs] = ['minute', state.minute.freeIn(now)];
		else if (state.inFlight >= this.limits.concurrent)
			[problem, waitMs] = ['concurrent', 1000];
		if (problem) {
			// Retry-After is in emulated seconds, like every time the sandbox states: a client on the
			// sandbox's scaled clock sleeps it off in 1/timeScale of the real time.
			const seconds = Math.max(1, Math.ceil(waitMs / 1000));
			return {
				refused: {
					status: 429,
					headers: {
						...this.headers(tenantId),
						'retry-after': String(seconds),
						'x-rate-limit-problem': problem,
					},
					body: {
						Type: null,
						Title: 'Too Many Requests',
						Status: 429,
						Detail: `You have exceeded the ${problem} rate limit.`,
					},
				},
			};
		}
		state.minute.add(now);
		state.day.add(now);
		this.app.add(now);
		state.inFlight += 1;
		let released = false;
		return {
			release: () => {
				if (released) return;
				released = true;
				state.inFlight -= 1;
			},
		};
	}
}
