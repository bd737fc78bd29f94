import type { Payment } from '../../core/model';
import { echoBatch, fakeXero, ok } from './xeroFakeApi';

const guid = (n: number | string) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const xeroDate = (ms: number) => `/Date(${ms}+0000)/`;
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);

function paidInvoice(i: number, updated: number) {
	return {
		Type: 'ACCREC',
		InvoiceID: `inv-${i}`,
		InvoiceNumber: `INV-${i}`,
		Status: 'PAID',
		CurrencyCode: 'EUR',
		Contact: { ContactID: 'c1', Name: 'ACME' },
		Date: xeroDate(T0),
		Total: 10,
		AmountPaid: 10,
		AmountDue: 0,
		UpdatedDateUTC: xeroDate(updated),
	};
}

describe('Xero listPaidInvoices', () => {
	it('reads every page until a short one, asks for PAID sales invoices since cursor − overlap, oldest first', async () => {
		// 230 paid invoices: pages of 100, 100, 30; page 2 repeats one from page 1 (it changed mid-scan).
		const all = Array.from({ length: 230 }, (_, i) => paidInvoice(i, T0 + i * 1000));
		const fake = fakeXero({
			'GET /Invoices': (request) => {
				const page = Number(request.query?.page);
				const slice = all.slice((page - 1) * 100, page * 100);
				if (page === 2) slice[0] = all[99];
				return ok({ Invoices: slice });
			},
		});
		const result = await fake.ledger.listPaidInvoices(
			{ since: new Date(T0).toISOString() },
			{ overlapMs: 60_000 },
		);
		const gets = fake.calls('GET', '/Invoices');
		expect(gets.map((g) => g.query?.page)).toEqual([1, 2, 3]);
		expect(gets[0].query).toMatchObject({
			Statuses: 'PAID',
			where: 'Type=="ACCREC"',
			order: 'UpdatedDateUTC ASC',
		});
		expect(gets[0].headers?.['If-Modified-Since']).toBe(new Date(T0 - 60_000).toISOString());
		const ids = result.invoices.map((i) => i.ledgerId);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toHaveLength(229); // inv-100 was displaced by the repeat and is read next scan
		expect(result.cursor.since).toBe(new Date(T0 + 229 * 1000).toISOString());
		expect(result.invoices[0]).toMatchObject({ ledger: 'xero', state: 'paid', totalMinor: 1000 });
	});

	it('keeps the cursor where it was when nothing changed, and skips non-sales or unpaid invoices', async () => {
		const fake = fakeXero({
			'GET /Invoices': () =>
				ok({
					Invoices: [
						{ ...paidInvoice(1, T0 - 5000), Type: 'ACCPAY' },
						{ ...paidInvoice(2, T0 - 4000), Status: 'AUTHORISED' },
					],
				}),
		});
		const since = new Date(T0).toISOString();
		const result = await fake.ledger.listPaidInvoices({ since });
		expect(result.invoices).toEqual([]);
		expect(result.cursor.since).toBe(since);
	});

	it('stops at maxPages', async () => {
		const fake = fakeXero({
			'GET /Invoices': (r) =>
				ok({
					Invoices: Array.from({ length: 100 }, (_, i) =>
						paidInvoice(Number(r.query?.page) * 1000 + i, T0 + i),
					),
				}),
		});
		await fake.ledger.listPaidInvoices({ since: new Date(T0).toISOString() }, { maxPages: 2 });
		expect(fake.calls('GET', '/Invoices')).toHaveLength(2);
	});
});

describe('Xero getPaidInvoicesByIds', () => {
	it('asks by IDs= in chunks of 100 and returns only paid sales invoices, in the order asked', async () => {
		const fake = fakeXero({
			'GET /Invoices': (r) =>
				ok({
					Invoices: String(r.query?.IDs)
						.split(',')
						.map((id) => ({
							...paidInvoice(0, T0),
							InvoiceID: id,
							Status: id.endsWith('7') ? 'AUTHORISED' : 'PAID',
						})),
				}),
		});
		const ids = Array.from({ length: 120 }, (_, i) => guid(i));
		const paid = await fake.ledger.getPaidInvoicesByIds(ids);
		expect(
			fake.calls('GET', '/Invoices').map((g) => String(g.query?.IDs).split(',').length),
		).toEqual([100, 20]);
		expect(paid.map((p) => p.ledgerId)).toEqual(ids.filter((id) => !id.endsWith('7')));
	});
});

