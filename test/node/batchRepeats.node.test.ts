/**
 * Two items with one source id in ONE run. The same values twice are one record: written once, the
 * repeat reports it `unchanged` with the same ledger id. Other values under one source id cannot
 * both be booked: the repeat fails with kind `conflict` naming both items and the differing field,
 * nothing is written for it, and the first item is booked alone.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fromItem, useNodeEnv, type LedgerName } from './nodeEnv';
import { invoiceItem, invoiceParams } from './invoiceFixtures';

const env = useNodeEnv();

const contactParams: INodeParameters = {
	operation: 'upsertContact',
	sourceId: fromItem('id'),
	name: fromItem('name'),
};

const paymentParams = (ledger: LedgerName): INodeParameters => ({
	operation: 'recordPayment',
	amountUnit: 'minor',
	invoice: { __rl: true, mode: 'sourceId', value: 'in_rep' },
	sourceId: fromItem('id'),
	amount: fromItem('amount'),
	currency: 'EUR',
	date: '2026-11-05',
	...(ledger === 'xero' ? { bankAccount: '090' } : {}),
});

const creditParams: INodeParameters = {
	operation: 'issueCreditNote',
	amountUnit: 'minor',
	invoice: { __rl: true, mode: 'sourceId', value: 'in_rep' },
	sourceId: fromItem('id'),
	currency: 'EUR',
	date: '2026-11-06',
	creditType: 'amount',
	amount: fromItem('amount'),
	reason: 'Goodwill',
	allocate: true,
	refund: false,
};

interface Case {
	name: string;
	params: (ledger: LedgerName) => INodeParameters;
	same: (ledger: LedgerName) => IDataObject;
	other: (ledger: LedgerName) => IDataObject;
	/** The field the conflict names, as the node shows it. */
	label: RegExp;
	/** Records stored under the source id. */
	stored: (ledger: LedgerName, id: string) => number;
	needsInvoice?: boolean;
}

const withPrice = (ledger: LedgerName, unitPrice: number): IDataObject => {
	const item = invoiceItem(ledger, 'in_dup', 'cus_dup');
	const lines = item.lines as IDataObject[];
	return { ...item, lines: [{ ...lines[0], unitPrice }, lines[1]] };
};

const CASES: Case[] = [
	{
		name: 'Upsert Contact',
		params: () => contactParams,
		same: () => ({ id: 'cus_dup', name: 'Dup Ltd' }),
		other: () => ({ id: 'cus_dup', name: 'Dup Other Ltd' }),
		label: /Name: item 0 "Dup Ltd", item 1 "Dup Other Ltd"/,
		stored: (ledger, id) =>
			ledger === 'xero'
				? env.sandbox.xero.contacts(env.tenantId).filter((c) => c.ContactNumber === id).length
				: env.sandbox.easybill.customers().filter((c) => c.number === id).length,
	},
	{
		name: 'Create Invoice',
		params: () => invoiceParams(),
		same: (ledger) => withPrice(ledger, 4900),
		other: (ledger) => withPrice(ledger, 5900),
		label: /Line 1 → Unit Price: item 0 49\.00 EUR, item 1 59\.00 EUR/,
		stored: (ledger, id) =>
			ledger === 'xero'
				? env.sandbox.xero.invoices(env.tenantId).filter((i) => i.Reference === id).length
				: env.sandbox.easybill.documents().filter((d) => d.external_id === id).length,
	},
	{
		name: 'Record Payment',
		params: paymentParams,
		same: () => ({ id: 'ch_dup', amount: 1000 }),
		other: () => ({ id: 'ch_dup', amount: 1500 }),
		label: /Amount: item 0 10\.00 EUR, item 1 15\.00 EUR/,
		needsInvoice: true,
		stored: (ledger) =>
			ledger === 'xero'
				? env.sandbox.xero.payments(env.tenantId).filter((p) => p.Status !== 'DELETED').length
				: env.sandbox.easybill.payments().length,
	},
	{
		name: 'Issue Credit Note',
		params: () => creditParams,
		same: () => ({ id: 're_dup', amount: 1000 }),
		other: () => ({ id: 're_dup', amount: 1500 }),
		label: /Amount: item 0 10\.00 EUR, item 1 15\.00 EUR/,
		needsInvoice: true,
		stored: (ledger, id) =>
			ledger === 'xero'
				? env.sandbox.xero.creditNotes(env.tenantId).filter((c) => c.Reference === id).length
				: env.sandbox.easybill.documents().filter((d) => d.external_id === id).length,
	},
];

async function invoiceToPay(ledger: LedgerName): Promise<void> {
	const made = await env.run(ledger, [invoiceItem(ledger, 'in_rep', 'cus_rep')], invoiceParams());
	expect(made.json[0].action).toBe('created');
}

const idOf = (c: Case, ledger: LedgerName) => String(c.same(ledger).id);

describe.each<LedgerName>(['xero', 'easybill'])('one source id twice in one run on %s', (ledger) => {
	describe.each(CASES)('$name', (c) => {
		it('the same values twice: one record, the repeat is unchanged and points to it', async () => {
			if (c.needsInvoice) await invoiceToPay(ledger);
			const run = await env.run(ledger, [c.same(ledger), c.same(ledger)], c.params(ledger));
			expect(run.error).toBeUndefined();
			expect(run.json.map((j) => j.action)).toEqual(['created', 'unchanged']);
			expect(run.json[1].ledgerId).toBe(run.json[0].ledgerId);
			expect(run.output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(c.stored(ledger, idOf(c, ledger))).toBe(1);
		});

		it('other values: the repeat is a conflict naming both items, only the first is booked', async () => {
			if (c.needsInvoice) await invoiceToPay(ledger);
			const run = await env.run(ledger, [c.same(ledger), c.other(ledger)], c.params(ledger), {
				continueOnFail: true,
			});
			expect(run.json[0].action).toBe('created');
			const error = run.json[1].error as IDataObject;
			expect(error).toMatchObject({ kind: 'conflict' });
			expect(String(error.message)).toMatch(/item 0 and item 1/);
			expect(String(error.message)).toMatch(c.label);
			expect(c.stored(ledger, idOf(c, ledger))).toBe(1);
		});

		it('other values without Continue On Fail: the node stops before writing anything', async () => {
			if (c.needsInvoice) await invoiceToPay(ledger);
			const run = await env.run(ledger, [c.same(ledger), c.other(ledger)], c.params(ledger));
			expect(String(run.error?.message)).toMatch(/item 0 and item 1/);
			expect(c.stored(ledger, idOf(c, ledger))).toBe(0);
		});
	});
});
