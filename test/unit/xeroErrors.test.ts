import { LedgerError } from '../../core/errors';
import type { HttpRequest } from '../../core/transport';
import { xeroErrors } from '../../core/xero/errors';
import { fakeXero, ok } from './xeroFakeApi';

const INVOICE_ID = '6f0d5d2c-0a0b-4c1d-9e8f-0123456789ab';
const request: HttpRequest = { method: 'PUT', url: 'https://api.xero.com/api.xro/2.0/Invoices' };
const TOKEN =
	'eyJhbGciOiJSUzI1NiIsImtpZCI6IjFDQUY4RTY2NzcyRDZEQzAyOEQ2NzI2RkQwMjYxNTgxNTcwRUZDMTkiLCJ0eXAiOiJKV1QifQ';

describe('Xero error translation', () => {
	it('a 400 ValidationException carries the element messages as the vendor message', () => {
		const error = xeroErrors.translate(
			{
				status: 400,
				headers: {},
				body: {
					ErrorNumber: 10,
					Type: 'ValidationException',
					Message: 'A validation exception occurred',
					Elements: [
						{
							ValidationErrors: [
								{ Message: 'Email address must be valid.' },
								{ Message: 'Due Date is required.' },
							],
						},
					],
				},
			},
			request,
		);
		expect(error.kind).toBe('validation');
		expect(error.vendorMessage).toBe('Email address must be valid.; Due Date is required.');
		expect(error.message).toContain('PUT /api.xro/2.0/Invoices');
	});

	it('a 401 TokenExpired (problem JSON) or bare AuthenticationUnsuccessful is an auth error', () => {
		const expired = xeroErrors.translate(
			{
				status: 401,
				headers: {},
				body: {
					Title: 'Unauthorized',
					Status: 401,
					Detail: 'TokenExpired: token expired at 11/23/2026 12:00:00',
				},
			},
			request,
		);
		expect(expired.kind).toBe('auth');
		expect(expired.message).toMatch(/reconnect the Xero credential/);
		expect(expired.vendorMessage).toContain('TokenExpired');
		expect(
			xeroErrors.translate(
				{ status: 401, headers: {}, body: 'AuthenticationUnsuccessful' },
				request,
			).kind,
		).toBe('auth');
	});

	it('tells a daily-limit 429 from a minute one by X-Rate-Limit-Problem', () => {
		expect(
			xeroErrors.isDailyLimit?.({
				status: 429,
				headers: { 'x-rate-limit-problem': 'daily' },
				body: undefined,
			}),
		).toBe(true);
		expect(
			xeroErrors.isDailyLimit?.({
				status: 429,
				headers: { 'x-rate-limit-problem': 'minute' },
				body: undefined,
			}),
		).toBe(false);
		const error = xeroErrors.translate(
			{
				status: 429,
				headers: { 'retry-after': '30', 'x-rate-limit-problem': 'minute' },
				body: undefined,
			},
			request,
		);
		expect(error.kind).toBe('rate_limited');
		expect(error.retryAfterSeconds).toBe(30);
	});

	it('maps 404, 5xx and bounds very long vendor messages', () => {
		expect(
			xeroErrors.translate({ status: 404, headers: {}, body: 'not found' }, request).kind,
		).toBe('not_found');
		expect(xeroErrors.translate({ status: 503, headers: {}, body: undefined }, request).kind).toBe(
			'transient',
		);
		const long = xeroErrors.translate(
			{ status: 400, headers: {}, body: { Message: 'x'.repeat(5000) } },
			request,
		);
		expect((long.vendorMessage ?? '').length).toBeLessThan(600);
	});
});

