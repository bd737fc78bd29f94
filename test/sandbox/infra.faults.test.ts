import axios from 'axios';

import { createClock } from '../../sandbox/common/clock';
import { salesInvoice, startXero, type XeroFixture } from './xero-client';

let x: XeroFixture;
beforeAll(async () => {
	x = await startXero();
});
afterAll(() => x.sandbox.stop());
afterEach(() => x.sandbox.faults.clear());

describe('fault injection', () => {
	it('drop-after-commit: the connection dies but the invoice was created', async () => {
		x.sandbox.faults.add({
			service: 'xero',
			method: 'PUT',
			path: '/api.xro/2.0/Invoices',
			kind: 'drop-after-commit',
		});
		const body = { Invoices: [salesInvoice('Dropped Ltd', { Reference: 'drop-1' })] };
		await expect(x.api.put('/Invoices', body)).rejects.toThrow();
		const stored = x.sandbox.xero.invoices(x.uk).filter((i) => i.Reference === 'drop-1');
		expect(stored).toHaveLength(1);
		const [entry] = x.sandbox.log
			.entries({ method: 'PUT', path: '/api.xro/2.0/Invoices' })
			.slice(-1);
		expect(entry).toMatchObject({ status: 0, fault: 'drop-after-commit', tenantId: x.uk });
		// The rule fired once: the retry is answered.
		const retry = await x.api.get('/Invoices', { params: { where: 'Reference=="drop-1"' } });
		expect(retry.data.Invoices).toHaveLength(1);
	});

	it('drop-after-commit plus Idempotency-Key: the retry returns the committed invoice, no duplicate', async () => {
		x.sandbox.faults.add({
			service: 'xero',
			method: 'PUT',
			path: '/api.xro/2.0/Invoices',
			kind: 'drop-after-commit',
		});
		const body = { Invoices: [salesInvoice('Dropped Ltd', { Reference: 'drop-2' })] };
		const headers = { 'Idempotency-Key': 'invoice-drop-2' };
		await expect(x.api.put('/Invoices', body, { headers })).rejects.toThrow();
		const retry = await x.api.put('/Invoices', body, { headers });
		expect(retry.status).toBe(200);
		const stored = x.sandbox.xero.invoices(x.uk).filter((i) => i.Reference === 'drop-2');
		expect(stored.map((i) => i.InvoiceID)).toEqual([retry.data.Invoices[0].InvoiceID]);
	});

	it('429 fault is shaped like Xero: Retry-After and X-Rate-Limit-Problem', async () => {
		x.sandbox.faults.add({
			service: 'xero',
			path: /Contacts/,
			kind: '429',
			retryAfterSeconds: 7,
			problem: 'appminute',
		});
		const res = await x.api.get('/Contacts');
		expect(res.status).toBe(429);
		expect(res.headers['retry-after']).toBe('7');
		expect(res.headers['x-rate-limit-problem']).toBe('appminute');
	});

	it('429 without Retry-After, and a gateway 502 that is not JSON', async () => {
		x.sandbox.faults.add({ service: 'xero', path: /Contacts/, kind: '429', omitRetryAfter: true });
		x.sandbox.faults.add({ service: 'xero', path: /Accounts/, kind: '502' });
		const limited = await x.api.get('/Contacts');
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBeUndefined();
		expect(limited.headers['x-rate-limit-problem']).toBe('minute');
		const gateway = await x.api.get('/Accounts');
		expect(gateway.status).toBe(502);
		expect(String(gateway.headers['content-type'])).toContain('text/html');
	});

	it('probabilistic rules fire at about their rate, from the seeded random source', async () => {
		let draws = 0;
		const { createFaultInjector } = await import('../../sandbox/common/faults');
		// Every third draw is below 0.3: exactly a third of the matching requests fail.
		const injector = createFaultInjector(() => (draws++ % 3 === 0 ? 0.1 : 0.9));
		injector.add({ service: 'xero', path: /Invoices/, kind: '500', probability: 0.3 });
		const fired = Array.from({ length: 30 }, () =>
			injector.take('xero', 'GET', '/api.xro/2.0/Invoices'),
		).filter(Boolean);
		expect(fired).toHaveLength(10);
		expect(injector.take('xero', 'GET', '/api.xro/2.0/Contacts')).toBeUndefined();
		expect(() => injector.add({ service: 'xero', kind: '500', probability: 2 })).toThrow();
	});

	it('429 fault is shaped like EasyBill for EasyBill: no Retry-After', async () => {
		x.sandbox.faults.add({ service: 'easybill', kind: '429', retryAfterSeconds: 7 });
		const res = await axios.get(`${x.sandbox.urls.easybill}/customers`, {
			headers: { Authorization: `Bearer ${x.sandbox.easybill.apiKey}` },
			validateStatus: () => true,
		});
		expect(res.status).toBe(429);
		expect(res.headers['retry-after']).toBeUndefined();
		expect(res.data).toEqual({ code: 429, message: 'Too Many Requests' });
	});

	it('counts nth and times per rule: only the 2nd and 3rd matching calls fail', async () => {
		x.sandbox.faults.add({
			service: 'xero',
			method: 'GET',
			path: '/api.xro/2.0/Accounts',
			nth: 2,
			times: 2,
			kind: '503',
		});
		const statuses: number[] = [];
		for (let i = 0; i < 4; i += 1) statuses.push((await x.api.get('/Accounts')).status);
		expect(statuses).toEqual([200, 503, 503, 200]);
		// Other routes do not advance the rule's count.
		x.sandbox.faults.add({ service: 'xero', path: '/api.xro/2.0/TaxRates', nth: 2, kind: '500' });
		await x.api.get('/Organisation');
		expect((await x.api.get('/TaxRates')).status).toBe(200);
		expect((await x.api.get('/TaxRates')).status).toBe(500);
	});

	it('expired-token answers a TokenExpired 401; identity faults hit the token endpoint', async () => {
		x.sandbox.faults.add({ service: 'xero', kind: 'expired-token' });
		const res = await x.api.get('/Organisation');
		expect(res.status).toBe(401);
		expect(res.data.Detail).toMatch(/^TokenExpired/);
		x.sandbox.faults.add({ service: 'xero-identity', path: '/connect/token', kind: '503' });
		const token = await x.http.post('/connect/token', 'grant_type=refresh_token&refresh_token=x', {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(token.status).toBe(503);
		expect(
			x.sandbox.log.entries({ service: 'xero-identity', path: '/connect/token' }).slice(-1)[0]
				.fault,
		).toBe('503');
	});

	it('slow holds the request, then answers normally', async () => {
		x.sandbox.faults.add({
			service: 'xero',
			path: '/api.xro/2.0/Currencies',
			kind: 'slow',
			delayMs: 50,
		});
		const res = await x.api.get('/Currencies');
		expect(res.status).toBe(200);
		expect(x.sandbox.log.entries({ path: '/api.xro/2.0/Currencies' }).slice(-1)[0].fault).toBe(
			'slow',
		);
	});
});

describe('request log', () => {
	it('filters by service, method and path', async () => {
		x.sandbox.log.clear();
		await x.api.get('/Organisation');
		await x.http.get('/connections', { headers: { Authorization: `Bearer ${x.accessToken}` } });
		expect(x.sandbox.log.entries()).toHaveLength(2);
		expect(x.sandbox.log.entries({ service: 'xero-identity' }).map((e) => e.path)).toEqual([
			'/connections',
		]);
		expect(x.sandbox.log.entries({ method: 'get', path: /Organisation/ })).toHaveLength(1);
		expect(x.sandbox.log.entries({ service: 'easybill' })).toHaveLength(0);
	});

	it('logs EasyBill calls with their service name', async () => {
		x.sandbox.log.clear();
		const res = await axios.get(`${x.sandbox.urls.easybill}/customers`, {
			params: { limit: 1 },
			headers: { Authorization: `Bearer ${x.sandbox.easybill.apiKey}` },
			validateStatus: () => true,
		});
		expect(res.status).toBe(200);
		expect(x.sandbox.log.entries({ service: 'easybill' })[0]).toMatchObject({
			method: 'GET',
			path: '/rest/v1/customers',
			status: 200,
		});
	});
});

describe('clock', () => {
	it('starts at startAt and moves by advance', () => {
		const clock = createClock({ startAt: Date.UTC(2030, 0, 1), timeScale: 1 });
		const start = clock.now();
		expect(start).toBeGreaterThanOrEqual(Date.UTC(2030, 0, 1));
		clock.advance(3_600_000);
		expect(clock.now() - start).toBeGreaterThanOrEqual(3_600_000);
		expect(() => clock.advance(-1)).toThrow();
		expect(() => createClock({ timeScale: 0 })).toThrow();
	});
});
