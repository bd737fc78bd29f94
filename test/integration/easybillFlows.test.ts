/**
 * End-to-end EasyBill flows against the emulator: totals EasyBill computes agree with ours, comma
 * values survive lookups, credits with allocation and refund, the trigger's reads and webhooks.
 * Every request must pass EasyBill's Swagger contract (no specErrors in the sandbox log).
 */
import { createEasyBillLedger, type EasyBillLedger } from '../../core/easybill';
import { documentTotals } from '../../core/money';
import type { Invoice, InvoiceRecord, ItemResult } from '../../core';
import { startSandbox, type Sandbox } from '../../sandbox';
import { httpSend, scaledClock } from '../helpers/http';

const TIME_SCALE = 60;
let sandbox: Sandbox;
let ledger: EasyBillLedger;

beforeAll(async () => {
	sandbox = await startSandbox({ easybillPerMinute: 60, timeScale: TIME_SCALE });
	const apiKey = sandbox.easybill.apiKey;
	ledger = createEasyBillLedger({
		send: httpSend({ headers: () => ({ Authorization: `Bearer ${apiKey}` }) }),
		clock: scaledClock(sandbox.clock, TIME_SCALE),
		baseUrl: sandbox.urls.easybill,
		perMinute: 60,
		pacingMarginMs: 100 * TIME_SCALE,
		secrets: [apiKey],
	});
});

afterAll(async () => {
	const entries = sandbox.log.entries({ service: 'easybill' });
	await sandbox.stop();
	expect(entries.length).toBeGreaterThan(0);
	expect(entries.filter((e) => e.specErrors?.length)).toEqual([]);
});

function created<T>(result: ItemResult<T>): Extract<ItemResult<T>, { ledgerId: string }> {
	if (result.action === 'failed') throw result.error;
	return result;
}

let seq = 0;
const invoice = (overrides: Partial<Invoice> = {}): Invoice => {
	seq += 1;
	return {
		sourceId: `flow-inv-${seq}`,
		contact: {
			contact: {
				sourceId: `flow-cus-${seq}`,
				name: `Flow ${seq} GmbH`,
				emails: [`flow${seq}@example.com`],
			},
		},
		issueDate: '2026-11-02',
		dueDate: '2026-11-30',
		currency: 'EUR',
		taxMode: 'exclusive',
		status: 'final',
		lines: [
			{
				description: 'Seats',
				quantity: 3,
				unitPriceMinor: 1999,
				taxRatePercent: 19,
				discountPercent: 12.5,
			},
			{ description: 'E-book', quantity: 1.25, unitPriceMinor: 999, taxRatePercent: 7 },
		],
		...overrides,
	};
};

