import type { Invoice } from '../../core/model';
import { splitBatches } from '../../core/xero/batching';
import { echoBatch, fakeXero, ok } from './xeroFakeApi';

const CONTACT_ID = '11111111-1111-4111-8111-111111111111';

function invoice(i: number, overrides: Partial<Invoice> = {}): Invoice {
	return {
		sourceId: `src-${i}`,
		contact: { ledgerId: CONTACT_ID },
		issueDate: '2026-11-02',
		dueDate: '2026-11-16',
		currency: 'EUR',
		lines: [
			{
				description: `Line ${i}`,
				quantity: 1,
				unitPriceMinor: 1000 + i,
				accountCode: '200',
				taxType: 'OUTPUT2',
			},
		],
		taxMode: 'exclusive',
		status: 'final',
		...overrides,
	};
}

describe('Xero batch splitting', () => {
	it('splits at 50, keeping order', () => {
		const items = Array.from({ length: 120 }, (_, i) => i);
		const batches = splitBatches(items);
		expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
		expect(batches.flat()).toEqual(items);
	});

	it('creates 120 invoices in 3 PUTs of 50, 50 and 20 with summarizeErrors=false', async () => {
		const fake = fakeXero({ 'PUT /Invoices': echoBatch('Invoices', 'InvoiceID') });
		const results = await fake.ledger.createInvoices(
			Array.from({ length: 120 }, (_, i) => invoice(i)),
		);
		const puts = fake.calls('PUT', '/Invoices');
		expect(puts.map((p) => (p.body as { Invoices: unknown[] }).Invoices.length)).toEqual([
			50, 50, 20,
		]);
		for (const put of puts) expect(put.query?.summarizeErrors).toBe(false);
		expect(results.every((r) => r.action === 'created')).toBe(true);
		expect(results.map((r) => r.index)).toEqual(Array.from({ length: 120 }, (_, i) => i));
		// One batched existence lookup per chunk of references, not one per invoice: before the
		// creates, and again after them (the re-check for a concurrent create, core/xero/createRace).
		const firstPut = fake.requests.indexOf(puts[0]);
		const lastPut = fake.requests.indexOf(puts[puts.length - 1]);
		const lookups = (from: number, to: number) =>
			fake.requests.slice(from, to).filter((r) => r.method === 'GET' && r.url.endsWith('/Invoices'));
		expect(lookups(0, firstPut).length).toBeLessThanOrEqual(5);
		expect(lookups(lastPut, fake.requests.length).length).toBeLessThanOrEqual(5);
	});

	it('maps a per-element Xero error back to the caller index and canonical field, past pre-filtered items', async () => {
		const fake = fakeXero({
			'PUT /Invoices': echoBatch('Invoices', 'InvoiceID', (element) =>
				(element.Reference as string) === 'src-3'
					? "Account code '999' is not a valid code for this document."
					: undefined,
			),
		});
		const results = await fake.ledger.createInvoices([
			invoice(0),
			invoice(1, { lines: [] }), // fails before the call: not sent, so Xero's positions shift
			invoice(2),
			invoice(3, {
				lines: [
					{
						description: 'ok',
						quantity: 1,
						unitPriceMinor: 100,
						accountCode: '200',
						taxType: 'OUTPUT2',
					},
					{
						description: 'bad',
						quantity: 1,
						unitPriceMinor: 100,
						accountCode: '999',
						taxType: 'OUTPUT2',
					},
				],
			}),
			invoice(4),
		]);
		const sent = (
			fake.calls('PUT', '/Invoices')[0].body as { Invoices: Array<{ Reference: string }> }
		).Invoices;
		expect(sent.map((i) => i.Reference)).toEqual(['src-0', 'src-2', 'src-3', 'src-4']);
		expect(results.map((r) => r.action)).toEqual([
			'created',
			'failed',
			'created',
			'failed',
			'created',
		]);
		const rejected = results[3];
		if (rejected.action !== 'failed') throw new Error('expected a failure');
		expect(rejected.error.itemIndex).toBe(3);
		expect(rejected.error.field).toBe('lines[1].accountCode');
		expect(rejected.error.vendorMessage).toContain("Account code '999'");
		expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
	});

	it('a whole batch that fails (HTTP 400) fails only its own items; the next batch still goes', async () => {
		let call = 0;
		const echo = echoBatch('Invoices', 'InvoiceID');
		const fake = fakeXero({
			'PUT /Invoices': (request) => {
				call += 1;
				if (call === 1)
					return { status: 400, headers: {}, body: { Message: 'A validation exception occurred' } };
				return echo(request);
			},
		});
		const results = await fake.ledger.createInvoices(
			Array.from({ length: 60 }, (_, i) => invoice(i)),
		);
		expect(
			results.slice(0, 50).every((r) => r.action === 'failed' && r.error.itemIndex === r.index),
		).toBe(true);
		expect(results.slice(50).every((r) => r.action === 'created')).toBe(true);
	});

	it('finds existing invoices in one batched lookup and does not PUT them again', async () => {
		const fake = fakeXero({
			'GET /Invoices': () =>
				ok({
					Invoices: [
						{
							Type: 'ACCREC',
							InvoiceID: 'a1',
							Reference: 'src-1',
							Status: 'AUTHORISED',
							CurrencyCode: 'EUR',
							Total: 10.01,
							// The same content as the input: only then is it `unchanged`.
							Contact: { ContactID: CONTACT_ID },
							DateString: '2026-11-02T00:00:00',
							DueDateString: '2026-11-16T00:00:00',
							LineAmountTypes: 'Exclusive',
							LineItems: [
								{
									Description: 'Line 1',
									Quantity: 1,
									UnitAmount: 10.01,
									AccountCode: '200',
									TaxType: 'OUTPUT2',
								},
							],
						},
					],
				}),
			'PUT /Invoices': echoBatch('Invoices', 'InvoiceID'),
		});
		const results = await fake.ledger.createInvoices([invoice(0), invoice(1)]);
		expect(results.map((r) => r.action)).toEqual(['created', 'unchanged']);
		// One lookup for both, then the re-check of the one created (core/xero/createRace).
		expect(fake.calls('GET', '/Invoices').map((r) => String(r.query?.where))).toEqual([
			'Reference=="src-0" OR Reference=="src-1"',
			'Reference=="src-0"',
		]);
		const sent = (
			fake.calls('PUT', '/Invoices')[0].body as { Invoices: Array<{ Reference: string }> }
		).Invoices;
		expect(sent.map((i) => i.Reference)).toEqual(['src-0']);
	});

	it('looks explicit invoice numbers up with InvoiceNumbers=', async () => {
		const fake = fakeXero({ 'PUT /Invoices': echoBatch('Invoices', 'InvoiceID') });
		await fake.ledger.createInvoices([
			invoice(0, { number: 'INV-9' }),
			invoice(1, { number: 'INV-10' }),
		]);
		const gets = fake.calls('GET', '/Invoices');
		expect(gets).toHaveLength(1);
		expect(gets[0].query?.InvoiceNumbers).toBe('INV-9,INV-10');
	});
});

describe('Xero unit-price decimals', () => {
	it('asks for unitdp=4 only for a batch whose unit prices have more than two decimals', async () => {
		const fake = fakeXero({ 'PUT /Invoices': echoBatch('Invoices', 'InvoiceID') });
		await fake.ledger.createInvoices([invoice(1)]);
		// 10 × KWD 1.002 = 10.020: a line amount Xero's two decimals hold, a unit price they do not.
		const kwdInvoice = invoice(2, { currency: 'KWD', taxMode: 'none' });
		kwdInvoice.lines = [{ ...kwdInvoice.lines[0], quantity: 10, taxType: undefined }];
		await fake.ledger.createInvoices([kwdInvoice]);
		const puts = fake.calls('PUT', '/Invoices');
		expect(puts[0].query?.unitdp).toBeUndefined();
		expect(puts[1].query?.unitdp).toBe(4);
		const kwd = (puts[1].body as { Invoices: Array<{ LineItems: Array<{ UnitAmount: number }> }> })
			.Invoices[0];
		expect(kwd.LineItems[0].UnitAmount).toBe(1.002);
	});
});
