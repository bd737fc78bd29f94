/**
 * The invoice-lifecycle operations through the node (n8n-core workflows) against the sandbox, the
 * same parameters on both ledgers: Get Invoice, Void Invoice, Reverse Payment, Send Invoice and
 * Download Invoice PDF (binary output).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { invoiceItem, invoiceParams } from './invoiceFixtures';
import { fromItem, useNodeEnv, type LedgerName } from './nodeEnv';

const env = useNodeEnv({ easybillPerMinute: 60, scope: 'file' });

const bySource = (path = 'id') => ({ __rl: true, mode: 'sourceId', value: fromItem(path) });
let counter = 0;
const uid = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++counter}`;

async function createInvoices(ledger: LedgerName, count: number, extra: INodeParameters = {}) {
	const items = Array.from({ length: count }, () => {
		const customer = uid('cus');
		const item = invoiceItem(ledger, uid('in'), customer) as IDataObject & { id: string };
		return { ...item, email: `${customer}@example.com` };
	});
	const run = await env.run(ledger, items, invoiceParams({ contactFields: { emails: fromItem('email') }, ...extra }));
	expect(run.json.map((j) => j.action)).toEqual(items.map(() => 'created'));
	return items.map((item, i) => ({ ...item, ledgerId: run.json[i].ledgerId as string, record: run.json[i].record as IDataObject }));
}

function paymentParams(ledger: LedgerName): INodeParameters {
	return {
		operation: 'recordPayment',
		amountUnit: 'minor',
		invoice: bySource('invoice'),
		sourceId: fromItem('id'),
		amount: fromItem('amount'),
		currency: 'EUR',
		date: '2026-11-05',
		...(ledger === 'xero' ? { bankAccount: '090' } : {}),
	};
}

describe.each<LedgerName>(['xero', 'easybill'])('Accounting Sync lifecycle operations on %s', (ledger) => {
	it('Get Invoice returns many invoices with payments in one run; an unknown one fails by item', async () => {
		const [a, b] = await createInvoices(ledger, 2);
		const pay = { id: uid('ch'), invoice: a.id, amount: 1000 };
		expect((await env.run(ledger, [pay], paymentParams(ledger))).json[0].action).toBe('created');
		const run = await env.run(ledger, [{ id: a.id }, { id: b.id }, { id: 'in_missing' }], { operation: 'getInvoice', invoice: bySource() }, { continueOnFail: true });
		const [first, second, missing] = run.json;
		expect(first).toMatchObject({ action: 'unchanged', ledger, ledgerId: a.ledgerId, record: { state: 'open', amountPaidMinor: 1000, amountDueMinor: (a.record.totalMinor as number) - 1000 } });
		expect((first.record as IDataObject).payments).toEqual([expect.objectContaining({ amountMinor: 1000 })]);
		expect(second).toMatchObject({ ledgerId: b.ledgerId, record: { state: 'open', payments: [] } });
		expect(missing.error).toMatchObject({ kind: 'not_found' });
		if (ledger === 'xero') expect((first.record as IDataObject).onlineUrl).toMatch(/^https:\/\/in\.xero\.com\//);
		expect(run.output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('Void Invoice voids once (the re-run is unchanged) and refuses an invoice with payments unless told to reverse them', async () => {
		const [plain, paid] = await createInvoices(ledger, 2);
		await env.run(ledger, [{ id: uid('ch'), invoice: paid.id, amount: 500 }], paymentParams(ledger));
		const params = { operation: 'voidInvoice', invoice: bySource() };
		const first = await env.run(ledger, [{ id: plain.id }, { id: paid.id }], params, { continueOnFail: true });
		expect(first.json[0]).toMatchObject({ action: 'updated', record: { voidedAs: ledger === 'xero' ? 'voided' : 'cancelled' } });
		expect(first.json[1].error).toMatchObject({ kind: 'conflict' });
		const again = await env.run(ledger, [{ id: plain.id }], params);
		expect(again.json[0].action).toBe('unchanged');
		const reversing = await env.run(ledger, [{ id: paid.id }], { ...params, reversePayments: true });
		expect(reversing.json[0]).toMatchObject({ action: 'updated' });
		expect((reversing.json[0].record as IDataObject).reversedPayments).toHaveLength(1);
		const state = await env.run(ledger, [{ id: paid.id }], { operation: 'getInvoice', invoice: bySource() });
		expect(state.json[0].record).toMatchObject({ state: 'void', amountPaidMinor: 0 });
	});

	it('Create Invoice on a voided invoice with the same values fails naming the status, never unchanged', async () => {
		// A Stripe invoice.finalized delivered again after invoice.voided: the ledger holds no open
		// invoice, so "unchanged" (the ledger holds exactly this) would be false.
		const [invoice] = await createInvoices(ledger, 1);
		expect((await env.run(ledger, [{ id: invoice.id }], { operation: 'voidInvoice', invoice: bySource() })).json[0].action).toBe('updated');
		const again = await env.run(ledger, [invoice], invoiceParams(), { continueOnFail: true });
		expect(again.json[0].error).toMatchObject({ kind: 'conflict', field: 'status' });
		expect(String((again.json[0].error as IDataObject).message)).toMatch(/Status: ledger voided, input final/);
		const kept = await env.run(ledger, [invoice], invoiceParams({ ifDifferent: 'keep' }));
		expect(kept.json[0]).toMatchObject({ action: 'unchanged', differences: [expect.objectContaining({ field: 'status', ledger: 'voided' })] });
	});

	it('Reverse Payment by source ID reopens the invoice; the re-run is unchanged', async () => {
		const [inv] = await createInvoices(ledger, 1);
		const pay = { id: uid('ch'), invoice: inv.id, amount: inv.record.totalMinor };
		await env.run(ledger, [pay], paymentParams(ledger));
		const params = { operation: 'reversePayment', payment: { __rl: true, mode: 'sourceId', value: fromItem('id') } };
		const first = await env.run(ledger, [pay], params);
		expect(first.json[0]).toMatchObject({ action: 'updated', record: { state: 'reversed', amountMinor: inv.record.totalMinor, invoiceLedgerId: inv.ledgerId } });
		expect((await env.run(ledger, [pay], params)).json[0].action).toBe('unchanged');
		const state = await env.run(ledger, [{ id: inv.id }], { operation: 'getInvoice', invoice: bySource() });
		expect(state.json[0].record).toMatchObject({ state: 'open', amountPaidMinor: 0, amountDueMinor: inv.record.totalMinor });
	});

	it("Send Invoice e-mails the contact's address; a draft is refused by item", async () => {
		const [inv] = await createInvoices(ledger, 1);
		const [draft] = await createInvoices(ledger, 1, { status: 'draft' });
		const run = await env.run(ledger, [{ id: inv.id }, { id: draft.id }], { operation: 'sendInvoice', invoice: bySource() }, { continueOnFail: true });
		expect(run.json[0]).toMatchObject({ action: 'created', record: { to: [inv.email], channel: 'email' } });
		expect(run.json[1].error).toMatchObject({ kind: 'conflict' });
		const sent =
			ledger === 'xero'
				? env.sandbox.xero.emails(env.tenantId).filter((e) => e.invoiceId === inv.ledgerId).map((e) => e.to)
				: env.sandbox.easybill.postBoxes().filter((p) => String(p.document_id) === inv.ledgerId).map((p) => p.to);
		expect(sent).toEqual([inv.email]);
	});

	it('Download Invoice PDF puts a real PDF named after the invoice number in the binary field', async () => {
		const [inv] = await createInvoices(ledger, 1);
		const run = await env.run(ledger, [{ id: inv.id }], { operation: 'downloadPdf', invoice: bySource(), binaryPropertyName: 'invoicePdf' });
		const [item] = run.output;
		const number = inv.record.number as string;
		expect(item.json).toMatchObject({ action: 'unchanged', ledgerId: inv.ledgerId, record: { fileName: `${number}.pdf`, mimeType: 'application/pdf' } });
		const binary = item.binary?.invoicePdf;
		expect(binary).toMatchObject({ fileName: `${number}.pdf`, mimeType: 'application/pdf', fileExtension: 'pdf' });
		const bytes = Buffer.from(binary?.data ?? '', 'base64');
		expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(bytes.toString('latin1')).toContain(number);
		expect((item.json.record as IDataObject).fileSize).toBe(bytes.length);
	});
});

describe('Send Invoice on Xero says what it cannot do', () => {
	it('offers no recipients on Xero, so none can be sent elsewhere silently', async () => {
		const [inv] = await createInvoices('xero', 1);
		// sendFields are EasyBill-only: set on a Xero node (e.g. after switching ledger) they are not read.
		const run = await env.run('xero', [{ id: inv.id }], { operation: 'sendInvoice', invoice: bySource(), sendFields: { to: 'elsewhere@example.org' } });
		expect(run.json[0]).toMatchObject({ action: 'created', record: { to: [inv.email] } });
	});
});

describe('Create Invoice on EasyBill when its draft is deleted before done (draft, then done: two calls)', () => {
	it('fails as a conflict saying nothing is booked, not "running again finalises it"', async () => {
		// A Stripe invoice.voided handled while invoice.finalized is still being booked: the void
		// finds the draft and deletes it (EasyBill cannot void a draft), then the create's done meets
		// 404. Running the create again books a new invoice for one Stripe voided.
		const item = invoiceItem('easybill', uid('in'), uid('cus'));
		// The create's answer is held after EasyBill stored the draft: the draft is deleted meanwhile.
		env.sandbox.faults.add({ service: 'easybill', method: 'POST', path: /\/documents$/, kind: 'slow', delayMs: 1500 });
		try {
			const creating = env.run('easybill', [item], invoiceParams(), { continueOnFail: true });
			const deadline = Date.now() + 10_000;
			let draft: { id: number } | undefined;
			while (!draft && Date.now() < deadline) {
				draft = env.sandbox.easybill.documents().find((d) => d.external_id === item.id);
				if (!draft) await new Promise((resolve) => setTimeout(resolve, 20));
			}
			const deleted = await fetch(`${env.sandbox.urls.easybill}/documents/${draft?.id}`, {
				method: 'DELETE',
				headers: { authorization: `Bearer ${env.sandbox.easybill.apiKey}` },
			});
			expect(deleted.status).toBeLessThan(300);
			const created = await creating;
			expect(created.json[0]).toMatchObject({ error: { kind: 'conflict' } });
			expect(String((created.json[0].error as IDataObject).message)).toMatch(/deleted in EasyBill before it could be finalised.*nothing is booked/i);
			expect(env.sandbox.easybill.documents().filter((d) => d.external_id === item.id)).toEqual([]);
		} finally {
			env.sandbox.faults.clear();
		}
	});
});