describe('EasyBill flows (sandbox)', () => {
	it.each(['exclusive', 'inclusive'] as const)(
		'EasyBill totals a %s-tax invoice exactly as the canonical line rounding',
		async (taxMode) => {
			const input = invoice({ taxMode });
			const { record } = created((await ledger.createInvoices([input]))[0]);
			const expected = documentTotals(input.lines, taxMode);
			expect({ net: record.subtotalMinor, tax: record.taxMinor, gross: record.totalMinor }).toEqual(
				{
					net: expected.netMinor,
					tax: expected.taxMinor,
					gross: expected.grossMinor,
				},
			);
			expect(record).toMatchObject({
				state: 'open',
				issueDate: '2026-11-02',
				dueDate: '2026-11-30',
				sourceId: input.sourceId,
			});
			expect(record.number).toMatch(/\S/);
		},
	);

	it('finds a customer whose number holds a comma (escaped list filter) instead of creating it twice', async () => {
		// No e-mail: the number and the name (both with commas) are the only ways to find it again.
		const contact = {
			sourceId: 'acct,42',
			name: 'Müller, Schmidt & Co. GmbH',
			phone: '+49 30 555',
		};
		expect((await ledger.upsertContacts([contact]))[0].action).toBe('created');
		sandbox.log.clear();
		expect((await ledger.upsertContacts([contact]))[0].action).toBe('unchanged');
		const lookup = sandbox.log.entries({
			service: 'easybill',
			method: 'GET',
			path: /\/customers$/,
		})[0];
		expect(decodeURIComponent(lookup.query)).toContain('number=acct\\,42');
		expect(sandbox.easybill.customers().filter((c) => c.number === 'acct,42')).toHaveLength(1);
		expect(sandbox.easybill.customers().find((c) => c.number === 'acct,42')).toMatchObject({
			company_name: 'Müller, Schmidt & Co. GmbH',
			phone_1: '+49 30 555',
		});
	});

	it('looks up 400 long source ids in a few chunked requests, none over the request-line limit', async () => {
		const first = created((await ledger.createInvoices([invoice()]))[0]);
		sandbox.log.clear();
		const refs = Array.from({ length: 400 }, (_, i) => ({
			sourceId: `stripe-invoice-in_1Q2w3E4r5T6y7U8i9O0p-${i}`,
		}));
		refs[399] = { sourceId: first.record.sourceId as string };
		const found = await ledger.findInvoices(refs);
		expect(found.slice(0, 399).every((f) => f === undefined)).toBe(true);
		expect(found[399]?.ledgerId).toBe(first.ledgerId);
		const gets = sandbox.log.entries({ service: 'easybill', method: 'GET', path: /\/documents$/ });
		expect(gets.length).toBeGreaterThan(1);
		expect(gets.length).toBeLessThan(10);
		expect(gets.filter((e) => e.status !== 200)).toEqual([]);
		const [byNumber] = await ledger.findInvoices([{ number: first.record.number as string }]);
		expect(byNumber?.ledgerId).toBe(first.ledgerId);
	});

	it('finalises a draft left by an interrupted run when the invoice is asked for again as final', async () => {
		const input = invoice({ status: 'draft' });
		const draft = created((await ledger.createInvoices([input]))[0]);
		expect(draft.record.state).toBe('draft');
		const again = created((await ledger.createInvoices([{ ...input, status: 'final' }]))[0]);
		expect(again).toMatchObject({ action: 'updated', ledgerId: draft.ledgerId });
		expect(again.record.state).toBe('open');
	});

	it('credits part of a paid invoice and refunds it as a payment on the CREDIT document', async () => {
		const inv = created((await ledger.createInvoices([invoice()]))[0]);
		await sandbox.easybill.payDocument(Number(inv.ledgerId));
		const note = {
			sourceId: 'flow-cn-refund',
			invoice: { ledgerId: inv.ledgerId },
			date: '2026-11-06',
			currency: 'EUR',
			amountMinor: 1000,
			refund: { date: '2026-11-07', reference: 'bank-77' },
		};
		const credit = created((await ledger.issueCreditNotes([note]))[0]);
		expect(credit.record).toMatchObject({
			totalMinor: 1000,
			allocatedMinor: 0,
			refundedMinor: 1000,
			invoiceLedgerId: inv.ledgerId,
		});
		const doc = sandbox.easybill.documents().find((d) => String(d.id) === credit.ledgerId);
		expect(doc).toMatchObject({
			type: 'CREDIT',
			ref_id: Number(inv.ledgerId),
			external_id: 'flow-cn-refund',
			is_draft: false,
			amount: 1000,
		});
		const refunds = sandbox.easybill
			.payments()
			.filter((p) => String(p.document_id) === credit.ledgerId);
		expect(refunds).toMatchObject([
			{
				amount: 1000,
				payment_at: '2026-11-07',
				reference: 'refund:flow-cn-refund',
				notice: 'bank-77',
			},
		]);
		expect((await ledger.issueCreditNotes([note]))[0].action).toBe('unchanged');
		expect(
			sandbox.easybill.payments().filter((p) => String(p.document_id) === credit.ledgerId),
		).toHaveLength(1);
	});

	it('allocates what the invoice still owes and refunds the rest of the credit', async () => {
		const inv = created((await ledger.createInvoices([invoice()]))[0]);
		const total = inv.record.totalMinor;
		await ledger.recordPayments([
			{
				sourceId: 'flow-pay-part',
				invoice: { ledgerId: inv.ledgerId },
				amountMinor: total - 500,
				currency: 'EUR',
				date: '2026-11-05',
			},
		]);
		const credit = created(
			(
				await ledger.issueCreditNotes([
					{
						sourceId: 'flow-cn-both',
						invoice: { sourceId: inv.record.sourceId as string },
						date: '2026-11-06',
						currency: 'EUR',
						amountMinor: 2000,
						allocate: true,
						refund: { date: '2026-11-06' },
					},
				])
			)[0],
		);
		expect(credit.record).toMatchObject({
			totalMinor: 2000,
			allocatedMinor: 500,
			refundedMinor: 1500,
		});
		const [after] = await ledger.findInvoices([{ ledgerId: inv.ledgerId }]);
		expect(after).toMatchObject({ amountDueMinor: 0, state: 'paid' });
	});

	it('refuses a credit that would take the invoice past its total, counting earlier credits', async () => {
		const inv = created((await ledger.createInvoices([invoice()]))[0]);
		const part = Math.ceil(inv.record.totalMinor * 0.6);
		const note = (sourceId: string) => ({
			sourceId,
			invoice: { ledgerId: inv.ledgerId },
			date: '2026-11-06',
			currency: 'EUR',
			amountMinor: part,
		});
		const [first, second] = await ledger.issueCreditNotes([
			note('flow-cn-60a'),
			note('flow-cn-60b'),
		]);
		expect(first.action).toBe('created');
		expect(second.action === 'failed' && second.error).toMatchObject({
			kind: 'conflict',
			field: 'amountMinor',
			itemIndex: 1,
		});
		expect(second.action === 'failed' && second.error.message).toMatch(/credited already/);
		const credits = sandbox.easybill.documents().filter((d) => d.ref_id === Number(inv.ledgerId));
		expect(credits).toHaveLength(1);
	});

	it('refuses to allocate a credit to an invoice with nothing left to pay, before creating the credit', async () => {
		const inv = created((await ledger.createInvoices([invoice()]))[0]);
		await sandbox.easybill.payDocument(Number(inv.ledgerId));
		const before = sandbox.easybill.documents().length;
		const [result] = await ledger.issueCreditNotes([
			{
				sourceId: 'flow-cn-none',
				invoice: { ledgerId: inv.ledgerId },
				date: '2026-11-06',
				currency: 'EUR',
				amountMinor: 100,
				allocate: true,
			},
		]);
		expect(result.action).toBe('failed');
		if (result.action === 'failed')
			expect(result.error).toMatchObject({ kind: 'conflict', field: 'allocate', itemIndex: 0 });
		expect(sandbox.easybill.documents()).toHaveLength(before);
	});

	it('gives the trigger paid invoices by id, a part-paid state, and a paid listing from the cursor', async () => {
		const since = new Date(sandbox.clock.now() - 1000).toISOString();
		const [paid, partial] = (await ledger.createInvoices([invoice(), invoice()])).map(created);
		await sandbox.easybill.payDocument(Number(paid.ledgerId));
		await sandbox.easybill.payDocument(Number(partial.ledgerId), 700);
		const byIds = await ledger.getPaidInvoicesByIds([paid.ledgerId, partial.ledgerId, '999999']);
		expect(byIds.map((p) => p.ledgerId)).toEqual([paid.ledgerId]);
		expect(byIds[0]).toMatchObject({
			ledger: 'easybill',
			state: 'paid',
			amountPaidMinor: paid.record.totalMinor,
			amountDueMinor: 0,
		});
		expect(byIds[0].payments).toHaveLength(1);
		expect(byIds[0].contact).toMatchObject({
			ledgerId: paid.record.contact.ledgerId,
			email: expect.stringContaining('@example.com'),
		});
		const state = (await ledger.getInvoiceState(partial.ledgerId)) as InvoiceRecord;
		expect(state).toMatchObject({
			state: 'open',
			amountPaidMinor: 700,
			amountDueMinor: partial.record.totalMinor - 700,
		});
		expect(await ledger.getInvoiceState('999999')).toBeUndefined();
		const page = await ledger.listPaidInvoices({ since }, { overlapMs: 0 });
		const listed = page.invoices.map((i) => i.ledgerId);
		expect(listed).toContain(paid.ledgerId);
		expect(listed).not.toContain(partial.ledgerId);
		expect(Date.parse(page.cursor.since)).toBeGreaterThanOrEqual(Date.parse(since));
	});

	it('registers, reads and deletes a webhook; a deleted one reads as undefined', async () => {
		const { id } = await ledger.registerWebhook({
			url: 'http://127.0.0.1:9/hook/tok123',
			events: ['document.payment_add'],
			secret: 's3cret-value',
			description: 'n8n Invoice Paid',
		});
		expect(await ledger.getWebhook(id)).toEqual({
			id,
			url: 'http://127.0.0.1:9/hook/tok123',
			events: ['document.payment_add'],
		});
		expect(sandbox.easybill.webhooks().find((w) => String(w.id) === id)).toMatchObject({
			content_type: 'json',
			is_active: true,
		});
		await ledger.deleteWebhook(id);
		expect(await ledger.getWebhook(id)).toBeUndefined();
		await expect(ledger.deleteWebhook(id)).resolves.toBeUndefined();
	});

	it('fails every item with an auth error on a wrong API key, without echoing the key', async () => {
		const wrongKey = 'eb-wrong-key-0123456789';
		const badLedger = createEasyBillLedger({
			send: httpSend({ headers: () => ({ Authorization: `Bearer ${wrongKey}` }) }),
			clock: scaledClock(sandbox.clock, TIME_SCALE),
			baseUrl: sandbox.urls.easybill,
			secrets: [wrongKey],
		});
		const results = await badLedger.upsertContacts([
			{ sourceId: 'auth-1', name: 'A GmbH' },
			{ sourceId: 'auth-2', name: 'B GmbH' },
		]);
		for (const [i, result] of results.entries()) {
			expect(result.action).toBe('failed');
			if (result.action !== 'failed') continue;
			expect(result.error).toMatchObject({ kind: 'auth', httpStatus: 401, itemIndex: i });
			expect(result.error.message).toMatch(/API key/);
			expect(result.error.message).not.toContain(wrongKey);
		}
	});

	it('searches customers and invoices for the node pickers', async () => {
		const customers = await ledger.searchCustomers('müller');
		expect(customers.map((c) => c.name)).toContain('Müller, Schmidt & Co. GmbH');
		const invoices = await ledger.searchInvoices('flow-inv-1');
		expect(invoices.length).toBeGreaterThan(0);
		expect(invoices[0]).toMatchObject({
			currency: 'EUR',
			state: expect.stringMatching(/open|paid|draft/),
		});
	});
});
