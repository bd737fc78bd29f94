/**
 * The provider-neutral contract every Ledger must keep, run against the local sandbox. Each
 * provider's test file (xero.contract.test.ts, easybill.contract.test.ts) is a few lines: it
 * starts a sandbox, builds its ledger and an inspector over the sandbox state, and calls
 * `describeLedgerContract`. The suite speaks only the canonical model; anything a ledger needs
 * beyond it (Xero's account codes, bank account) comes in through `defaults`.
 */
import type { Ledger, ItemResult } from '../../core/ledger';
import type { Contact, CreditNoteRefund, Invoice, InvoiceLine, Payment } from '../../core/model';

/** Read-only views of the emulated ledger's state, plus the bookkeeper's own actions. */
export interface ContractInspector {
	/** How many contacts carry this source id (Xero ContactNumber, EasyBill customer number). */
	contactsWithSourceId(sourceId: string): Promise<number>;
	/** How many sales invoices carry this source id (wherever the ledger keeps it). */
	invoicesWithSourceId(sourceId: string): Promise<number>;
	/** How many payments are recorded against the invoice. */
	paymentsOnInvoice(invoiceLedgerId: string): Promise<number>;
	/** Pays the invoice in full as a user would in the ledger's own UI (not through our code). */
	payInvoice(invoiceLedgerId: string): Promise<void>;
}

export interface ContractSetup {
	ledger: Ledger;
	inspect: ContractInspector;
	/** Ledger-specific values merged into the canonical inputs the suite builds. */
	defaults?: {
		/** Default 'EUR'. */
		currency?: string;
		/** E.g. Xero `{ accountCode: '200', taxType: 'OUTPUT2' }`; default `{ taxRatePercent: 19 }`. */
		line?: Partial<InvoiceLine>;
		/** E.g. Xero `{ bankAccount: '090' }`. */
		payment?: Partial<Payment>;
		refund?: Partial<CreditNoteRefund>;
		/** How many paid invoices the listing test creates (enough to span pages if the ledger pages small). Default 3. */
		paidInvoiceCount?: number;
	};
	/** The ledger's clock (the sandbox's emulated time); default the real clock. */
	clock?: { now(): number };
	teardown(): Promise<void>;
}