describe('Xero upsertContacts', () => {
	const existing = {
		ContactID: 'c-1',
		ContactNumber: 'cus_1',
		Name: 'ACME',
		EmailAddress: 'a@acme.test',
		ContactStatus: 'ACTIVE',
	};

	it('looks all contacts up in one where call and writes nothing when nothing changed', async () => {
		const fake = fakeXero({ 'GET /Contacts': () => ok({ Contacts: [existing] }) });
		const [result] = await fake.ledger.upsertContacts([
			{ sourceId: 'cus_1', name: 'ACME', emails: ['a@acme.test'] },
		]);
		expect(result.action).toBe('unchanged');
		expect(fake.calls('GET', '/Contacts')[0].query?.where).toBe(
			'ContactNumber=="cus_1" OR EmailAddress=="a@acme.test" OR Name=="ACME"',
		);
		expect(fake.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
	});

	it('POSTs only the changed fields with the ContactID; PUTs the new ones; a repeat in the batch is written once', async () => {
		const fake = fakeXero({
			'GET /Contacts': () => ok({ Contacts: [existing] }),
			'POST /Contacts': echoBatch('Contacts', 'ContactID'),
			'PUT /Contacts': echoBatch('Contacts', 'ContactID'),
		});
		const results = await fake.ledger.upsertContacts([
			{ sourceId: 'cus_1', name: 'ACME', phone: '+49 1' },
			{ sourceId: 'cus_2', name: 'Beta' },
			{ sourceId: 'cus_2', name: 'Beta' },
		]);
		expect(results.map((r) => r.action)).toEqual(['updated', 'created', 'unchanged']);
		expect(fake.calls('POST', '/Contacts')[0].body).toEqual({
			Contacts: [{ ContactID: 'c-1', Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: '+49 1' }] }],
		});
		expect(
			(fake.calls('PUT', '/Contacts')[0].body as { Contacts: unknown[] }).Contacts,
		).toHaveLength(1);
	});
});

