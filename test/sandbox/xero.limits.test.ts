import { startXero, type XeroFixture } from './xero-client';

describe('Xero rate limits', () => {
	let x: XeroFixture;
	afterEach(() => x.sandbox.stop());

	it('answers the 61st call in a minute with 429, Retry-After and X-Rate-Limit-Problem: minute', async () => {
		x = await startXero({ xeroLimits: { perMinute: 60 } });
		const remaining: number[] = [];
		for (let i = 0; i < 60; i += 1) {
			const res = await x.api.get('/Organisation');
			expect(res.status).toBe(200);
			remaining.push(Number(res.headers['x-minlimit-remaining']));
		}
		expect(remaining[0]).toBe(59);
		expect(remaining[59]).toBe(0);
		const refused = await x.api.get('/Organisation');
		expect(refused.status).toBe(429);
		expect(refused.headers['x-rate-limit-problem']).toBe('minute');
		const retryAfter = Number(refused.headers['retry-after']);
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(60);
		expect(refused.headers['x-daylimit-remaining']).toBe('4940');
		expect(refused.headers['x-appminlimit-remaining']).toBeDefined();

		// The limit is per organisation: the other tenant still has its budget.
		const other = await x.api.get('/Organisation', { headers: { 'xero-tenant-id': x.au } });
		expect(other.status).toBe(200);
		// A minute later (emulated) the window has rolled on.
		x.sandbox.clock.advance(60_000);
		expect((await x.api.get('/Organisation')).status).toBe(200);
	});

	it('reports the daily limit with its own problem header and a long Retry-After', async () => {
		x = await startXero({ xeroLimits: { perDay: 3 } });
		for (let i = 0; i < 3; i += 1) expect((await x.api.get('/Accounts')).status).toBe(200);
		x.sandbox.clock.advance(5 * 60_000);
		const refused = await x.api.get('/Accounts');
		expect(refused.status).toBe(429);
		expect(refused.headers['x-rate-limit-problem']).toBe('daily');
		expect(refused.headers['x-daylimit-remaining']).toBe('0');
		expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3600);
	});

	it('refuses calls beyond the concurrency limit with problem "concurrent"', async () => {
		x = await startXero({ xeroLimits: { concurrent: 2 }, latencyMs: 300 });
		const results = await Promise.all(Array.from({ length: 4 }, () => x.api.get('/Organisation')));
		const statuses = results.map((r) => r.status).sort();
		expect(statuses).toEqual([200, 200, 429, 429]);
		const refused = results.find((r) => r.status === 429)!;
		expect(refused.headers['x-rate-limit-problem']).toBe('concurrent');
		expect(refused.headers['retry-after']).toBeDefined();
	});

	it('states Retry-After in emulated seconds when the clock runs fast', async () => {
		x = await startXero({ xeroLimits: { perMinute: 2 }, timeScale: 10 });
		await x.api.get('/Organisation');
		await x.api.get('/Organisation');
		const refused = await x.api.get('/Organisation');
		expect(refused.status).toBe(429);
		// The window frees up within one emulated minute; a client on the scaled clock sleeps
		// that off in a tenth of the real time.
		const retryAfter = Number(refused.headers['retry-after']);
		expect(retryAfter).toBeGreaterThan(6);
		expect(retryAfter).toBeLessThanOrEqual(60);
	});
});
