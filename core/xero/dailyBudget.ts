/**
 * Xero allows 5,000 calls per organisation per day. A batch that would run out half-way leaves
 * the books half-written, so before the first write every operation checks that the day's budget
 * (from the last `X-DayLimit-Remaining`) covers the calls it still needs, and otherwise refuses the
 * whole batch. The estimate errs high: lookups at about ten per `where` call, writes at 50 per call.
 */
import type { XeroContext } from './operations/context';

export interface CallEstimate {
	/** Elements still to look up with chunked `where` filters (contacts found by details). */
	lookups?: number;
	/** Elements to write, per write kind (e.g. contacts and invoices). */
	writes: number[];
}

export function estimatedCalls({ lookups = 0, writes }: CallEstimate): number {
	return Math.ceil(lookups / 10) + writes.reduce((sum, n) => sum + Math.ceil(n / 50), 0);
}

export function ensureDailyBudget(ctx: XeroContext, estimate: CallEstimate, what: string): void {
	const calls = estimatedCalls(estimate);
	if (calls > 0) ctx.api.client.ensureDailyBudget(calls, what);
}
