/**
 * One place per ledger: a third ledger registered with the node's ledger registry (a small
 * in-memory "FakeBooks", no credential, no organisation) runs operations through the node end to
 * end, as a real workflow in n8n-core: its own checks refuse bad input before the first write, the
 * fields it lacks (Xero's tax codes and bank account, EasyBill's tax percentage) are not read, and
 * Create Invoice / Void Invoice behave as on the shipped ledgers. An unregistered ledger is refused
 * by name instead of taking another ledger's branch.
 */
import type { IDataObject } from 'n8n-workflow';

import { invalidInput } from '../../core/errors';
import type { ItemResult, Ledger } from '../../core/ledger';
import type { VoidedInvoice, VoidInvoice } from '../../core/lifecycle';
import type { Invoice, InvoiceRecord, LedgerKind } from '../../core/model';
import { AccountingSync } from '../../nodes/AccountingSync/AccountingSync.node';
import { invoicePaidWebhookOf } from '../../nodes/InvoicePaidTrigger/webhookLedgers';
import { registerLedger } from '../../nodes/shared/ledgerRegistry';
import { callLoadOptions, inputToNode, runWorkflow, TestCredentialsHelper, TestNodeTypes } from './harness';
import { NODE_TYPE } from './nodeEnv';

class FakeBooks implements Partial<Ledger> {
	readonly kind = 'fakebooks' as LedgerKind;
	readonly invoices = new Map<string, InvoiceRecord>();
	readonly calls: string[] = [];

	async timeZone() {
		return 'Europe/Vienna';
	}

	async listCurrencies() {
		this.calls.push('listCurrencies');
		return ['EUR'];
	}

	async listTaxRates() {
		this.calls.push('listTaxRates');
		return [{ taxType: 'AT20', name: 'USt 20%', ratePercent: 20 }];
	}

	async createInvoices(invoices: Invoice[]): Promise<ItemResult<InvoiceRecord>[]> {
		this.calls.push(`createInvoices(${invoices.length})`);
		return invoices.map((invoice, index) => {
			const existing = [...this.invoices.values()].find((i) => i.sourceId === invoice.sourceId);
			if (existing) return { index, action: 'unchanged', ledgerId: existing.ledgerId, record: existing };
			const total = invoice.lines.reduce((sum, l) => sum + Math.round(l.quantity * l.unitPriceMinor), 0);
			const record: InvoiceRecord = {
				ledgerId: `fb-${this.invoices.size + 1}`,
				sourceId: invoice.sourceId,
				contact: { ledgerId: 'sourceId' in invoice.contact ? invoice.contact.sourceId : 'c' },
				currency: invoice.currency,
				issueDate: invoice.issueDate,
				state: invoice.status === 'draft' ? 'draft' : 'open',
				subtotalMinor: total,
				taxMinor: 0,
				totalMinor: total,
				amountPaidMinor: 0,
				amountCreditedMinor: 0,
				amountDueMinor: total,
			};
			this.invoices.set(record.ledgerId, record);
			return { index, action: 'created', ledgerId: record.ledgerId, record };
		});
	}

	async voidInvoices(requests: VoidInvoice[]): Promise<ItemResult<VoidedInvoice>[]> {
		this.calls.push(`voidInvoices(${requests.length})`);
		return requests.map((request, index) => {
			const ref = request.invoice;
			const found = [...this.invoices.values()].find((i) => ('sourceId' in ref ? i.sourceId === ref.sourceId : i.ledgerId === (ref as { ledgerId?: string }).ledgerId));
			if (!found) return { index, action: 'failed', error: invalidInput('invoice', 'not in FakeBooks', index) };
			const action = found.state === 'void' ? 'unchanged' : 'updated';
			found.state = 'void';
			return { index, action, ledgerId: found.ledgerId, record: { ledgerId: found.ledgerId, voidedAs: 'voided', reversedPayments: [], totalMinor: found.totalMinor, currency: found.currency } };
		});
	}
}

let books: FakeBooks;
let unregister: () => void;
beforeEach(() => {
	books = new FakeBooks();
	unregister = registerLedger({
		kind: 'fakebooks',
		displayName: 'FakeBooks',
		description: 'An in-memory ledger for this test',
		credentialType: 'fakeBooksApi',
		organisation: 'none',
		fields: { lineTaxPercent: false, lineTaxTypeAndAccount: false, bankAccount: false, contactDefaults: false, sendRecipients: false },
		checks: {
			contact: () => undefined,
			invoice: (invoice, itemIndex) => (invoice.currency !== 'EUR' ? invalidInput('currency', 'FakeBooks keeps EUR only', itemIndex) : undefined),
			payment: () => undefined,
			creditNote: () => undefined,
		},
		create: async () => books as unknown as Ledger,
	});
});
afterEach(() => unregister());

async function run(ledger: string, items: IDataObject[], parameters: IDataObject, continueOnFail = false) {
	const spec = inputToNode(items, { type: NODE_TYPE, parameters: { ledger, ...parameters }, continueOnFail });
	const result = await runWorkflow(spec, {
		nodeTypes: new TestNodeTypes({ [NODE_TYPE]: new AccountingSync() }),
		credentialsHelper: new TestCredentialsHelper({}),
	});
	return { result, json: result.items(spec.nodeName).map((i) => i.json) };
}

