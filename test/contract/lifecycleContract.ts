/**
 * The invoice's later life, as a contract both ledgers keep (Get, Void, Reverse Payment, Send, PDF),
 * run against the sandbox with the same setup as the main contract. What differs between ledgers
 * by nature (Xero's online link, EasyBill's storno document) is asserted through `expectations`.
 */
import type { ItemResult, Ledger } from '../../core/ledger';
import type { Contact, Invoice, InvoiceLine, Payment } from '../../core/model';
import type { ContractSetup } from './ledgerContract';

export interface LifecycleSetup extends ContractSetup {
	/** Invoices e-mailed so far, for one invoice. */
	emailsSent(invoiceLedgerId: string): Promise<string[]>;
	expectations: {
		/** What a final invoice is voided as. */
		voidedAs: 'voided' | 'cancelled';
		hasOnlineUrl: boolean;
		/** Can the ledger take recipients on Send Invoice? */
		sendsToGivenAddresses: boolean;
		/** After a reversal, can the ledger still tell the reversed payment apart from one never recorded? */
		keepsReversedPayments: boolean;
	};
}

let counter = 0;
const uid = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}`;

function ok<T>(result: ItemResult<T> | undefined): Extract<ItemResult<T>, { ledgerId: string }> {
	if (!result) throw new Error('no result');
	if (result.action === 'failed') throw new Error(`expected success, got: ${result.error.message}`);
	return result;
}

function need<K extends keyof Ledger>(ledger: Ledger, name: K): NonNullable<Ledger[K]> {
	const fn = ledger[name];
	if (typeof fn !== 'function') throw new Error(`${String(name)} is not implemented`);
	return (fn as (...args: unknown[]) => unknown).bind(ledger) as NonNullable<Ledger[K]>;
}

export function describeLifecycleContract(name: string, setup: () => Promise<LifecycleSetup>): void {
	describe(`Ledger lifecycle contract: ${name}`, () => {
		let ctx: LifecycleSetup;
		beforeAll(async () => {
			ctx = await setup();
		});
		afterAll(async () => {
			await ctx?.teardown();
		});
		const currency = () => ctx.defaults?.currency ?? 'EUR';
		const contact = (emails = true): Contact => {
			const sourceId = uid('cus');
			return { sourceId, name: `Life ${sourceId}`, ...(emails ? { emails: [`${sourceId}@example.com`] } : {}) };
		};
		const line = (): InvoiceLine => ({ description: 'Plan', quantity: 1, unitPriceMinor: 10000, ...(ctx.defaults?.line ?? { taxRatePercent: 19 }) });
		const invoice = (overrides: Partial<Invoice> = {}): Invoice => ({
			sourceId: uid('inv'),
			contact: { contact: contact() },
			issueDate: '2026-11-02',
			dueDate: '2026-11-16',
			currency: currency(),
			lines: [line()],
			taxMode: 'exclusive',
			status: 'final',
			...overrides,
		});
		const payment = (invoiceLedgerId: string, amountMinor: number): Payment => ({
			sourceId: uid('pay'),
			invoice: { ledgerId: invoiceLedgerId },
			amountMinor,
			currency: currency(),
			date: '2026-11-05',
			...ctx.defaults?.payment,
		});
		const create = async (overrides: Partial<Invoice> = {}) => ok((await ctx.ledger.createInvoices([invoice(overrides)]))[0]);

		it('gets many invoices at once by id, number and source id, with payments; an unknown one fails not_found', async () => {
			const a = await create();
			const b = await create();
			const paid = payment(a.ledgerId, 2500);
			ok((await ctx.ledger.recordPayments([paid]))[0]);
			const results = await need(ctx.ledger, 'getInvoices')([
				{ ledgerId: a.ledgerId },
				{ number: b.record.number ?? '' },
				{ sourceId: a.record.sourceId ?? '' },
				{ sourceId: uid('missing') },
			]);
			const first = ok(results[0]).record;
			expect(first).toMatchObject({ ledgerId: a.ledgerId, state: 'open', amountPaidMinor: 2500, amountDueMinor: a.record.totalMinor - 2500 });
			expect(first.payments).toEqual([expect.objectContaining({ amountMinor: 2500 })]);
			expect(first.credits).toEqual([]);
			expect(ok(results[1]).ledgerId).toBe(b.ledgerId);
			expect(ok(results[2]).ledgerId).toBe(a.ledgerId);
			expect(results[3]).toMatchObject({ action: 'failed', error: { kind: 'not_found' } });
			if (ctx.expectations.hasOnlineUrl) expect(first.onlineUrl).toMatch(/^https:\/\//);
			else expect(first.onlineUrl).toBeUndefined();
		});

		it('voids a final invoice once: the repeat is unchanged; a draft is deleted', async () => {
			const inv = await create();
			const voidInvoices = need(ctx.ledger, 'voidInvoices');
			const [first] = await voidInvoices([{ invoice: { sourceId: inv.record.sourceId ?? '' } }]);
			expect(first.action).toBe('updated');
			expect(ok(first).record).toMatchObject({ ledgerId: inv.ledgerId, voidedAs: ctx.expectations.voidedAs, reversedPayments: [] });
			const [again] = await voidInvoices([{ invoice: { ledgerId: inv.ledgerId } }]);
			expect(again.action).toBe('unchanged');
			const [state] = await ctx.ledger.findInvoices([{ ledgerId: inv.ledgerId }]);
			expect(state?.state).toBe('void');
			const draft = await create({ status: 'draft' });
			const [deleted] = await voidInvoices([{ invoice: { ledgerId: draft.ledgerId } }]);
			expect(ok(deleted).record.voidedAs).toBe('deleted');
			expect(await ctx.inspect.invoicesWithSourceId(draft.record.sourceId ?? '')).toBe(0);
		});

		it('refuses to void an invoice with payments, naming them; with reversePayments it reverses them first', async () => {
			const inv = await create();
			const paid = payment(inv.ledgerId, 1000);
			ok((await ctx.ledger.recordPayments([paid]))[0]);
			const voidInvoices = need(ctx.ledger, 'voidInvoices');
			const [refused] = await voidInvoices([{ invoice: { ledgerId: inv.ledgerId } }]);
			expect(refused).toMatchObject({ action: 'failed', error: { kind: 'conflict', field: 'invoice' } });
			if (refused.action === 'failed') expect(refused.error.message).toContain(paid.sourceId);
			expect(await ctx.inspect.paymentsOnInvoice(inv.ledgerId)).toBe(1);
			const [voided] = await voidInvoices([{ invoice: { ledgerId: inv.ledgerId }, reversePayments: true }]);
			expect(voided.action).toBe('updated');
			expect(ok(voided).record.reversedPayments).toHaveLength(1);
			expect(await ctx.inspect.paymentsOnInvoice(inv.ledgerId)).toBe(0);
		});

		it('reverses a payment by source id once: the repeat is unchanged and the invoice is open again', async () => {
			const inv = await create();
			const paid = payment(inv.ledgerId, inv.record.totalMinor);
			ok((await ctx.ledger.recordPayments([paid]))[0]);
			const reverse = need(ctx.ledger, 'reversePayments');
			const [first] = await reverse([{ payment: { sourceId: paid.sourceId } }]);
			expect(first.action).toBe('updated');
			expect(ok(first).record).toMatchObject({ state: 'reversed', amountMinor: inv.record.totalMinor, invoiceLedgerId: inv.ledgerId });
			const [again] = await reverse([{ payment: { sourceId: paid.sourceId } }]);
			expect(again.action).toBe('unchanged');
			const [after] = await ctx.ledger.findInvoices([{ ledgerId: inv.ledgerId }]);
			expect(after).toMatchObject({ state: 'open', amountDueMinor: inv.record.totalMinor });
			const [never] = await reverse([{ payment: { sourceId: uid('never') } }]);
			if (ctx.expectations.keepsReversedPayments) expect(never).toMatchObject({ action: 'failed', error: { kind: 'not_found' } });
			else expect(ok(never).record.note).toMatch(/no payment/i);
		});

		it("sends a final invoice to the contact's address; refuses a draft", async () => {
			const inv = await create();
			const send = need(ctx.ledger, 'sendInvoices');
			const [sent] = await send([{ invoice: { ledgerId: inv.ledgerId } }]);
			expect(ok(sent).record.to).toHaveLength(1);
			expect(await ctx.emailsSent(inv.ledgerId)).toEqual(ok(sent).record.to);
			const [given] = await send([{ invoice: { ledgerId: inv.ledgerId }, to: ['ap@example.org'] }]);
			if (ctx.expectations.sendsToGivenAddresses) expect(ok(given).record.to).toEqual(['ap@example.org']);
			else expect(given).toMatchObject({ action: 'failed', error: { kind: 'validation', field: 'to' } });
			const draft = await create({ status: 'draft' });
			const [refused] = await send([{ invoice: { ledgerId: draft.ledgerId } }]);
			expect(refused).toMatchObject({ action: 'failed', error: { kind: 'conflict' } });
		});

		it('downloads the PDF of each invoice, named after its number', async () => {
			const a = await create();
			const b = await create();
			const results = await need(ctx.ledger, 'downloadPdfs')([{ ledgerId: a.ledgerId }, { sourceId: b.record.sourceId ?? '' }, { sourceId: uid('gone') }]);
			for (const [i, inv] of [a, b].entries()) {
				const pdf = ok(results[i]).record;
				expect(pdf.fileName).toBe(`${inv.record.number}.pdf`);
				expect(pdf.mimeType).toBe('application/pdf');
				expect(pdf.data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
				expect(pdf.data.toString('latin1')).toContain(inv.record.number ?? '');
			}
			expect(results[2]).toMatchObject({ action: 'failed', error: { kind: 'not_found' } });
		});
	});
}
