import axios from 'axios';
import {
	easybillClient,
	type EasyBillTestServer,
	startEasyBillTestServer,
} from './easybill-server';

describe('EasyBill sandbox: authentication, rate limit, request line', () => {
	let server: EasyBillTestServer;

	afterEach(async () => {
		await server.stop();
	});

	it('answers 401 with an EasyBill error body without credentials or with a wrong key', async () => {
		server = await startEasyBillTestServer();
		const anonymous = await axios.get(`${server.baseUrl}/customers?limit=1`, {
			validateStatus: () => true,
		});
		expect(anonymous.status).toBe(401);
		expect(anonymous.data).toEqual({ code: 401, message: expect.any(String) });
		const wrongKey = await easybillClient(server, 'not-the-key').get('/customers?limit=1');
		expect(wrongKey.status).toBe(401);
	});

	it('accepts the API key as Bearer token and as Basic email:key', async () => {
		server = await startEasyBillTestServer();
		const bearer = await easybillClient(server).get('/customers?limit=1');
		expect(bearer.status).toBe(200);
		expect(bearer.data).toEqual({ page: 1, pages: 1, limit: 1, total: 0, items: [] });
		const basic = await axios.get(`${server.baseUrl}/customers?limit=1`, {
			auth: { username: 'owner@example.com', password: server.service.inspect.apiKey },
			validateStatus: () => true,
		});
		expect(basic.status).toBe(200);
	});

	it('answers 429 without Retry-After once the per-minute budget is spent, and recovers a minute later', async () => {
		server = await startEasyBillTestServer({ perMinute: 10 });
		const client = easybillClient(server);
		for (let i = 0; i < 10; i++) {
			expect((await client.get('/customers')).status).toBe(200);
		}
		const limited = await client.get('/customers');
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBeUndefined();
		expect(limited.data.code).toBe(429);
		server.clock.advance(60_000);
		expect((await client.get('/customers')).status).toBe(200);
	});

	it('answers 414 when the request line exceeds 4,094 bytes', async () => {
		server = await startEasyBillTestServer();
		const client = easybillClient(server);
		// "GET /rest/v1/customers?number= HTTP/1.1" plus the value: pick values just under and over.
		const fixed = 'GET /rest/v1/customers?number= HTTP/1.1'.length;
		const fits = await client.get(`/customers?number=${'1'.repeat(4094 - fixed)}`);
		expect(fits.status).toBe(200);
		const tooLong = await client.get(`/customers?number=${'1'.repeat(4095 - fixed)}`);
		expect(tooLong.status).toBe(414);
	});

	it('refuses a limit above 1000', async () => {
		server = await startEasyBillTestServer();
		const response = await easybillClient(server).get('/customers?limit=1001');
		expect(response.status).toBe(400);
	});
});