describe('Xero ledger errors as the caller sees them', () => {
	it('a daily-limit 429 fails at once with a clear message instead of sleeping for hours', async () => {
		const fake = fakeXero({
			'GET /Invoices': () => ({
				status: 429,
				headers: { 'retry-after': '36000', 'x-rate-limit-problem': 'daily' },
				body: undefined,
			}),
		});
		const error = await fake.ledger
			.findInvoices([{ ledgerId: INVOICE_ID }])
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(LedgerError);
		expect((error as LedgerError).kind).toBe('rate_limited');
		expect((error as LedgerError).message).toMatch(/Run it again later/);
		expect(fake.clock.sleeps).toEqual([]);
		expect(fake.requests).toHaveLength(1);
	});

	it('a minute-limit 429 is waited out (Retry-After) and the call goes through', async () => {
		let calls = 0;
		const fake = fakeXero({
			'GET /Invoices': () => {
				calls += 1;
				return calls === 1
					? {
							status: 429,
							headers: { 'retry-after': '7', 'x-rate-limit-problem': 'minute' },
							body: undefined,
						}
					: { status: 200, headers: {}, body: { Invoices: [] } };
			},
		});
		expect(await fake.ledger.findInvoices([{ ledgerId: INVOICE_ID }])).toEqual([undefined]);
		expect(fake.clock.sleeps).toContain(7000);
	});

	it('scrubs a token that Xero echoes back in its message', async () => {
		const fake = fakeXero(
			{
				'GET /Invoices': () => ({
					status: 401,
					headers: {},
					body: {
						Title: 'Unauthorized',
						Detail: `TokenExpired: the token ${TOKEN} expired (Authorization: Bearer ${TOKEN})`,
					},
				}),
			},
			{ secrets: [TOKEN] },
		);
		const error = (await fake.ledger
			.findInvoices([{ ledgerId: INVOICE_ID }])
			.catch((e: unknown) => e)) as LedgerError;
		expect(error.kind).toBe('auth');
		expect(error.message).not.toContain(TOKEN);
		expect(error.vendorMessage).not.toContain(TOKEN);
		expect(error.message).toContain('[redacted]');
	});

	it('scrubs a token echoed in a per-element validation message too', async () => {
		const fake = fakeXero(
			{
				'PUT /Invoices': (req) =>
					ok({
						Invoices: (req.body as { Invoices: object[] }).Invoices.map((i) => ({
							...i,
							HasErrors: true,
							ValidationErrors: [{ Message: `Invalid header Authorization: Bearer ${TOKEN}` }],
						})),
					}),
			},
			{ secrets: [TOKEN] },
		);
		const [result] = await fake.ledger.createInvoices([
			{
				sourceId: 's1',
				contact: { ledgerId: 'c1' },
				issueDate: '2026-11-02',
				currency: 'EUR',
				lines: [
					{ description: 'A', quantity: 1, unitPriceMinor: 100, accountCode: '200', taxType: 'T' },
				],
				taxMode: 'exclusive',
				status: 'draft',
			},
		]);
		if (result.action !== 'failed') throw new Error('expected failure');
		expect(result.error.message).not.toContain(TOKEN);
		expect(result.error.vendorMessage).not.toContain(TOKEN);
		expect(result.error.itemIndex).toBe(0);
	});

	it("a per-element rejection names the field and keeps Xero's words", async () => {
		const fake = fakeXero({
			'PUT /Contacts': (req) => ({
				status: 200,
				headers: {},
				body: {
					Contacts: (req.body as { Contacts: object[] }).Contacts.map((c) => ({
						...c,
						HasErrors: true,
						ValidationErrors: [{ Message: 'Email address must be valid.' }],
					})),
				},
			}),
		});
		const [result] = await fake.ledger.upsertContacts([
			{ sourceId: 'c1', name: 'C', emails: ['c@x.de'] },
		]);
		if (result.action !== 'failed') throw new Error('expected failure');
		expect(result.error.field).toBe('emails[0]');
		expect(result.error.vendorMessage).toBe('Email address must be valid.');
		expect(result.error.itemIndex).toBe(0);
	});
});
