/**
 * Payments are identified by their source id, always: instalments that share a caller reference
 * (a Stripe payout id) are separate payments, also when each arrives in its own execution, and a
 * payment resent with another amount or date is a conflict, never `unchanged`.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fromItem, useNodeEnv, type LedgerName } from './nodeEnv';

const env = useNodeEnv({ easybillPerMinute: 60 });

const lineOf = (ledger: LedgerName, unitPrice: number): IDataObject =>
	ledger === 'xero'
		? { description: 'Annual plan', quantity: 1, unitPrice, taxType: 'OUTPUT2', accountCode: '200' }
		: { description: 'Annual plan', quantity: 1, unitPrice, taxPercent: 19 };

function invoiceParams(): INodeParameters {
	return {
		operation: 'createInvoice',
		amountUnit: 'minor',
		sourceId: fromItem('id'),
		contactBy: 'details',
		contactSourceId: 'cus_inst',
		contactName: 'Instalment Customer Ltd',
		issueDate: '2026-11-02',
		dueDate: '2026-11-16',
		currency: 'EUR',
		taxMode: 'exclusive',
		lineInputMode: 'json',
		linesJson: fromItem('lines'),
		status: 'final',
	};
}

const paymentParams = (ledger: LedgerName): INodeParameters => ({
	operation: 'recordPayment',
	amountUnit: 'minor',
	invoice: { __rl: true, mode: 'sourceId', value: 'in_inst' },
	sourceId: fromItem('charge'),
	amount: fromItem('amount'),
	currency: 'EUR',
	date: fromItem('date'),
	paymentFields: { reference: fromItem('payout') },
	...(ledger === 'xero' ? { bankAccount: '090' } : {}),
});

/** Net 100.00, so the gross is 120.00 on Xero (20 %) and 119.00 on EasyBill (19 %). */
async function createInvoice(ledger: LedgerName): Promise<number> {
	const result = await env.run(ledger, [{ id: 'in_inst', lines: [lineOf(ledger, 10000)] }], invoiceParams());
	expect(result.error).toBeUndefined();
	return (result.json[0].record as IDataObject).totalMinor as number;
}

function paymentsOnLedger(ledger: LedgerName): Array<{ amount: number; reference: string }> {
	if (ledger === 'xero') {
		return env.sandbox.xero
			.payments(env.tenantId)
			.filter((p) => p.Status !== 'DELETED')
			.map((p) => ({ amount: Math.round(p.Amount * 100), reference: String(p.Reference) }));
	}
	return env.sandbox.easybill
		.payments()
		.map((p) => ({ amount: p.amount, reference: `${p.reference ?? ''} ${p.notice ?? ''}` }));
}

describe.each<LedgerName>(['xero', 'easybill'])('instalments on %s', (ledger) => {
	it('books two instalments sharing a payout reference, each in its own execution', async () => {
		const total = await createInvoice(ledger);
		const half = total / 2;
		const first = { charge: 'ch_inst_1', amount: half, date: '2026-11-05', payout: 'po_shared' };
		const second = { charge: 'ch_inst_2', amount: half, date: '2026-11-05', payout: 'po_shared' };

		const a = await env.run(ledger, [first], paymentParams(ledger));
		expect(a.error).toBeUndefined();
		expect(a.json[0].action).toBe('created');
		const b = await env.run(ledger, [second], paymentParams(ledger));
		expect(b.error).toBeUndefined();
		expect(b.json[0].action).toBe('created');
		expect(b.json[0].ledgerId).not.toBe(a.json[0].ledgerId);

		const booked = paymentsOnLedger(ledger);
		expect(booked.map((p) => p.amount)).toEqual([half, half]);
		// The source id is stored where a later lookup finds it, beside the caller's reference.
		for (const [i, charge] of ['ch_inst_1', 'ch_inst_2'].entries()) {
			expect(booked[i].reference).toContain(charge);
			expect(booked[i].reference).toContain('po_shared');
		}

		// Resent after the other instalment paid part of the invoice: still the same payment.
		const again = await env.run(ledger, [first], paymentParams(ledger));
		expect(again.json[0]).toMatchObject({ action: 'unchanged', ledgerId: a.json[0].ledgerId });
		expect(paymentsOnLedger(ledger)).toHaveLength(2);
	});

	it('books two instalments sharing a payout reference in one execution', async () => {
		const total = await createInvoice(ledger);
		const items = [
			{ charge: 'ch_one_1', amount: total / 2, date: '2026-11-05', payout: 'po_same' },
			{ charge: 'ch_one_2', amount: total / 2, date: '2026-11-05', payout: 'po_same' },
		];
		const result = await env.run(ledger, items, paymentParams(ledger));
		expect(result.error).toBeUndefined();
		expect(result.json.map((j) => j.action)).toEqual(['created', 'created']);
		expect(paymentsOnLedger(ledger)).toHaveLength(2);
	});

	it('refuses a payment resent with its source id but another amount or date, naming both values', async () => {
		const total = await createInvoice(ledger);
		const original = { charge: 'ch_c', amount: total / 4, date: '2026-11-05', payout: 'po_c' };
		const booked = await env.run(ledger, [original], paymentParams(ledger));
		expect(booked.json[0].action).toBe('created');

		const otherAmount = await env.run(
			ledger,
			[{ ...original, amount: total / 2 }],
			paymentParams(ledger),
			{ continueOnFail: true },
		);
		expect(otherAmount.json[0].error).toMatchObject({ kind: 'conflict', field: 'amountMinor' });
		const amountMessage = String((otherAmount.json[0].error as IDataObject).message);
		expect(amountMessage).toContain(ledger === 'xero' ? '30.00' : '29.75');
		expect(amountMessage).toContain(ledger === 'xero' ? '60.00' : '59.50');

		const otherDate = await env.run(
			ledger,
			[{ ...original, date: '2026-11-07' }],
			paymentParams(ledger),
			{ continueOnFail: true },
		);
		expect(otherDate.json[0].error).toMatchObject({ kind: 'conflict', field: 'date' });
		const dateMessage = String((otherDate.json[0].error as IDataObject).message);
		expect(dateMessage).toContain('2026-11-05');
		expect(dateMessage).toContain('2026-11-07');
		expect(paymentsOnLedger(ledger)).toHaveLength(1);
	});
});