let counter = 0;
/** Source ids unique per run, so tests never see each other's objects in a shared sandbox. */
function uid(prefix: string): string {
	counter += 1;
	return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

function ok<T>(result: ItemResult<T>): Extract<ItemResult<T>, { ledgerId: string }> {
	if (result.action === 'failed') throw new Error(`expected success, got: ${result.error.message}`);
	return result;
}

export function describeLedgerContract(name: string, setup: () => Promise<ContractSetup>): void {
	describe(`Ledger contract: ${name}`, () => {
		let ctx: ContractSetup;
		let currency: string;

		beforeAll(async () => {
			ctx = await setup();
			currency = ctx.defaults?.currency ?? 'EUR';
		});
		afterAll(async () => {
			await ctx?.teardown();
		});

		const contact = (overrides: Partial<Contact> = {}): Contact => {
			const sourceId = overrides.sourceId ?? uid('cus');
			return {
				sourceId,
				name: `Contract ${sourceId}`,
				emails: [`${sourceId}@example.com`],
				...overrides,
			};
		};
		const line = (overrides: Partial<InvoiceLine> = {}): InvoiceLine => ({
			description: 'Subscription',
			quantity: 2,
			unitPriceMinor: 1250,
			...(ctx.defaults?.line ?? { taxRatePercent: 19 }),
			...overrides,
		});
		const invoice = (overrides: Partial<Invoice> = {}): Invoice => ({
			sourceId: uid('inv'),
			contact: { contact: contact() },
			issueDate: '2026-11-02',
			dueDate: '2026-11-16',
			currency,
			lines: [line()],
			taxMode: 'exclusive',
			status: 'final',
			...overrides,
		});
		const payment = (
			invoiceLedgerId: string,
			amountMinor: number,
			overrides: Partial<Payment> = {},
		): Payment => ({
			sourceId: uid('pay'),
			invoice: { ledgerId: invoiceLedgerId },
			amountMinor,
			currency,
			date: '2026-11-05',
			...ctx.defaults?.payment,
			...overrides,
		});

		it('upsert creates a contact, then finds it: unchanged when equal, updated when a field differs', async () => {
			const input = contact();
			const [created] = await ctx.ledger.upsertContacts([input]);
			expect(created.action).toBe('created');
			const [again] = await ctx.ledger.upsertContacts([input]);
			expect(again.action).toBe('unchanged');
			expect(ok(again).ledgerId).toBe(ok(created).ledgerId);
			const [changed] = await ctx.ledger.upsertContacts([{ ...input, phone: '+49 30 1234567' }]);
			expect(changed.action).toBe('updated');
			expect(ok(changed).ledgerId).toBe(ok(created).ledgerId);
			expect(await ctx.inspect.contactsWithSourceId(input.sourceId)).toBe(1);
		});

		it('creating the same invoice twice creates one: the second call is unchanged', async () => {
			const input = invoice();
			const [first] = await ctx.ledger.createInvoices([input]);
			expect(first.action).toBe('created');
			const record = ok(first).record;
			// 2 × 12.50 net
			expect(record.subtotalMinor).toBe(2500);
			expect(record.totalMinor).toBe(record.subtotalMinor + record.taxMinor);
			const [second] = await ctx.ledger.createInvoices([input]);
			expect(second.action).toBe('unchanged');
			expect(ok(second).ledgerId).toBe(ok(first).ledgerId);
			expect(await ctx.inspect.invoicesWithSourceId(input.sourceId)).toBe(1);
			const [found] = await ctx.ledger.findInvoices([{ sourceId: input.sourceId }]);
			expect(found?.ledgerId).toBe(ok(first).ledgerId);
		});

		it('records a payment once: the repeat is unchanged', async () => {
			const [inv] = await ctx.ledger.createInvoices([invoice()]);
			const { ledgerId, record } = ok(inv);
			const pay = payment(ledgerId, 1000);
			const [first] = await ctx.ledger.recordPayments([pay]);
			expect(first.action).toBe('created');
			expect(ok(first).record.amountMinor).toBe(1000);
			const [again] = await ctx.ledger.recordPayments([pay]);
			expect(again.action).toBe('unchanged');
			expect(await ctx.inspect.paymentsOnInvoice(ledgerId)).toBe(1);
			const [after] = await ctx.ledger.findInvoices([{ ledgerId }]);
			expect(after?.amountDueMinor).toBe(record.totalMinor - 1000);
		});

		it('fails an overpayment and a payment on a draft clearly, naming the field, and writes nothing', async () => {
			const [openInv, draftInv] = await ctx.ledger.createInvoices([
				invoice(),
				invoice({ status: 'draft' }),
			]);
			const open = ok(openInv);
			const draft = ok(draftInv);
			const [over, onDraft] = await ctx.ledger.recordPayments([
				payment(open.ledgerId, open.record.totalMinor + 1),
				payment(draft.ledgerId, 100),
			]);
			expect(over.action).toBe('failed');
			expect(onDraft.action).toBe('failed');
			if (over.action === 'failed') {
				expect(over.error.itemIndex).toBe(0);
				expect(over.error.field).toBe('amountMinor');
			}
			if (onDraft.action === 'failed') {
				expect(onDraft.error.itemIndex).toBe(1);
				expect(onDraft.error.message).toMatch(/draft/i);
			}
			expect(await ctx.inspect.paymentsOnInvoice(open.ledgerId)).toBe(0);
			expect(await ctx.inspect.paymentsOnInvoice(draft.ledgerId)).toBe(0);
		});

		it('an allocated credit note reduces the amount due, and is issued once', async () => {
			const [inv] = await ctx.ledger.createInvoices([invoice()]);
			const { ledgerId, record } = ok(inv);
			const note = {
				sourceId: uid('cn'),
				invoice: { ledgerId },
				date: '2026-11-06',
				currency,
				amountMinor: 500,
				reason: 'Goodwill',
				allocate: true,
			};
			const [credited] = await ctx.ledger.issueCreditNotes([note]);
			expect(credited.action).toBe('created');
			expect(ok(credited).record.totalMinor).toBe(500);
			expect(ok(credited).record.allocatedMinor).toBe(500);
			const [after] = await ctx.ledger.findInvoices([{ ledgerId }]);
			expect(after?.amountDueMinor).toBe(record.totalMinor - 500);
			const [again] = await ctx.ledger.issueCreditNotes([note]);
			expect(again.action).toBe('unchanged');
			expect(ok(again).ledgerId).toBe(ok(credited).ledgerId);
			const [still] = await ctx.ledger.findInvoices([{ ledgerId }]);
			expect(still?.amountDueMinor).toBe(record.totalMinor - 500);
		});

		it('a full credit note without amount or lines credits the whole invoice', async () => {
			const [inv] = await ctx.ledger.createInvoices([invoice()]);
			const { ledgerId, record } = ok(inv);
			const [credited] = await ctx.ledger.issueCreditNotes([
				{
					sourceId: uid('cn'),
					invoice: { ledgerId },
					date: '2026-11-06',
					currency,
					allocate: true,
				},
			]);
			expect(ok(credited).record.totalMinor).toBe(record.totalMinor);
			const [after] = await ctx.ledger.findInvoices([{ ledgerId }]);
			expect(after?.amountDueMinor).toBe(0);
		});

		it('lists each paid invoice exactly once, with the cursor at the newest change', async () => {
			const count = ctx.defaults?.paidInvoiceCount ?? 3;
			const start = new Date((ctx.clock?.now() ?? Date.now()) - 60_000).toISOString();
			const created = await ctx.ledger.createInvoices(
				Array.from({ length: count }, () => invoice()),
			);
			const ids = created.map((r) => ok(r).ledgerId);
			for (const id of ids) await ctx.inspect.payInvoice(id);
			const page = await ctx.ledger.listPaidInvoices({ since: start }, { overlapMs: 0 });
			const listed = page.invoices.map((i) => i.ledgerId);
			expect(new Set(listed).size).toBe(listed.length);
			for (const id of ids) expect(listed.filter((l) => l === id)).toHaveLength(1);
			for (const paid of page.invoices.filter((i) => ids.includes(i.ledgerId))) {
				expect(paid.state).toBe('paid');
				expect(paid.amountDueMinor).toBe(0);
				expect(paid.amountPaidMinor).toBe(paid.totalMinor);
				expect(paid.currency).toBe(currency);
			}
			expect(Date.parse(page.cursor.since)).toBeGreaterThanOrEqual(Date.parse(start));
		});

		it('a mixed batch: invalid items fail with their index and field, the valid ones are created', async () => {
			const good1 = invoice();
			const good2 = invoice();
			const results = await ctx.ledger.createInvoices([
				good1,
				invoice({ lines: [] }),
				good2,
				invoice({ lines: [line({ quantity: -1 })] }),
				invoice({ currency: 'euro' }),
			]);
			expect(results.map((r) => r.action)).toEqual([
				'created',
				'failed',
				'created',
				'failed',
				'failed',
			]);
			const fields = results.map((r) =>
				r.action === 'failed' ? [r.error.itemIndex, r.error.field] : undefined,
			);
			expect(fields[1]).toEqual([1, 'lines']);
			expect(fields[3]).toEqual([3, 'lines[0].quantity']);
			expect(fields[4]).toEqual([4, 'currency']);
			expect(await ctx.inspect.invoicesWithSourceId(good1.sourceId)).toBe(1);
			expect(await ctx.inspect.invoicesWithSourceId(good2.sourceId)).toBe(1);
		});

		it('invoices naming their contact inline or by source id reuse the one contact', async () => {
			const customer = contact();
			const [upserted] = await ctx.ledger.upsertContacts([customer]);
			const results = await ctx.ledger.createInvoices([
				invoice({ contact: { contact: customer } }),
				invoice({ contact: { sourceId: customer.sourceId } }),
			]);
			expect(results.map((r) => r.action)).toEqual(['created', 'created']);
			for (const r of results) expect(ok(r).record.contact.ledgerId).toBe(ok(upserted).ledgerId);
			expect(await ctx.inspect.contactsWithSourceId(customer.sourceId)).toBe(1);
		});

		it('finds invoices by ledger id, number and source id, in the order asked', async () => {
			const input = invoice();
			const { ledgerId, record } = ok((await ctx.ledger.createInvoices([input]))[0]);
			const refs = [
				{ sourceId: uid('missing') },
				{ ledgerId },
				...(record.number ? [{ number: record.number }] : []),
				{ sourceId: input.sourceId },
			];
			const found = await ctx.ledger.findInvoices(refs);
			expect(found[0]).toBeUndefined();
			for (const hit of found.slice(1)) expect(hit?.ledgerId).toBe(ledgerId);
		});

		it('a payment can name its invoice by the invoice source id', async () => {
			const input = invoice();
			const { ledgerId } = ok((await ctx.ledger.createInvoices([input]))[0]);
			const [paid] = await ctx.ledger.recordPayments([
				payment(ledgerId, 700, { invoice: { sourceId: input.sourceId } }),
			]);
			expect(ok(paid).record.invoiceLedgerId).toBe(ledgerId);
			expect(await ctx.inspect.paymentsOnInvoice(ledgerId)).toBe(1);
		});

		it('rejects bad contact input before any call, naming index and field', async () => {
			const results = await ctx.ledger.upsertContacts([
				contact({ name: '  ' }),
				contact({ emails: ['not-an-email'] }),
			]);
			expect(
				results.map((r) => (r.action === 'failed' ? [r.error.itemIndex, r.error.field] : r.action)),
			).toEqual([
				[0, 'name'],
				[1, 'emails[0]'],
			]);
		});
	});
}
