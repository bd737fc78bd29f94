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
