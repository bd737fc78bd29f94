import { salesInvoice, startXero, type XeroFixture } from './xero-client';

let x: XeroFixture;
beforeAll(async () => {
	x = await startXero();
});
afterAll(() => x.sandbox.stop());

const line = (overrides: Record<string, unknown>) => ({
	Description: 'Item',
	Quantity: 1,
	AccountCode: '200',
	TaxType: 'OUTPUT2',
	...overrides,
});

describe('Xero invoices', () => {
	it('computes totals per line for Exclusive amounts and auto-numbers INV-0001', async () => {
		const res = await x.api.put('/Invoices', {
			Invoices: [
				salesInvoice('Totals Ltd', {
					LineItems: [
						line({ Quantity: 3, UnitAmount: 9.99 }),
						line({ Quantity: 1, UnitAmount: 0.05 }),
					],
				}),
			],
		});
		expect(res.status).toBe(200);
		const invoice = res.data.Invoices[0];
		// 29.97 * 20% = 5.994 -> 5.99 and 0.05 * 20% = 0.01, rounded per line (not 6.00 on the total).
		expect(invoice.LineItems.map((l: { TaxAmount: number }) => l.TaxAmount)).toEqual([5.99, 0.01]);
		expect(invoice).toMatchObject({
			SubTotal: 30.02,
			TotalTax: 6,
			Total: 36.02,
			AmountDue: 36.02,
			Status: 'AUTHORISED',
		});
		expect(invoice.InvoiceNumber).toBe('INV-0001');
		expect(invoice.Date).toBe(`/Date(${Date.UTC(2026, 0, 15)}+0000)/`);
		expect(invoice.Contact.Name).toBe('Totals Ltd');
		// Naming a new contact on an invoice creates it, as Xero does.
		expect(x.sandbox.xero.contacts(x.uk).find((c) => c.Name === 'Totals Ltd')?.IsCustomer).toBe(
			true,
		);
	});

	it('computes Inclusive and NoTax totals', async () => {
		const inclusive = await x.api.put('/Invoices', {
			Invoices: [
				salesInvoice('Totals Ltd', {
					LineAmountTypes: 'Inclusive',
					LineItems: [line({ UnitAmount: 10 })],
				}),
			],
		});
		expect(inclusive.data.Invoices[0]).toMatchObject({ SubTotal: 8.33, TotalTax: 1.67, Total: 10 });
		const noTax = await x.api.put('/Invoices', {
			Invoices: [
				salesInvoice('Totals Ltd', {
					LineAmountTypes: 'NoTax',
					LineItems: [line({ UnitAmount: 10 })],
				}),
			],
		});
		expect(noTax.data.Invoices[0]).toMatchObject({ SubTotal: 10, TotalTax: 0, Total: 10 });
	});

	it('keeps 4 decimals on UnitAmount only with unitdp=4', async () => {
		const body = {
			Invoices: [
				salesInvoice('Totals Ltd', {
					Status: 'DRAFT',
					LineItems: [line({ Quantity: 100, UnitAmount: 0.1234 })],
				}),
			],
		};
		const two = await x.api.put('/Invoices', body);
		expect(two.data.Invoices[0].LineItems[0]).toMatchObject({ UnitAmount: 0.12, LineAmount: 12 });
		const four = await x.api.put('/Invoices?unitdp=4', body);
		expect(four.data.Invoices[0].LineItems[0]).toMatchObject({
			UnitAmount: 0.1234,
			LineAmount: 12.34,
		});
		const id = four.data.Invoices[0].InvoiceID;
		const readBack = await x.api.get(`/Invoices/${id}`);
		expect(readBack.data.Invoices[0].LineItems[0]).toMatchObject({ UnitAmount: 0.12, LineAmount: 12.34 });
		const readBack4 = await x.api.get(`/Invoices/${id}`, { params: { unitdp: 4 } });
		expect(readBack4.data.Invoices[0].LineItems[0].UnitAmount).toBe(0.1234);
		// Approving it later without unitdp leaves the stored 4-decimal price alone.
		await x.api.post(`/Invoices/${id}`, { Invoices: [{ Status: 'AUTHORISED' }] });
		const approved = x.sandbox.xero.invoices(x.uk).find((i) => i.InvoiceID === id);
		expect(approved?.LineItems[0]).toMatchObject({ UnitAmount: 0.1234, LineAmount: 12.34 });
	});

	it('rejects a duplicate InvoiceNumber, an unknown AccountCode and a TaxType of another region', async () => {
		const first = await x.api.put('/Invoices', {
			Invoices: [salesInvoice('Numbers Ltd', { InvoiceNumber: 'SO-100' })],
		});
		expect(first.status).toBe(200);
		const dup = await x.api.put('/Invoices', {
			Invoices: [salesInvoice('Numbers Ltd', { InvoiceNumber: 'so-100' })],
		});
		expect(dup.status).toBe(400);
		expect(dup.data.Elements[0].ValidationErrors[0].Message).toBe('Invoice # must be unique.');

		const badAccount = await x.api.put('/Invoices', {
			Invoices: [
				salesInvoice('Numbers Ltd', { LineItems: [line({ UnitAmount: 1, AccountCode: '999' })] }),
			],
		});
		expect(badAccount.status).toBe(400);
		expect(badAccount.data.Elements[0].ValidationErrors[0].Message).toMatch(/Account code '999'/);

		// OUTPUT2 is a UK tax type: the AU org has OUTPUT (10% GST) instead.
		const auWrong = await x.api.put(
			'/Invoices',
			{ Invoices: [salesInvoice('Aussie Pty')] },
			{ headers: { 'xero-tenant-id': x.au } },
		);
		expect(auWrong.status).toBe(400);
		expect(auWrong.data.Elements[0].ValidationErrors[0].Message).toMatch(/TaxType code 'OUTPUT2'/);
		const auRight = await x.api.put(
			'/Invoices',
			{
				Invoices: [
					salesInvoice('Aussie Pty', { LineItems: [line({ UnitAmount: 100, TaxType: 'OUTPUT' })] }),
				],
			},
			{ headers: { 'xero-tenant-id': x.au } },
		);
		expect(auRight.status).toBe(200);
		expect(auRight.data.Invoices[0]).toMatchObject({
			CurrencyCode: 'AUD',
			TotalTax: 10,
			Total: 110,
		});
		// The AU org's contact was created there, not in the UK org.
		expect(x.sandbox.xero.contacts(x.uk).some((c) => c.Name === 'Aussie Pty')).toBe(false);
	});

	it('needs AccountCode on approved lines but not on drafts, and rejects archived accounts', async () => {
		const noAccount = [{ Description: 'x', Quantity: 1, UnitAmount: 5 }];
		const draft = await x.api.put('/Invoices', {
			Invoices: [salesInvoice('Draft Co', { Status: 'DRAFT', LineItems: noAccount })],
		});
		expect(draft.status).toBe(200);
		const approved = await x.api.put('/Invoices', {
			Invoices: [salesInvoice('Draft Co', { LineItems: noAccount })],
		});
		expect(approved.status).toBe(400);
		const archived = await x.api.put('/Invoices', {
			Invoices: [
				salesInvoice('Draft Co', { LineItems: [line({ UnitAmount: 1, AccountCode: '201' })] }),
			],
		});
		expect(archived.data.Elements[0].ValidationErrors[0].Message).toMatch(/archived/);
	});

	it('follows the status flow: DRAFT -> AUTHORISED -> VOIDED, never back to DRAFT', async () => {
		const created = await x.api.put('/Invoices', {
			Invoices: [salesInvoice('Flow Ltd', { Status: 'DRAFT' })],
		});
		const id = created.data.Invoices[0].InvoiceID;
		const approve = await x.api.post(`/Invoices/${id}`, { Invoices: [{ Status: 'AUTHORISED' }] });
		expect(approve.data.Invoices[0].Status).toBe('AUTHORISED');
		const back = await x.api.post('/Invoices', { Invoices: [{ InvoiceID: id, Status: 'DRAFT' }] });
		expect(back.status).toBe(400);
		const paid = await x.api.put('/Invoices', {
			Invoices: [salesInvoice('Flow Ltd', { Status: 'PAID' })],
		});
		expect(paid.status).toBe(400);
		const voided = await x.api.post(`/Invoices/${id}`, { Invoices: [{ Status: 'VOIDED' }] });
		expect(voided.data.Invoices[0].Status).toBe('VOIDED');
		const edit = await x.api.post(`/Invoices/${id}`, { Invoices: [{ Reference: 'too late' }] });
		expect(edit.status).toBe(400);
	});

	it('filters invoices with where, InvoiceNumbers, Statuses and ContactIDs, omitting lines unless paged', async () => {
		const contact = await x.api.put('/Contacts', { Contacts: [{ Name: 'Filter Target' }] });
		const contactId = contact.data.Contacts[0].ContactID;
		await x.api.put('/Invoices', {
			Invoices: [
				salesInvoice('Filter Target', {
					Contact: { ContactID: contactId },
					InvoiceNumber: 'F-1',
					Reference: 'order-77',
				}),
				salesInvoice('Filter Target', {
					Contact: { ContactID: contactId },
					InvoiceNumber: 'F-2',
					Status: 'DRAFT',
				}),
			],
		});
		const where = `Type=="ACCREC" AND Contact.ContactID==guid("${contactId}") AND Status=="AUTHORISED"`;
		const byWhere = await x.api.get('/Invoices', { params: { where } });
		expect(byWhere.data.Invoices.map((i: { InvoiceNumber: string }) => i.InvoiceNumber)).toEqual([
			'F-1',
		]);
		expect(byWhere.data.Invoices[0].LineItems).toBeUndefined();
		const paged = await x.api.get('/Invoices', { params: { where, page: 1 } });
		expect(paged.data.Invoices[0].LineItems).toHaveLength(1);

		const byReference = await x.api.get('/Invoices', {
			params: { where: 'Reference=="order-77"' },
		});
		expect(byReference.data.Invoices).toHaveLength(1);
		const byNumbers = await x.api.get('/Invoices', { params: { InvoiceNumbers: 'F-1,F-2' } });
		expect(byNumbers.data.Invoices).toHaveLength(2);
		const byStatus = await x.api.get('/Invoices', {
			params: { ContactIDs: contactId, Statuses: 'DRAFT' },
		});
		expect(byStatus.data.Invoices.map((i: { InvoiceNumber: string }) => i.InvoiceNumber)).toEqual([
			'F-2',
		]);
		const byNumberPath = await x.api.get('/Invoices/F-2');
		expect(byNumberPath.data.Invoices[0].Status).toBe('DRAFT');
	});

	it('serves the seeded settings: accounts, tax rates, organisation and currencies per region', async () => {
		const accounts = await x.api.get('/Accounts', { params: { where: 'Type=="BANK"' } });
		expect(accounts.data.Accounts.map((a: { Code: string }) => a.Code)).toContain('090');
		const ukRates = await x.api.get('/TaxRates');
		expect(ukRates.data.TaxRates.map((t: { TaxType: string }) => t.TaxType)).toEqual(
			expect.arrayContaining(['OUTPUT2', 'ZERORATEDOUTPUT', 'NONE']),
		);
		const auRates = await x.api.get('/TaxRates', { headers: { 'xero-tenant-id': x.au } });
		expect(
			auRates.data.TaxRates.find((t: { TaxType: string }) => t.TaxType === 'OUTPUT').EffectiveRate,
		).toBe(10);
		const org = await x.api.get('/Organisation', { headers: { 'xero-tenant-id': x.au } });
		expect(org.data.Organisations[0]).toMatchObject({ BaseCurrency: 'AUD', CountryCode: 'AU' });
		const currencies = await x.api.get('/Currencies');
		expect(currencies.data.Currencies.map((c: { Code: string }) => c.Code)).toEqual([
			'GBP',
			'EUR',
			'USD',
			'JPY',
		]);
		const foreign = await x.api.put('/Invoices', {
			Invoices: [salesInvoice('Euro GmbH', { CurrencyCode: 'EUR' })],
		});
		expect(foreign.data.Invoices[0].CurrencyCode).toBe('EUR');
		const notEnabled = await x.api.put('/Invoices', {
			Invoices: [salesInvoice('Franken AG', { CurrencyCode: 'CHF' })],
		});
		expect(notEnabled.status).toBe(400);
	});
});

