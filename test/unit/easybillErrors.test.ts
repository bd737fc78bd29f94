import { createEasyBillLedger } from '../../core/easybill';
import { translateEasyBillError } from '../../core/easybill/errors';
import { LedgerError } from '../../core/errors';
import type { HttpRequest, HttpResponse } from '../../core/transport';
import { virtualClock } from '../helpers/http';

const API_KEY = 'eb_live_7f3c9a1d2b8e4f60a5c7';
const request: HttpRequest = { method: 'POST', url: 'https://api.easybill.de/rest/v1/documents' };
const answer = (status: number, body: unknown): HttpResponse => ({ status, headers: {}, body });

describe('EasyBill error translation', () => {
	it.each([
		[400, 'validation'],
		[401, 'auth'],
		[403, 'auth'],
		[404, 'not_found'],
		[409, 'conflict'],
		[429, 'rate_limited'],
		[500, 'transient'],
		[503, 'transient'],
	])('maps HTTP %i to %s and quotes the vendor message', (status, kind) => {
		const error = translateEasyBillError(
			answer(status, { code: status, message: 'Vendor says no' }),
			request,
		);
		expect(error).toMatchObject({ kind, httpStatus: status, vendorMessage: 'Vendor says no' });
		expect(error.message).toContain('Vendor says no');
		expect(error.message).toContain('/rest/v1/documents');
	});

	it('scrubs the API key even when the vendor message echoes it', async () => {
		const send = async (): Promise<HttpResponse> =>
			answer(401, {
				code: 401,
				message: `Invalid token ${API_KEY} (Authorization: Bearer ${API_KEY})`,
			});
		const ledger = createEasyBillLedger({
			send,
			clock: virtualClock(),
			secrets: [API_KEY],
			baseUrl: 'http://eb.test/rest/v1',
		});
		const error = await ledger.getWebhook('70001').catch((e: unknown) => e as LedgerError);
		expect(error).toBeInstanceOf(LedgerError);
		expect(error).toMatchObject({ kind: 'auth', httpStatus: 401 });
		const text = `${(error as LedgerError).message} ${(error as LedgerError).vendorMessage}`;
		expect(text).not.toContain(API_KEY);
		expect(text).toContain('[redacted]');
	});

	it('waits out a 429 without Retry-After (the default wait) and then succeeds', async () => {
		const clock = virtualClock();
		let calls = 0;
		const send = async (): Promise<HttpResponse> => {
			calls++;
			return calls === 1
				? answer(429, { code: 429, message: 'Too Many Requests' })
				: answer(200, { id: 70001, url: 'https://x', events: ['document.payment_add'] });
		};
		const waits: number[] = [];
		const ledger = createEasyBillLedger({
			send,
			clock,
			baseUrl: 'http://eb.test/rest/v1',
			onWait: (ms) => waits.push(ms),
		});
		await expect(ledger.getWebhook('70001')).resolves.toEqual({
			id: '70001',
			url: 'https://x',
			events: ['document.payment_add'],
		});
		expect(calls).toBe(2);
		expect(waits).toEqual([60_000]);
	});
});
