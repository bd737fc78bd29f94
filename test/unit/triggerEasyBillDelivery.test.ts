import type { PaidInvoice } from '../../core/model';
import type { EmitMode } from '../../core/triggers/emissions';
import { parseEasyBillDelivery } from '../../core/triggers/easybillDelivery';
import {
	processEasyBillDelivery,
	type EasyBillWebhookState,
} from '../../core/triggers/easybillWebhookFlow';
import { toPaidInvoiceOutput } from '../../core/triggers/paidInvoiceOutput';
import { paidInvoice } from '../trigger/fakePaidLedger';

const T0 = Date.UTC(2026, 10, 23, 12);

function document(id: number, overrides: Record<string, unknown> = {}) {
	return {
		id,
		type: 'INVOICE',
		amount: 11900,
		paid_amount: 11900,
		paid_at: '2026-11-23',
		currency: 'EUR',
		...overrides,
	};
}

function ebInvoice(id: number, paidMinor: number, type = 'INVOICE'): PaidInvoice {
	return paidInvoice(String(id), {
		ledger: 'easybill',
		tenantId: undefined,
		totalMinor: 11900,
		amountPaidMinor: paidMinor,
		amountDueMinor: 11900 - paidMinor,
		state: paidMinor >= 11900 ? 'paid' : 'open',
		raw: document(id, { type, paid_amount: paidMinor }),
	});
}

describe('parseEasyBillDelivery', () => {
	it('reads a document body (what document.* events carry)', () => {
		expect(parseEasyBillDelivery(document(500001), 'document.payment_add')).toEqual({
			event: 'document.payment_add',
			documentId: '500001',
			documentType: 'INVOICE',
		});
	});

	it('reads a payment body, bare or wrapped', () => {
		const payment = { id: 900001, document_id: 500001, amount: 5000, payment_at: '2026-11-23' };
		for (const shape of [payment, { data: payment }, { payment }]) {
			expect(parseEasyBillDelivery(shape, ['document.payment_add'])).toEqual({
				event: 'document.payment_add',
				documentId: '500001',
				paymentId: '900001',
				paymentAmountMinor: 5000,
			});
		}
	});

	it('finds no document in junk', () => {
		for (const junk of [undefined, null, 'x', [], { id: 'abc', type: 'INVOICE' }, { id: 1 }]) {
			expect(parseEasyBillDelivery(junk).documentId).toBeUndefined();
		}
	});
});

function ledger(states: Record<string, PaidInvoice | undefined>) {
	const calls: string[] = [];
	let fail = 0;
	return {
		calls,
		failNext() {
			fail = 1;
		},
		get: async (id: string) => {
			calls.push(id);
			if (fail > 0) {
				fail--;
				throw new Error('EasyBill is down');
			}
			return states[id];
		},
	};
}

async function deliver(
	body: unknown,
	state: EasyBillWebhookState | undefined,
	get: (id: string) => Promise<PaidInvoice | undefined>,
	mode: EmitMode = 'paid',
	event = 'document.payment_add',
) {
	const outcome = await processEasyBillDelivery({
		delivery: parseEasyBillDelivery(body, event),
		settings: { mode },
		state,
		now: T0,
		getInvoiceState: get,
	});
	return { ...outcome, state: JSON.parse(JSON.stringify(outcome.state)) as EasyBillWebhookState };
}

describe('processEasyBillDelivery, "fully paid" mode', () => {
	it('emits a fully paid invoice once, however often it is delivered', async () => {
		const api = ledger({ '500001': ebInvoice(500001, 11900) });
		const first = await deliver(document(500001), undefined, api.get);
		expect(first.emit.map((e) => e.invoice.ledgerId)).toEqual(['500001']);
		const again = await deliver(document(500001), first.state, api.get);
		expect(again.emit).toEqual([]);
	});

	it('does not emit a part-paid invoice, then emits it when the last payment lands', async () => {
		const states: Record<string, PaidInvoice> = { '500002': ebInvoice(500002, 5000) };
		const api = ledger(states);
		const part = await deliver(document(500002, { paid_amount: 5000 }), undefined, api.get);
		expect(part.emit).toEqual([]);
		states['500002'] = ebInvoice(500002, 11900);
		const full = await deliver(document(500002), part.state, api.get);
		expect(full.emit.map((e) => e.invoice.ledgerId)).toEqual(['500002']);
	});

	it('trusts the fetched state, not the body: a body claiming "paid" emits nothing if the ledger says open', async () => {
		const api = ledger({ '500003': ebInvoice(500003, 0) });
		expect((await deliver(document(500003), undefined, api.get)).emit).toEqual([]);
	});

	it('skips credits and irrelevant events without a call', async () => {
		const api = ledger({});
		await deliver(document(500004, { type: 'CREDIT' }), undefined, api.get);
		await deliver(document(500005), undefined, api.get, 'paid', 'customer.update');
		expect(api.calls).toEqual([]);
	});

	it('does not emit a document the ledger says is not an invoice', async () => {
		const api = ledger({ '500006': ebInvoice(500006, 11900, 'CREDIT') });
		expect(
			(await deliver({ id: 900009, document_id: 500006, amount: 11900 }, undefined, api.get)).emit,
		).toEqual([]);
	});

	it('keeps a document whose fetch failed and retries it with the next delivery', async () => {
		const api = ledger({ '500007': ebInvoice(500007, 11900), '500008': ebInvoice(500008, 11900) });
		api.failNext();
		const failed = await deliver(document(500007), undefined, api.get);
		expect(failed.failure?.error).toBeInstanceOf(Error);
		expect(failed.state.pending!.map(([id]) => id)).toEqual(['500007']);
		const next = await deliver(document(500008), failed.state, api.get);
		expect(next.emit.map((e) => e.invoice.ledgerId).sort()).toEqual(['500007', '500008']);
		expect(next.state.pending).toEqual([]);
	});
});