describe('Xero org-local defaults', () => {
	let y: XeroFixture;
	// 15:00 UTC on 30 June: already 1 July in Sydney, still 30 June in London.
	beforeAll(async () => {
		y = await startXero({ startAt: Date.UTC(2026, 5, 30, 15, 0) });
	});
	afterAll(() => y.sandbox.stop());

	it('defaults Date to the organisation\'s local today', async () => {
		const draft = { Type: 'ACCREC', Contact: { Name: 'Zone Ltd' }, Status: 'DRAFT', LineItems: [] };
		const uk = await y.api.put('/Invoices', { Invoices: [draft] });
		const au = await y.api.put('/Invoices', { Invoices: [draft] }, { headers: { 'xero-tenant-id': y.au } });
		expect(uk.data.Invoices[0].DateString).toBe('2026-06-30T00:00:00');
		expect(au.data.Invoices[0].DateString).toBe('2026-07-01T00:00:00');
	});

	it('applies a default exchange rate to foreign-currency invoices unless one is given', async () => {
		const eur = await y.api.put('/Invoices', { Invoices: [salesInvoice('Euro SARL', { CurrencyCode: 'EUR' })] });
		expect(eur.data.Invoices[0].CurrencyRate).toBe(1.15);
		const given = await y.api.put('/Invoices', {
			Invoices: [salesInvoice('Euro SARL', { CurrencyCode: 'EUR', CurrencyRate: 1.2 })],
		});
		expect(given.data.Invoices[0].CurrencyRate).toBe(1.2);
		const base = await y.api.put('/Invoices', { Invoices: [salesInvoice('Euro SARL')] });
		expect(base.data.Invoices[0].CurrencyRate).toBe(1);
	});
});

