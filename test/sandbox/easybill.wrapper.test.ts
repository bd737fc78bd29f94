import axios, { type AxiosInstance } from 'axios';
import { createClock } from '../../sandbox/common/clock';
import { createFaultInjector, type FaultInjector } from '../../sandbox/common/faults';
import { startServiceServer, type ServiceServer } from '../../sandbox/common/httpServer';
import { createRequestLog, type RequestLog } from '../../sandbox/common/requestLog';
import { createEasyBillService, type EasyBillService } from '../../sandbox/easybill';

/** The EasyBill handler behind the shared server wrapper, as the sandbox runs it. */
describe('EasyBill emulator behind the shared sandbox server', () => {
	let server: ServiceServer;
	let service: EasyBillService;
	let log: RequestLog;
	let faults: FaultInjector;
	let client: AxiosInstance;

	beforeEach(async () => {
		const clock = createClock({ startAt: Date.UTC(2026, 4, 4, 8, 0, 0) });
		let origin = '';
		service = createEasyBillService({ clock, perMinute: 60, publicBaseUrl: () => origin });
		log = createRequestLog();
		faults = createFaultInjector();
		server = await startServiceServer({
			serviceOf: () => 'easybill',
			handler: service.handler,
			clock,
			log,
			faults,
		});
		origin = server.origin;
		client = axios.create({
			baseURL: `${server.origin}/rest/v1`,
			headers: { authorization: `Bearer ${service.inspect.apiKey}` },
			validateStatus: () => true,
		});
	});
	afterEach(async () => {
		await server.close();
	});

	it('flags a spec-invalid request in the request log', async () => {
		const response = await client.post('/documents', { type: 'CREDIT_NOTE', customer_id: 1 });
		expect(response.status).toBe(400);
		const [entry] = log.entries({ method: 'POST', path: '/rest/v1/documents' });
		expect(entry.status).toBe(400);
		expect(entry.specErrors?.[0]).toMatch(/^\/type must be one of/);
	});

	it('commits a document before a dropped connection, so an external_id lookup finds it', async () => {
		const customer = (await client.post('/customers', { last_name: 'Drop' })).data;
		faults.add({
			service: 'easybill',
			method: 'POST',
			path: '/rest/v1/documents',
			kind: 'drop-after-commit',
		});
		const body = {
			customer_id: customer.id,
			external_id: 'stripe:in_123',
			items: [{ description: 'x', quantity: 1, single_price_net: 100, vat_percent: 19 }],
		};
		await expect(client.post('/documents', body)).rejects.toThrow();
		const found = await client.get('/documents', { params: { external_id: 'stripe:in_123' } });
		expect(found.data.total).toBe(1);
		expect(service.inspect.documents()).toHaveLength(1);
	});

	it('builds the Location of a converted credit from the public base URL', async () => {
		const customer = (await client.post('/customers', { company_name: 'Loc GmbH' })).data;
		const invoice = (
			await client.post('/documents', {
				customer_id: customer.id,
				items: [{ description: 'x', quantity: 1, single_price_net: 100, vat_percent: 0 }],
			})
		).data;
		const credit = await client.post(`/documents/${invoice.id}/CREDIT`);
		expect(credit.headers.location).toBe(`${server.origin}/rest/v1/documents/${credit.data.id}`);
	});
});
