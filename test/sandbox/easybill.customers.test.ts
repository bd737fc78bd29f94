import {
	easybillClient,
	type EasyBillTestServer,
	startEasyBillTestServer,
} from './easybill-server';

describe('EasyBill sandbox: customers', () => {
	let server: EasyBillTestServer;

	beforeEach(async () => {
		server = await startEasyBillTestServer();
	});
	afterEach(async () => {
		await server.stop();
	});

	it('rejects a customer with neither last_name nor company_name', async () => {
		const response = await easybillClient(server).post('/customers', {
			first_name: 'Ada',
			emails: ['a@x.de'],
		});
		expect(response.status).toBe(400);
		expect(response.data).toEqual({
			code: 400,
			message: expect.stringMatching(/last_name or company_name/),
		});
		expect(server.service.inspect.customers()).toHaveLength(0);
	});

	it('creates a customer with emails, generates a number, and finds it by number and by email', async () => {
		const client = easybillClient(server);
		const created = await client.post('/customers', {
			company_name: 'Muster GmbH',
			emails: ['billing@muster.de', 'ceo@muster.de'],
		});
		expect(created.status).toBe(201);
		expect(created.data).toMatchObject({
			id: expect.any(Number),
			company_name: 'Muster GmbH',
			emails: ['billing@muster.de', 'ceo@muster.de'],
			number: expect.any(String),
			display_name: 'Muster GmbH',
		});
		await client.post('/customers', { last_name: 'Other', number: 'SRC-2' });

		const byNumber = await client.get('/customers', { params: { number: created.data.number } });
		expect(byNumber.data.total).toBe(1);
		expect(byNumber.data.items[0].id).toBe(created.data.id);
		const byTwoNumbers = await client.get('/customers', {
			params: { number: `${created.data.number},SRC-2` },
		});
		expect(byTwoNumbers.data.total).toBe(2);
		const byEmail = await client.get('/customers', { params: { emails: 'ceo@muster.de' } });
		expect(byEmail.data.items.map((c: { id: number }) => c.id)).toEqual([created.data.id]);
	});

	it('ignores the non-existent `email` field instead of storing it, and says so in a sandbox header', async () => {
		const response = await easybillClient(server).post('/customers', {
			last_name: 'Doe',
			email: 'doe@x.de',
		});
		expect(response.status).toBe(201);
		expect(response.data.emails).toEqual([]);
		expect(response.data).not.toHaveProperty('email');
		expect(response.headers['x-sandbox-ignored-fields']).toBe('email');
	});

	it('rejects more than three emails and a duplicate customer number', async () => {
		const client = easybillClient(server);
		const tooMany = await client.post('/customers', {
			last_name: 'A',
			emails: ['1@x', '2@x', '3@x', '4@x'],
		});
		expect(tooMany.status).toBe(400);
		expect(JSON.parse(tooMany.headers['x-sandbox-spec-errors'])).toEqual([
			'/emails must NOT have more than 3 items',
		]);
		expect((await client.post('/customers', { last_name: 'A', number: 'N-1' })).status).toBe(201);
		expect((await client.post('/customers', { last_name: 'B', number: 'N-1' })).status).toBe(400);
	});

	it('rejects a spec-invalid body with a 400 listing the contract violations', async () => {
		const response = await easybillClient(server).post('/customers', {
			last_name: 42,
			salutation: 9,
		});
		expect(response.status).toBe(400);
		const errors: string[] = JSON.parse(response.headers['x-sandbox-spec-errors']);
		expect(errors).toEqual(expect.arrayContaining(['/last_name must be string,null']));
		expect(errors.some((e) => e.startsWith('/salutation must be one of'))).toBe(true);
		expect(response.data.code).toBe(400);
	});

	it('splits comma filters only where unescaped when X-Easybill-Escape is true', async () => {
		const client = easybillClient(server);
		await client.post('/customers', { company_name: 'Müller, Schmidt GmbH' });
		const unescaped = await client.get('/customers', {
			params: { company_name: 'Müller\\, Schmidt GmbH' },
		});
		expect(unescaped.data.total).toBe(0);
		const escaped = await client.get('/customers', {
			params: { company_name: 'Müller\\, Schmidt GmbH' },
			headers: { 'X-Easybill-Escape': 'true' },
		});
		expect(escaped.data.total).toBe(1);
	});

	it('updates a customer with PUT and deletes it', async () => {
		const client = easybillClient(server);
		const created = await client.post('/customers', { last_name: 'Before' });
		const updated = await client.put(`/customers/${created.data.id}`, {
			last_name: 'After',
			emails: ['a@b.de'],
		});
		expect(updated.status).toBe(200);
		expect(updated.data).toMatchObject({
			last_name: 'After',
			emails: ['a@b.de'],
			number: created.data.number,
		});
		expect((await client.delete(`/customers/${created.data.id}`)).status).toBe(204);
		expect((await client.get(`/customers/${created.data.id}`)).status).toBe(404);
	});
});
