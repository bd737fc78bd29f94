import { startXero, type XeroFixture } from './xero-client';

let x: XeroFixture;
beforeAll(async () => {
	x = await startXero();
});
afterAll(() => x.sandbox.stop());

describe('Xero spec validation', () => {
	it('fails a body missing a required field and flags it in the request log', async () => {
		const created = await x.api.put('/CreditNotes', {
			CreditNotes: [
				{
					Type: 'ACCRECCREDIT',
					Contact: { Name: 'Spec Ltd' },
					Status: 'AUTHORISED',
					LineItems: [{ Description: 'x', Quantity: 1, UnitAmount: 10, AccountCode: '200' }],
				},
			],
		});
		const id = created.data.CreditNotes[0].CreditNoteID;
		x.sandbox.log.clear();
		// The Allocation schema requires Amount, Invoice and Date; Amount is missing here.
		const res = await x.api.put(`/CreditNotes/${id}/Allocations`, {
			Allocations: [
				{ Invoice: { InvoiceID: '00000000-0000-0000-0000-000000000000' }, Date: '2026-01-01' },
			],
		});
		expect(res.status).toBe(400);
		expect(res.data.Message).toMatch(/must have required property 'Amount'/);
		const [entry] = x.sandbox.log.entries({ service: 'xero', method: 'PUT', path: /Allocations$/ });
		expect(entry.status).toBe(400);
		expect(entry.specErrors).toEqual([
			expect.stringMatching(/Allocations\/0 must have required property 'Amount'/),
		]);
		expect(entry.tenantId).toBe(x.uk);
	});

	it('rejects wrong types and enum values before any business rule runs', async () => {
		const res = await x.api.put('/Invoices', {
			Invoices: [{ Type: 'SALES', LineItems: [{ Quantity: 'two' }] }],
		});
		expect(res.status).toBe(400);
		expect(res.data.Type).toBe('PostDataInvalidException');
		const [entry] = x.sandbox.log
			.entries({ path: '/api.xro/2.0/Invoices', method: 'PUT' })
			.slice(-1);
		expect(entry.specErrors).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/Invoices\/0\/Type must be equal to one of the allowed values/),
				expect.stringMatching(/LineItems\/0\/Quantity must be number/),
			]),
		);
		expect(x.sandbox.xero.invoices(x.uk)).toHaveLength(0);
	});

	it('requires the xero-tenant-id header and a JSON Accept header', async () => {
		const noTenant = await x.api.get('/Contacts', { headers: { 'xero-tenant-id': '' } });
		expect(noTenant.status).toBe(400);
		expect(
			x.sandbox.log.entries({ path: '/api.xro/2.0/Contacts' }).slice(-1)[0].specErrors,
		).toEqual(["header parameter 'xero-tenant-id' is required"]);
		const xml = await x.api.get('/Contacts', { headers: { Accept: 'text/xml' } });
		expect(xml.status).toBe(406);
	});

	it('rejects a broken JSON body and an over-long Idempotency-Key', async () => {
		const broken = await x.api.put('/Contacts', '{"Contacts":[{"Name":"x"}', {
			headers: { 'Content-Type': 'application/json' },
			transformRequest: [(data: unknown) => data],
		});
		expect(broken.status).toBe(400);
		expect(broken.data.Message).toMatch(/Invalid JSON/);
		const longKey = await x.api.put(
			'/Contacts',
			{ Contacts: [{ Name: 'Key Ltd' }] },
			{ headers: { 'Idempotency-Key': 'k'.repeat(129) } },
		);
		expect(longKey.status).toBe(400);
	});

	it('reads null fields as absent, as Xero does', async () => {
		const res = await x.api.put('/Contacts', {
			Contacts: [{ Name: 'Null Fields Ltd', EmailAddress: null, ContactNumber: null }],
		});
		expect(res.status).toBe(200);
		expect(res.data.Contacts[0].EmailAddress).toBeUndefined();
	});

	it('records the element count of wrapped bodies', async () => {
		await x.api.put('/Contacts', {
			Contacts: [{ Name: 'Count A' }, { Name: 'Count B' }, { Name: 'Count C' }],
		});
		const [entry] = x.sandbox.log
			.entries({ method: 'PUT', path: '/api.xro/2.0/Contacts' })
			.slice(-1);
		expect(entry).toMatchObject({ status: 200, elementCount: 3, tenantId: x.uk });
	});
});