describe('processEasyBillDelivery, failing documents', () => {
	it('keeps retrying a document whose read fails, while the others are emitted', async () => {
		const calls: string[] = [];
		const get = async (id: string) => {
			calls.push(id);
			if (id === '500099') throw new Error('gone for good');
			return ebInvoice(Number(id), 11900);
		};
		const failed = await deliver(document(500099), undefined, get);
		expect(failed.state.pending!.map(([id]) => id)).toEqual(['500099']);
		const again = await deliver(document(500098), failed.state, get);
		expect(again.failure?.failedIds).toEqual(['500099']);
		expect(again.emit.map((e) => e.invoice.ledgerId)).toEqual(['500098']);
		expect(again.state.pending!.map(([id, , attempts]) => [id, attempts])).toEqual([
			['500099', 2],
		]);
	});
});

describe('processEasyBillDelivery, "every payment" mode', () => {
	it('emits once per payment with the paid amount, including partial ones', async () => {
		const states: Record<string, PaidInvoice> = { '500010': ebInvoice(500010, 4000) };
		const api = ledger(states);
		const first = await deliver(
			{ id: 900001, document_id: 500010, amount: 4000 },
			undefined,
			api.get,
			'everyPayment',
		);
		expect(first.emit).toHaveLength(1);
		expect(first.emit[0].payment).toMatchObject({ ledgerId: '900001', amountMinor: 4000 });
		const repeat = await deliver(
			{ id: 900001, document_id: 500010, amount: 4000 },
			first.state,
			api.get,
			'everyPayment',
		);
		expect(repeat.emit).toEqual([]);
		states['500010'] = ebInvoice(500010, 11900);
		const second = await deliver(document(500010), repeat.state, api.get, 'everyPayment');
		expect(second.emit).toHaveLength(1);
		expect(second.emit[0].invoice.amountPaidMinor).toBe(11900);
	});
});

describe('processEasyBillDelivery, "every payment" mode with the payment list', () => {
	const payment = (id: string, amountMinor: number, date = '2026-11-23') => ({
		ledgerId: id,
		invoiceLedgerId: '500020',
		amountMinor,
		currency: 'EUR',
		date,
	});

	it('emits each payment once even when both landed before the first delivery was read', async () => {
		const state = {
			...ebInvoice(500020, 11900),
			payments: [payment('900012', 7900), payment('900011', 4000)],
		};
		const api = ledger({ '500020': state });
		const first = await deliver(
			document(500020, { paid_amount: 4000 }),
			undefined,
			api.get,
			'everyPayment',
		);
		expect(first.emit.map((e) => [e.payment?.ledgerId, e.payment?.amountMinor])).toEqual([
			['900011', 4000],
			['900012', 7900],
		]);
		const second = await deliver(document(500020), first.state, api.get, 'everyPayment');
		expect(second.emit).toEqual([]);
	});

	it('does not announce payments made long before the trigger first saw the invoice', async () => {
		const state = {
			...ebInvoice(500021, 11900),
			payments: [payment('900001', 4000, '2026-08-01'), payment('900031', 7900)],
		};
		const api = ledger({ '500021': state });
		const outcome = await deliver(document(500021), undefined, api.get, 'everyPayment');
		expect(outcome.emit.map((e) => e.payment?.ledgerId)).toEqual(['900031']);
	});
});

describe('toPaidInvoiceOutput', () => {
	it('keeps the canonical record and adds major-unit decimal strings', () => {
		const invoice = {
			...paidInvoice('inv-1'),
			payments: [
				{
					ledgerId: 'p1',
					invoiceLedgerId: 'inv-1',
					amountMinor: 11900,
					currency: 'EUR',
					date: '2026-11-23',
				},
			],
		};
		const out = toPaidInvoiceOutput(invoice, { source: 'webhook' });
		expect(out).toMatchObject({
			ledger: 'xero',
			ledgerId: 'inv-1',
			totalMinor: 11900,
			total: '119.00',
			amountPaid: '119.00',
			amountDue: '0.00',
			tax: '19.00',
			trigger: { source: 'webhook' },
			raw: { id: 'inv-1' },
		});
		expect(out.payments![0].amount).toBe('119.00');
	});

	it('formats zero-decimal currencies without a point and carries the announced payment', () => {
		const invoice = paidInvoice('jp', { currency: 'JPY', totalMinor: 5000, amountPaidMinor: 5000 });
		const out = toPaidInvoiceOutput(invoice, { source: 'poll', payment: { amountMinor: 5000 } });
		expect(out.total).toBe('5000');
		expect(out.payment).toEqual({ amountMinor: 5000, amount: '5000' });
		expect('payments' in out).toBe(false);
	});
});
