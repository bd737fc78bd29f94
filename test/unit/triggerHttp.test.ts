import type { IWebhookFunctions } from 'n8n-workflow';

import { answer, headerOf, rawBodyOf } from '../../nodes/shared/invoicePaid/http';

type Request = Parameters<typeof rawBodyOf>[0];

function request(extra: Record<string, unknown> = {}): Request {
	return {
		headers: { 'x-xero-signature': 'abc', 'x-multi': ['one', 'two'] },
		...extra,
	} as unknown as Request;
}

describe('raw body access', () => {
	it('uses the bytes n8n kept on req.rawBody', async () => {
		const raw = Buffer.from('{"events":[]}');
		expect(await rawBodyOf(request({ rawBody: raw }))).toBe(raw);
	});

	it('asks n8n to read the body when it was not read yet', async () => {
		const req = request();
		(req as unknown as { readRawBody: () => Promise<void> }).readRawBody = async () => {
			(req as unknown as { rawBody: Buffer }).rawBody = Buffer.from('late');
		};
		expect((await rawBodyOf(req))?.toString()).toBe('late');
	});

	it('gives nothing (never a re-serialised body) when the bytes are not available', async () => {
		expect(await rawBodyOf(request({ body: { events: [] } }))).toBeUndefined();
	});

	it('reads single and repeated headers', () => {
		expect(headerOf(request(), 'X-Xero-Signature')).toBe('abc');
		expect(headerOf(request(), 'x-multi')).toBe('one');
		expect(headerOf(request(), 'x-none')).toBeUndefined();
	});
});

describe('answer', () => {
	function context() {
		const response = {
			headersSent: false,
			statusCode: 0,
			bodies: [] as unknown[],
			end(body?: unknown) {
				this.bodies.push(body);
				this.headersSent = true;
			},
		};
		return { response, ctx: { getResponseObject: () => response } as unknown as IWebhookFunctions };
	}

	it('ends the response with the status and an empty body', () => {
		const { response, ctx } = context();
		answer(ctx, 401);
		expect(response.statusCode).toBe(401);
		expect(response.bodies).toEqual([undefined]);
	});

	it('never answers twice', () => {
		const { response, ctx } = context();
		answer(ctx, 200);
		answer(ctx, 500);
		expect(response.statusCode).toBe(200);
		expect(response.bodies).toHaveLength(1);
	});
});