const invoiceParameters = {
	operation: 'createInvoice',
	amountUnit: 'minor',
	sourceId: '={{ $json.id }}',
	contactBy: 'reference',
	contact: { __rl: true, mode: 'sourceId', value: 'cus_1' },
	issueDate: '2026-11-02',
	currency: '={{ $json.currency }}',
	taxMode: 'exclusive',
	lineInputMode: 'json',
	linesJson: '={{ $json.lines }}',
	status: 'final',
};
const line = { description: 'Plan', quantity: 2, unitPrice: 1250, taxType: 'OUTPUT2', accountCode: '200', taxPercent: 19 };

describe('a third ledger registered with the ledger registry', () => {
	it('creates invoices through the node with its own checks and only the fields it has', async () => {
		const { json } = await run('fakebooks', [{ id: 'in_1', currency: 'EUR', lines: [line] }, { id: 'in_2', currency: 'EUR', lines: [line] }], invoiceParameters);
		expect(json).toEqual([
			expect.objectContaining({ action: 'created', ledger: 'fakebooks', ledgerId: 'fb-1', record: expect.objectContaining({ totalMinor: 2500 }) }),
			expect.objectContaining({ action: 'created', ledger: 'fakebooks', ledgerId: 'fb-2' }),
		]);
		// One batch call for both items, as on the shipped ledgers.
		expect(books.calls).toEqual(['createInvoices(2)']);
		expect((await run('fakebooks', [{ id: 'in_1', currency: 'EUR', lines: [line] }], invoiceParameters)).json[0].action).toBe('unchanged');
	});

	it('refuses a bad item with its own check before the first write', async () => {
		const { json } = await run('fakebooks', [{ id: 'in_ok', currency: 'EUR', lines: [line] }, { id: 'in_usd', currency: 'USD', lines: [line] }], invoiceParameters, true);
		expect(json[1].error).toMatchObject({ field: 'currency' });
		expect(json[0].action).toBe('created');
		const stopped = await run('fakebooks', [{ id: 'in_ok2', currency: 'EUR', lines: [line] }, { id: 'in_usd2', currency: 'USD', lines: [line] }], invoiceParameters);
		expect(stopped.result.error?.message).toMatch(/^Currency: FakeBooks keeps EUR only/);
		expect(stopped.result.error?.description).toMatch(/Nothing was written/);
		expect(books.invoices.size).toBe(1);
	});

	it('runs a lifecycle operation (Void Invoice) end to end; a missing capability is refused by name', async () => {
		await run('fakebooks', [{ id: 'in_v', currency: 'EUR', lines: [line] }], invoiceParameters);
		const voidParameters = { operation: 'voidInvoice', invoice: { __rl: true, mode: 'sourceId', value: 'in_v' } };
		expect((await run('fakebooks', [{}], voidParameters)).json[0]).toMatchObject({ action: 'updated', ledger: 'fakebooks', record: { voidedAs: 'voided' } });
		expect((await run('fakebooks', [{}], voidParameters)).json[0].action).toBe('unchanged');
		const send = await run('fakebooks', [{}], { operation: 'sendInvoice', invoice: { __rl: true, mode: 'sourceId', value: 'in_v' } }, true);
		expect(send.json[0].error).toMatchObject({ message: expect.stringContaining('Send Invoice is not available for the fakebooks ledger') });
	});

	it("fills the pickers from its registration and its own lists, and needs no other ledger's", async () => {
		const call = {
			nodeTypes: new TestNodeTypes({ [NODE_TYPE]: new AccountingSync() }),
			credentialsHelper: new TestCredentialsHelper({}),
			node: { type: NODE_TYPE, parameters: { ledger: 'fakebooks', operation: 'createInvoice' } },
		};
		expect(await callLoadOptions(call, 'getCurrencies')).toEqual([{ name: 'EUR', value: 'EUR' }]);
		// Its registration says its lines take no tax codes: the list is empty, the ledger not asked.
		expect(await callLoadOptions(call, 'getTaxRates')).toEqual([]);
		expect(await callLoadOptions(call, 'getBankAccounts')).toEqual([]);
		expect(books.calls).toEqual(['listCurrencies']);
	});

	it('is refused by name by the Invoice Paid webhook trigger, which has no path for it', () => {
		const context = {
			getNodeParameter: () => 'fakebooks',
			getNode: () => ({ id: 't', name: 'Invoice Paid', type: 'x', typeVersion: 2, position: [0, 0], parameters: {} }),
		};
		expect(() => invoicePaidWebhookOf(context as never)).toThrow('The fakebooks ledger has no Invoice Paid webhook');
		expect(invoicePaidWebhookOf({ ...context, getNodeParameter: () => 'easybill' } as never)).toBeDefined();
	});

	it('refuses a ledger nobody registered, naming it, instead of taking another branch', async () => {
		unregister();
		const refused = await run('fakebooks', [{ id: 'in_x', currency: 'EUR', lines: [line] }], invoiceParameters);
		expect(refused.result.error?.message).toBe('Unknown ledger "fakebooks"');
		expect(books.calls).toEqual([]);
	});
});
