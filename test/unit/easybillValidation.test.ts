import { createEasyBillLedger } from '../../core/easybill';
import { LedgerError } from '../../core/errors';
import type { Invoice } from '../../core/model';
import type { HttpRequest, HttpResponse } from '../../core/transport';
import { virtualClock } from '../helpers/http';

function ledgerWithoutNetwork() {
	const sent: HttpRequest[] = [];
	const send = async (request: HttpRequest): Promise<HttpResponse> => {
		sent.push(request);
		return {
			status: 200,
			headers: {},
			body: { page: 1, pages: 1, limit: 1000, total: 0, items: [] },
		};
	};
	return {
		sent,
		ledger: createEasyBillLedger({
			send,
			clock: virtualClock(),
			baseUrl: 'http://eb.test/rest/v1',
		}),
	};
}

const goodInvoice: Invoice = {
	sourceId: 'in_1',
	contact: { ledgerId: '100001' },
	issueDate: '2026-03-28',
	currency: 'EUR',
	taxMode: 'exclusive',
	status: 'draft',
	lines: [{ description: 'Plan', quantity: 1, unitPriceMinor: 1000, taxRatePercent: 19 }],
};

function failure(result: { action: string; error?: LedgerError }): LedgerError {
	expect(result.action).toBe('failed');
	return result.error as LedgerError;
}

describe('EasyBill validates input before any API call', () => {
	it.each([
		['empty lines', { lines: [] }, 'lines'],
		[
			'a negative quantity',
			{ lines: [{ description: 'x', quantity: -1, unitPriceMinor: 1, taxRatePercent: 19 }] },
			'lines[0].quantity',
		],
		[
			'an empty line description',
			{ lines: [{ description: ' ', quantity: 1, unitPriceMinor: 1, taxRatePercent: 19 }] },
			'lines[0].description',
		],
		[
			'a fractional cent price',
			{ lines: [{ description: 'x', quantity: 1, unitPriceMinor: 1.5, taxRatePercent: 19 }] },
			'lines[0].unitPriceMinor',
		],
		[
			'a missing VAT rate',
			{ lines: [{ description: 'x', quantity: 1, unitPriceMinor: 1 }] },
			'lines[0].taxRatePercent',
		],
		['a bad currency', { currency: 'euro' }, 'currency'],
		['a bad issue date', { issueDate: '2026-02-30' }, 'issueDate'],
		['a due date before the issue date', { dueDate: '2026-03-01' }, 'dueDate'],
		[
			'an inline contact without a name',
			{ contact: { contact: { sourceId: 'c', name: '' } } },
			'contact.name',
		],
		['an empty source id', { sourceId: '' }, 'sourceId'],
	])(
		'refuses an invoice with %s, naming the item index and field',
		async (_what, change, field) => {
			const { ledger, sent } = ledgerWithoutNetwork();
			const results = await ledger.createInvoices([{ ...goodInvoice, ...change } as Invoice]);
			const error = failure(results[0]);
			expect(error).toMatchObject({ kind: 'validation', itemIndex: 0, field });
			expect(error.message).toContain(field);
			expect(sent).toEqual([]);
		},
	);

	it('pins the index of the bad item in a mixed batch and checks the good one only', async () => {
		const { ledger, sent } = ledgerWithoutNetwork();
		const results = await ledger.createInvoices([
			{ ...goodInvoice, lines: [] },
			{ ...goodInvoice, sourceId: 'in_2', issueDate: 'yesterday' },
		]);
		expect(results.map((r) => r.action)).toEqual(['failed', 'failed']);
		expect(failure(results[0]).itemIndex).toBe(0);
		expect(failure(results[1])).toMatchObject({ itemIndex: 1, field: 'issueDate' });
		expect(sent).toEqual([]);
	});

	it('refuses contacts with no name, more than three e-mails or a bad address', async () => {
		const { ledger, sent } = ledgerWithoutNetwork();
		const results = await ledger.upsertContacts([
			{ sourceId: 'c1', name: '  ' },
			{ sourceId: 'c2', name: 'A', emails: ['a@x.de', 'b@x.de', 'c@x.de', 'd@x.de'] },
			{ sourceId: 'c3', name: 'A', emails: ['not-an-address'] },
		]);
		expect(
			results.map((r) => (r.action === 'failed' ? [r.error.itemIndex, r.error.field] : r.action)),
		).toEqual([
			[0, 'name'],
			[1, 'emails'],
			[2, 'emails[0]'],
		]);
		expect(sent).toEqual([]);
	});

	it('refuses payments whose amount is not positive or whose date is not a date', async () => {
		const { ledger, sent } = ledgerWithoutNetwork();
		const base = {
			sourceId: 'p',
			invoice: { ledgerId: '500001' },
			currency: 'EUR',
			date: '2026-04-01',
		};
		const results = await ledger.recordPayments([
			{ ...base, amountMinor: 0 },
			{ ...base, amountMinor: -5 },
			{ ...base, amountMinor: 100, date: '01.04.2026' },
			{ ...base, amountMinor: 100, invoice: { ledgerId: '4f6a-guid' } },
		]);
		expect(results.map((r) => (r.action === 'failed' ? r.error.field : r.action))).toEqual([
			'amountMinor',
			'amountMinor',
			'date',
			'invoice.ledgerId',
		]);
		expect(sent).toEqual([]);
	});

	it('refuses a credit with a non-positive amount, or with both lines and an amount', async () => {
		const { ledger, sent } = ledgerWithoutNetwork();
		const base = {
			sourceId: 'cn',
			invoice: { sourceId: 'in_1' },
			currency: 'EUR',
			date: '2026-04-01',
		};
		const results = await ledger.issueCreditNotes([
			{ ...base, amountMinor: 0 },
			{
				...base,
				amountMinor: 100,
				lines: [{ description: 'x', quantity: 1, unitPriceMinor: 100 }],
			},
			{ ...base, lines: [] },
		]);
		expect(results.map((r) => (r.action === 'failed' ? r.error.field : r.action))).toEqual([
			'amountMinor',
			'amountMinor',
			'lines',
		]);
		expect(sent).toEqual([]);
	});

	it('takes ISO timestamps as the Europe/Berlin calendar date', async () => {
		const { ledger, sent } = ledgerWithoutNetwork();
		// 23:30 UTC on 28 March is already 29 March in Berlin.
		await ledger.createInvoices([{ ...goodInvoice, issueDate: '2026-03-28T23:30:00Z' }]);
		const post = sent.find((r) => r.method === 'POST');
		expect(post?.body).toMatchObject({ document_date: '2026-03-29' });
	});
});