describe('Xero upsertContacts name clashes', () => {
	it('refuses to take over a same-named contact that belongs to another source id', async () => {
		const fake = fakeXero({
			'GET /Contacts': () =>
				ok({ Contacts: [{ ContactID: guid(1), ContactNumber: 'cus_other', Name: 'ACME' }] }),
		});
		const [result] = await fake.ledger.upsertContacts([{ sourceId: 'cus_new', name: 'acme' }]);
		if (result.action !== 'failed') throw new Error('expected a failure');
		expect(result.error).toMatchObject({ kind: 'conflict', field: 'name', itemIndex: 0 });
		expect(result.error.message).toContain('cus_other');
		expect(fake.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
	});

	it('adopts a same-named contact that has no source id yet', async () => {
		const fake = fakeXero({
			'GET /Contacts': () => ok({ Contacts: [{ ContactID: guid(1), Name: 'ACME' }] }),
			'POST /Contacts': echoBatch('Contacts', 'ContactID'),
		});
		const [result] = await fake.ledger.upsertContacts([{ sourceId: 'cus_new', name: 'ACME' }]);
		expect(result.action).toBe('updated');
		expect(fake.calls('POST', '/Contacts')[0].body).toEqual({
			Contacts: [{ ContactID: guid(1), ContactNumber: 'cus_new' }],
		});
	});
});

describe('Xero recordPayments pre-checks', () => {
	const invoice = (status: string, amountDue: number, payments: unknown[] = []) => ({
		Type: 'ACCREC',
		InvoiceID: guid(status.length),
		InvoiceNumber: `INV-${status}`,
		Status: status,
		CurrencyCode: 'EUR',
		Total: 100,
		AmountDue: amountDue,
		Payments: payments,
	});
	const payment = (invoiceId: string, amountMinor: number, sourceId = 'ch_1'): Payment => ({
		sourceId,
		invoice: { ledgerId: invoiceId },
		amountMinor,
		currency: 'EUR',
		date: '2026-11-05',
		bankAccount: '090',
	});

	it('fails drafts, overpayments and wrong currencies clearly without a PUT; recognises a recorded one', async () => {
		const fake = fakeXero({
			'GET /Invoices': () =>
				ok({
					Invoices: [
						invoice('DRAFT', 100),
						invoice('AUTHORISED', 40, [{ PaymentID: 'p-1', Reference: 'ch_9', Amount: 60 }]),
					],
				}),
		});
		const results = await fake.ledger.recordPayments([
			payment(guid(5), 100),
			payment(guid(10), 4001),
			{ ...payment(guid(10), 100), currency: 'USD' },
			payment(guid(10), 6000, 'ch_9'),
			payment(guid(99), 100),
		]);
		expect(
			results.map((r) => (r.action === 'failed' ? [r.error.kind, r.error.field] : r.action)),
		).toEqual([
			['conflict', 'invoice'],
			['conflict', 'amountMinor'],
			['conflict', 'currency'],
			'unchanged',
			['not_found', 'invoice'],
		]);
		if (results[0].action === 'failed') expect(results[0].error.message).toMatch(/draft/);
		expect(fake.calls('GET', '/Invoices')).toHaveLength(1);
		expect(fake.calls('PUT', '/Payments')).toHaveLength(0);
	});
});

describe('Xero issueCreditNotes', () => {
	it('completes a missing allocation on a credit note that already exists, without issuing another', async () => {
		const fake = fakeXero({
			'GET /Invoices': () =>
				ok({
					Invoices: [
						{
							Type: 'ACCREC',
							InvoiceID: guid(1),
							Status: 'AUTHORISED',
							CurrencyCode: 'EUR',
							Total: 50,
							AmountDue: 50,
						},
					],
				}),
			'GET /CreditNotes': () =>
				ok({
					CreditNotes: [
						{
							Type: 'ACCRECCREDIT',
							CreditNoteID: 'cn-1',
							Reference: 're_1',
							Status: 'AUTHORISED',
							CurrencyCode: 'EUR',
							// The same date and amount as the input: only then is it the same credit note.
							DateString: '2026-11-06T00:00:00',
							Total: 20,
							RemainingCredit: 20,
							Allocations: [],
						},
					],
				}),
			'PUT /CreditNotes/cn-1/Allocations': (r) =>
				ok({ Allocations: (r.body as { Allocations: unknown[] }).Allocations }),
		});
		const [result] = await fake.ledger.issueCreditNotes([
			{
				sourceId: 're_1',
				invoice: { ledgerId: guid(1) },
				date: '2026-11-06',
				currency: 'EUR',
				amountMinor: 2000,
				allocate: true,
			},
		]);
		expect(result.action).toBe('updated');
		if (result.action !== 'failed') expect(result.record.allocatedMinor).toBe(2000);
		expect(fake.calls('PUT', '/CreditNotes')).toHaveLength(0);
		const allocation = fake.calls('PUT', '/CreditNotes/cn-1/Allocations')[0];
		expect(allocation.body).toEqual({
			Allocations: [{ Invoice: { InvoiceID: guid(1) }, Amount: 20, Date: '2026-11-06' }],
		});
		expect(allocation.headers?.['Idempotency-Key']).toMatch(/^xero-allocation-/);
	});
});

describe('Xero ids that cannot exist', () => {
	it('a ledger id that is not a GUID is not found, without failing the rest of the lookup', async () => {
		const fake = fakeXero({
			'GET /Invoices': (r) =>
				ok({
					Invoices: String(r.query?.IDs)
						.split(',')
						.map((id) => ({
							Type: 'ACCREC',
							InvoiceID: id,
							Status: 'AUTHORISED',
							CurrencyCode: 'EUR',
						})),
				}),
		});
		const found = await fake.ledger.findInvoices([{ ledgerId: 'INV-0001' }, { ledgerId: guid(3) }]);
		expect(found.map((f) => f?.ledgerId)).toEqual([undefined, guid(3)]);
		expect(fake.calls('GET', '/Invoices').map((g) => g.query?.IDs)).toEqual([guid(3)]);
	});
});
