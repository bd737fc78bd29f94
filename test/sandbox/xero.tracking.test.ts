/** The Xero sandbox's tracking categories: listed per spec, and line Tracking validated as Xero does. */
import { salesInvoice, startXero, type XeroFixture } from './xero-client';

let x: XeroFixture;
beforeAll(async () => {
	x = await startXero();
});
afterAll(() => x.sandbox.stop());

const line = (Tracking: unknown) => ({ Description: 'Item', Quantity: 1, UnitAmount: 10, AccountCode: '200', TaxType: 'OUTPUT2', Tracking });

describe('Xero tracking categories', () => {
	it('lists active categories and options; archived ones only with includeArchived=true', async () => {
		const active = await x.api.get('/TrackingCategories');
		expect(active.status).toBe(200);
		expect(active.data.TrackingCategories.map((c: { Name: string; Options: Array<{ Name: string }> }) => [c.Name, c.Options.map((o) => o.Name)])).toEqual([
			['Region', ['North', 'South']],
			['Department', ['Sales', 'Support']],
		]);
		const all = await x.api.get('/TrackingCategories', { params: { includeArchived: 'true' } });
		expect(all.data.TrackingCategories).toHaveLength(3);
	});

	it('stores a line tracked by names with ids, and refuses unknown, archived, duplicate or a third category', async () => {
		const ok = await x.api.put('/Invoices', { Invoices: [salesInvoice('Track Ltd', { LineItems: [line([{ Name: 'Region', Option: 'North' }])] })] });
		expect(ok.status).toBe(200);
		expect(ok.data.Invoices[0].LineItems[0].Tracking[0]).toEqual({
			Name: 'Region',
			Option: 'North',
			TrackingCategoryID: expect.any(String),
			TrackingOptionID: expect.any(String),
		});
		for (const tracking of [
			[{ Name: 'Region', Option: 'East' }],
			[{ Name: 'Region', Option: 'West' }],
			[{ Name: 'Campaign', Option: 'Spring' }],
			[{ Name: 'Region', Option: 'North' }, { Name: 'Region', Option: 'South' }],
			[{ Name: 'Region', Option: 'North' }, { Name: 'Department', Option: 'Sales' }, { Name: 'Region', Option: 'South' }],
		]) {
			const refused = await x.api.put('/Invoices', { Invoices: [salesInvoice('Track Ltd', { LineItems: [line(tracking)] })] });
			expect(refused.status).toBe(400);
		}
	});
});
