import { LedgerClient } from '../../core/client';
import { LedgerError, scrubSecrets } from '../../core/errors';
import { RateGovernor } from '../../core/governor';
import { NoResponseError, type HttpRequest, type HttpResponse } from '../../core/transport';
import { virtualClock } from '../helpers/http';

const API_KEY = 'eb_live_4f8a9c2e7d1b6a3f';

function clientWith(responses: Array<HttpResponse | 'drop'>, daily = false) {
	const clock = virtualClock(0);
	const sent: HttpRequest[] = [];
	const client = new LedgerClient({
		send: async (request) => {
			sent.push(request);
			const next = responses.shift();
			if (next === undefined) throw new Error('unexpected request');
			if (next === 'drop') throw new NoResponseError('socket hang up');
			return next;
		},
		clock,
		governor: new RateGovernor({ maxConcurrent: 5, perMinute: 60 }, clock),
		errors: {
			translate: (response) =>
				new LedgerError(`vendor said: ${JSON.stringify(response.body)}`, {
					kind: response.status === 401 ? 'auth' : 'validation',
					httpStatus: response.status,
					vendorMessage: JSON.stringify(response.body),
				}),
			isDailyLimit: () => daily,
		},
		secrets: [API_KEY],
	});
	return { client, clock, sent };
}

const ok: HttpResponse = { status: 200, headers: {}, body: { ok: true } };
const get: HttpRequest = { method: 'GET', url: 'https://ledger.test/items' };
const post: HttpRequest = { method: 'POST', url: 'https://ledger.test/items', body: { a: 1 } };

describe('LedgerClient', () => {
	it('waits out a 429 and then succeeds', async () => {
		const { client, clock, sent } = clientWith([{ status: 429, headers: { 'retry-after': '3' }, body: {} }, ok]);
		await expect(client.request(post, { idempotent: false })).resolves.toBe(ok);
		expect(sent).toHaveLength(2);
		expect(clock.sleeps).toContain(3000);
	});

	it('rides out ten 429s asking for 2 s each (another app on the organisation) and succeeds', async () => {
		const limited: HttpResponse = { status: 429, headers: { 'retry-after': '2', 'x-rate-limit-problem': 'minute' }, body: {} };
		const { client, clock, sent } = clientWith([...Array.from({ length: 10 }, () => limited), ok]);
		await expect(client.request(post, { idempotent: false })).resolves.toBe(ok);
		expect(sent).toHaveLength(11);
		expect(clock.now()).toBeGreaterThanOrEqual(20_000);
	});

	it('stops with the reason when 429s keep coming past the wait budget', async () => {
		const limited: HttpResponse = { status: 429, headers: { 'retry-after': '60', 'x-rate-limit-problem': 'minute' }, body: {} };
		const { client, sent } = clientWith(Array.from({ length: 20 }, () => limited));
		const error = (await client.request(get, { idempotent: true }).catch((e: unknown) => e)) as LedgerError;
		expect(error.kind).toBe('rate_limited');
		expect(error.message).toMatch(/after waiting 300 s in total/);
		expect(sent).toHaveLength(6);
	});

	it('after a daily-limit 429, fails the next requests at once without sending them', async () => {
		const { client, sent } = clientWith(
			[{ status: 429, headers: { 'retry-after': '7200', 'x-rate-limit-problem': 'daily' }, body: {} }],
			true,
		);
		await expect(client.request(get, { idempotent: true })).rejects.toThrow(/Run it again later/);
		const second = (await client.request(get, { idempotent: true }).catch((e: unknown) => e)) as LedgerError;
		expect(second.kind).toBe('rate_limited');
		expect(second.message).toMatch(/Daily rate limit reached \(the ledger asks to wait 120 min\)/);
		expect(sent).toHaveLength(1);
	});

	it('refuses a batch the day budget (X-DayLimit-Remaining) cannot cover, before sending anything more', async () => {
		const { client, sent } = clientWith([{ status: 200, headers: { 'x-daylimit-remaining': '12' }, body: {} }]);
		await client.request(get, { idempotent: true });
		expect(() => client.ensureDailyBudget(12, 'this batch')).not.toThrow();
		let error: LedgerError | undefined;
		try {
			client.ensureDailyBudget(13, 'this batch');
		} catch (e) {
			error = e as LedgerError;
		}
		expect(error?.kind).toBe('rate_limited');
		expect(error?.message).toMatch(/allows 12 more calls today and this batch needs about 13\. Nothing was written/);
		expect(sent).toHaveLength(1);
	});

	it('fails clearly on a daily limit without sleeping', async () => {
		const { client, clock } = clientWith([{ status: 429, headers: { 'retry-after': '3600' }, body: {} }], true);
		const error = await client.request(get, { idempotent: true }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(LedgerError);
		expect((error as LedgerError).kind).toBe('rate_limited');
		expect((error as LedgerError).message).toMatch(/Run it again later/);
		expect(clock.sleeps).toEqual([]);
	});

	it('retries a dropped read but not an unguarded create', async () => {
		const read = clientWith(['drop', ok]);
		await expect(read.client.request(get, { idempotent: true })).resolves.toBe(ok);

		const write = clientWith(['drop', ok]);
		const error = (await write.client.request(post, { idempotent: false }).catch((e: unknown) => e)) as LedgerError;
		expect(error.outcomeUnknown).toBe(true);
		expect(write.sent).toHaveLength(1);
	});

	it('retries a create guarded by an idempotency key after a 503', async () => {
		const { client, sent } = clientWith([{ status: 503, headers: {}, body: 'busy' }, ok]);
		await expect(client.request(post, { idempotent: true })).resolves.toBe(ok);
		expect(sent).toHaveLength(2);
	});

	it('scrubs the API key from vendor messages that echo it', async () => {
		const { client } = clientWith([{ status: 401, headers: {}, body: { message: `Invalid key ${API_KEY}` } }]);
		const error = (await client.request(get, { idempotent: true }).catch((e: unknown) => e)) as LedgerError;
		expect(error.kind).toBe('auth');
		expect(error.message).not.toContain(API_KEY);
		expect(error.vendorMessage).not.toContain(API_KEY);
		expect(error.message).toContain('[redacted]');
	});
});

describe('scrubSecrets', () => {
	it('removes known values and credential-shaped text', () => {
		const text = `Authorization: Bearer eyJhbGciOi.abc.def failed; {"refresh_token":"rt-123456789"} key=${API_KEY}`;
		const scrubbed = scrubSecrets(text, [API_KEY]);
		expect(scrubbed).not.toMatch(/eyJhbGciOi|rt-123456789|eb_live/);
		expect(scrubbed).toContain('Bearer [redacted]');
	});
});