describe('Xero amounts: two decimals whatever the currency', () => {
	// Xero keeps LineAmount, TaxAmount and totals to two decimals for every currency (only UnitAmount
	// may have four, with unitdp=4): not the currency's own exponent (JPY 0, KWD 3).
	let z: XeroFixture;
	beforeAll(async () => {
		z = await startXero({ xeroOrganisations: ['uk', 'nz'] });
	});
	afterAll(() => z.sandbox.stop());
	const nz = () => z.sandbox.xero.tenants[1].tenantId;

	it('JPY: fractions of a yen are kept to two decimals, not rounded to whole yen', async () => {
		const res = await z.api.put('/Invoices', {
			Invoices: [
				salesInvoice('Yen KK', {
					CurrencyCode: 'JPY',
					LineItems: [line({ Quantity: 1.5, UnitAmount: 333 })],
				}),
			],
		});
		expect(res.status).toBe(200);
		// 1.5 × 333 = 499.50; 20 % = 99.90.
		expect(res.data.Invoices[0].LineItems[0]).toMatchObject({ LineAmount: 499.5, TaxAmount: 99.9 });
		expect(res.data.Invoices[0]).toMatchObject({ SubTotal: 499.5, TotalTax: 99.9, Total: 599.4 });
	});

	it('KWD: a three-decimal unit price makes a two-decimal line amount and tax', async () => {
		const res = await z.api.put(
			'/Invoices',
			{
				Invoices: [
					salesInvoice('Dinar WLL', {
						CurrencyCode: 'KWD',
						LineItems: [line({ UnitAmount: 12.345 })],
					}),
				],
			},
			{ params: { unitdp: 4 }, headers: { 'xero-tenant-id': nz() } },
		);
		expect(res.status).toBe(200);
		const invoice = res.data.Invoices[0];
		// 12.345 → 12.35 (never 12.345); 15 % GST of 12.35 = 1.8525 → 1.85.
		expect(invoice.LineItems[0]).toMatchObject({ UnitAmount: 12.345, LineAmount: 12.35, TaxAmount: 1.85 });
		expect(invoice).toMatchObject({ SubTotal: 12.35, TotalTax: 1.85, Total: 14.2 });
	});
});

describe('Xero test mode: ignored line fields', () => {
	it('drops the fields on every document write, so the total is computed without them', async () => {
		x.sandbox.xero.ignoreLineFields(x.uk, ['DiscountRate']);
		try {
			const res = await x.api.put('/Invoices', {
				Invoices: [salesInvoice('Ignored Ltd', { LineItems: [line({ UnitAmount: 100, DiscountRate: 10 })] })],
			});
			expect(res.data.Invoices[0]).toMatchObject({ SubTotal: 100, Total: 120 });
			expect(res.data.Invoices[0].LineItems[0].DiscountRate).toBeUndefined();
		} finally {
			x.sandbox.xero.ignoreLineFields(x.uk, []);
		}
		const normal = await x.api.put('/Invoices', {
			Invoices: [salesInvoice('Ignored Ltd', { LineItems: [line({ UnitAmount: 100, DiscountRate: 10 })] })],
		});
		expect(normal.data.Invoices[0]).toMatchObject({ SubTotal: 90, Total: 108 });
	});
});
