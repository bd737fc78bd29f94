/**
 * A 401 makes n8nSend send the request once more so n8n refreshes the OAuth2 token; that resend
 * reaches the ledger inside one scheduled call. The governor must count it, or the window holds one
 * call fewer than the vendor's and the next burst draws a 429.
 */
import { LedgerClient } from '../../core/client';
import { RateGovernor, XERO_LIMITS } from '../../core/governor';
import { xeroErrors } from '../../core/xero/errors';
import { n8nSend, type N8nRequestContext } from '../../nodes/shared/n8nSend';
import { virtualClock } from '../helpers/http';

/** n8n's helper as n8nSend meets it: a 401 comes back whole, or (not ignored) n8n refreshes and resends. */
function expiringTokenContext(sent: string[]): N8nRequestContext {
	let token = 'expired';
	const helper = async (_type: string, options: { ignoreHttpStatusErrors?: boolean }) => {
		sent.push(token);
		if (token === 'expired') {
			if (options.ignoreHttpStatusErrors) {
				return { statusCode: 401, headers: {}, body: { Title: 'Unauthorized', Detail: 'TokenExpired' } };
			}
			token = 'fresh'; // n8n-core refreshes on the thrown 401 and sends once more
			sent.push(token);
		}
		return { statusCode: 200, headers: { 'x-minlimit-remaining': '58' }, body: { Contacts: [] } };
	};
	return { helpers: { httpRequestWithAuthentication: helper as never } };
}

describe('the governor counts a resend after a 401', () => {
	it('counts the extra requests an answer reports: in the minute, in the stats and off the day', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor({ maxConcurrent: 1, perMinute: 2 }, clock);
		await governor.schedule(
			async () => ({ status: 200, headers: { 'x-daylimit-remaining': '100' }, body: {} }),
			(r) => governor.observe(r, undefined),
		);
		await governor.schedule(
			async () => ({ status: 200, headers: {}, body: {}, extraRequests: 1 }),
			(r) => governor.observe(r, undefined),
		);
		expect(governor.stats.sent).toBe(3);
		expect(governor.dailyBudget()).toEqual({ remaining: 98 });
		let third = -1;
		await governor.schedule(async () => {
			third = clock.now();
		});
		expect(third).toBe(60_000);
	});

	it('through n8nSend and the ledger client: a refreshed request counts as the two it was', async () => {
		const clock = virtualClock(0);
		const governor = new RateGovernor({ ...XERO_LIMITS, perMinute: 3 }, clock);
		const sent: string[] = [];
		const client = new LedgerClient({
			send: n8nSend(expiringTokenContext(sent), 'xeroAccountingSyncOAuth2Api'),
			clock,
			governor,
			errors: xeroErrors,
		});

		const response = await client.request(
			{ method: 'GET', url: 'https://api.xero.test/api.xro/2.0/Contacts' },
			{ idempotent: true },
		);

		expect(response.status).toBe(200);
		expect(sent).toEqual(['expired', 'expired', 'fresh']);
		// The first 401 and the resend both count (n8n's inner 401 is not seen from here).
		expect(governor.stats.sent).toBe(2);
		const startedAt: number[] = [];
		for (let i = 0; i < 2; i++) await governor.schedule(async () => startedAt.push(clock.now()));
		expect(startedAt).toEqual([0, 60_000]);
	});
});
