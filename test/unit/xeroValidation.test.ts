import type { Contact, CreditNote, Invoice, Payment } from '../../core/model';
import { fakeXero } from './xeroFakeApi';

const invoice = (overrides: Partial<Invoice> = {}): Invoice => ({
	sourceId: 'inv-1',
	contact: { ledgerId: '11111111-1111-4111-8111-111111111111' },
	issueDate: '2026-11-02',
	currency: 'EUR',
	lines: [
		{ description: 'A', quantity: 1, unitPriceMinor: 100, accountCode: '200', taxType: 'OUTPUT2' },
	],
	taxMode: 'exclusive',
	status: 'final',
	...overrides,
});

const failure = (result: {
	action: string;
	error?: { itemIndex?: number; field?: string; kind?: string };
}) =>
	result.action === 'failed'
		? [result.error?.itemIndex, result.error?.field, result.error?.kind]
		: result.action;

describe('Xero pre-call validation', () => {
	it('fails bad invoices with their index and field, sending nothing', async () => {
		const fake = fakeXero({});
		const results = await fake.ledger.createInvoices([
			invoice({ lines: [] }),
			invoice({ lines: [{ description: 'A', quantity: -2, unitPriceMinor: 100 }] }),
			invoice({ lines: [{ description: 'A', quantity: 1, unitPriceMinor: 12.5 }] }),
			invoice({ currency: 'Euro' }),
			invoice({ issueDate: '2026-02-30' }),
			invoice({ dueDate: '2026-11-01' }),
			invoice({ contact: { contact: { sourceId: 'c', name: ' ' } } }),
			invoice({ sourceId: '' }),
		]);
		expect(results.map(failure)).toEqual([
			[0, 'lines', 'validation'],
			[1, 'lines[0].quantity', 'validation'],
			[2, 'lines[0].unitPriceMinor', 'validation'],
			[3, 'currency', 'validation'],
			[4, 'issueDate', 'validation'],
			[5, 'dueDate', 'validation'],
			[6, 'contact.name', 'validation'],
			[7, 'sourceId', 'validation'],
		]);
		expect(fake.requests).toHaveLength(0);
	});

	it('fails bad contacts and payments before any call', async () => {
		const fake = fakeXero({});
		const contacts: Contact[] = [
			{ sourceId: 'a', name: '' },
			{ sourceId: 'b', name: 'B', emails: ['nope'] },
			{ sourceId: 'c', name: 'C', currency: 'eur' },
		];
		expect((await fake.ledger.upsertContacts(contacts)).map(failure)).toEqual([
			[0, 'name', 'validation'],
			[1, 'emails[0]', 'validation'],
			[2, 'currency', 'validation'],
		]);
		const payment = (overrides: Partial<Payment>): Payment => ({
			sourceId: 'p',
			invoice: { ledgerId: 'x' },
			amountMinor: 100,
			currency: 'EUR',
			date: '2026-11-02',
			...overrides,
		});
		expect(
			(
				await fake.ledger.recordPayments([
					payment({ amountMinor: 0 }),
					payment({ amountMinor: -5 }),
					payment({ amountMinor: 1.5 }),
					payment({ date: '02.11.2026' }),
				])
			).map(failure),
		).toEqual([
			[0, 'amountMinor', 'validation'],
			[1, 'amountMinor', 'validation'],
			[2, 'amountMinor', 'validation'],
			[3, 'date', 'validation'],
		]);
		const note: CreditNote = {
			sourceId: 'n',
			invoice: { ledgerId: 'x' },
			date: '2026-11-02',
			currency: 'EUR',
			amountMinor: 100,
			lines: [],
		};
		expect((await fake.ledger.issueCreditNotes([note])).map(failure)).toEqual([
			[0, 'amountMinor', 'validation'],
		]);
		expect(fake.requests).toHaveLength(0);
	});

	it('names the tax type field when a tax rate matches no or several Xero tax types', async () => {
		const fake = fakeXero({
			'GET /TaxRates': () => ({
				status: 200,
				headers: {},
				body: {
					TaxRates: [
						{ TaxType: 'OUTPUT2', EffectiveRate: 20, Status: 'ACTIVE', CanApplyToRevenue: true },
						{ TaxType: 'INPUT2', EffectiveRate: 20, Status: 'ACTIVE', CanApplyToRevenue: false },
						{
							TaxType: 'ZERORATEDOUTPUT',
							EffectiveRate: 0,
							Status: 'ACTIVE',
							CanApplyToRevenue: true,
						},
						{
							TaxType: 'EXEMPTOUTPUT',
							EffectiveRate: 0,
							Status: 'ACTIVE',
							CanApplyToRevenue: true,
						},
					],
				},
			}),
		});
		const line = (taxRatePercent: number) => ({
			description: 'A',
			quantity: 1,
			unitPriceMinor: 100,
			accountCode: '200',
			taxRatePercent,
		});
		const results = await fake.ledger.createInvoices([
			invoice({ sourceId: 'a', lines: [line(20), line(7)] }),
			invoice({ sourceId: 'b', lines: [line(0)] }),
		]);
		expect(results.map(failure)).toEqual([
			[0, 'lines[1].taxType', 'validation'],
			[1, 'lines[0].taxType', 'validation'],
		]);
		if (results[1].action === 'failed')
			expect(results[1].error.message).toMatch(/ZERORATEDOUTPUT, EXEMPTOUTPUT/);
		// Tax rates are read once per ledger instance, not per line.
		expect(fake.calls('GET', '/TaxRates')).toHaveLength(1);
		expect(fake.calls('PUT', '/Invoices')).toHaveLength(0);
	});
});
