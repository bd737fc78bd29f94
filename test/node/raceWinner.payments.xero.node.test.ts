/**
 * Xero Record Payment and Issue Credit Note across workers: two executions that both looked a
 * source id up, found nothing and wrote it (batches of another shape carry another
 * Idempotency-Key, so Xero does not join them) settle on the record made first. Execution B sends
 * the source id with one of its own; its write is held (a slow Xero call) after its lookup found
 * nothing, while execution A sends it alone and runs whole. A saw only its own record and keeps
 * `created`; B's copy came later, so B removes it (a payment is deleted, a credit note voided
 * before it is allocated) and reports A's. The races themselves, five at once, are in
 * concurrency.node.test.ts.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { invoiceParams } from './invoiceFixtures';
import { fromItem, useNodeEnv, type NodeRun } from './nodeEnv';

const env = useNodeEnv();

beforeEach(async () => {
	const invoices = await env.run(
		'xero',
		[{ id: 'in_shared' }, { id: 'in_b_own' }],
		invoiceParams({
			contactSourceId: 'cus_first',
			contactName: 'First Come Ltd',
			linesJson: JSON.stringify([
				{ description: 'Plan', quantity: 1, unitPrice: 10000, taxType: 'OUTPUT2', accountCode: '200' },
			]),
		}),
	);
	expect(invoices.json.map((j) => j.action)).toEqual(['created', 'created']);
});

const payment = (amount: number): INodeParameters => ({
	operation: 'recordPayment',
	amountUnit: 'minor',
	invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') },
	sourceId: fromItem('id'),
	amount,
	currency: 'EUR',
	date: '2026-11-05',
	bankAccount: '090',
});

const credit = (amount: number): INodeParameters => ({
	operation: 'issueCreditNote',
	amountUnit: 'minor',
	invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') },
	sourceId: fromItem('id'),
	currency: 'EUR',
	date: '2026-11-06',
	creditType: 'amount',
	amount,
	reason: 'Goodwill',
	allocate: true,
});

const writes = (path: RegExp) => env.sandbox.log.entries({ service: 'xero', method: 'PUT', path });

/**
 * B ([shared, b_own]) starts first; its write (the first PUT on `path`) is held before Xero
 * handles it, and A ([shared]) runs whole in the meantime.
 */
async function bWritesAfterA(
	path: RegExp,
	ids: { shared: string; own: string },
	b: INodeParameters,
	a: INodeParameters,
): Promise<{ a: NodeRun; b: NodeRun }> {
	env.sandbox.faults.add({ service: 'xero', method: 'PUT', path, nth: 1, kind: 'slow', delayMs: 5000 });
	const bRun = env.run(
		'xero',
		[
			{ id: ids.shared, invoice: 'in_shared' },
			{ id: ids.own, invoice: 'in_b_own' },
		],
		b,
		{ continueOnFail: true, credentialId: 'xero-worker-b' },
	);
	while (writes(path).length === 0) await new Promise((r) => setTimeout(r, 20));
	const aRun = await env.run('xero', [{ id: ids.shared, invoice: 'in_shared' }], a, {
		continueOnFail: true,
		credentialId: 'xero-worker-a',
	});
	const bDone = await bRun;
	// A ran inside B's held write: B's is the first, A's the second.
	expect(writes(path)).toHaveLength(2);
	return { a: aRun, b: bDone };
}

const PAYMENTS = /\/Payments$/;
const CREDIT_NOTES = /\/CreditNotes$/;
const payments = (reference: string) =>
	env.sandbox.xero.payments(env.tenantId).filter((p) => p.Reference === reference);
const sharedInvoice = () => env.sandbox.xero.invoices(env.tenantId).find((i) => i.Reference === 'in_shared');

describe('Xero Record Payment: two workers book one part payment, the one made first is kept', () => {
	it('the execution that paid first reports created, the later one unchanged with its payment, and deletes its own copy', async () => {
		const { a, b } = await bWritesAfterA(PAYMENTS, { shared: 'ch_first', own: 'ch_b_own' }, payment(5000), payment(5000));
		const [first] = a.json;
		const [later, own] = b.json;
		expect([first.error, later.error, own.error]).toEqual([undefined, undefined, undefined]);
		expect([first.action, later.action, own.action]).toEqual(['created', 'unchanged', 'created']);
		expect(later.ledgerId).toBe(first.ledgerId);
		const stored = payments('ch_first');
		expect(stored.map((p) => p.Status).sort()).toEqual(['AUTHORISED', 'DELETED']);
		expect(stored.find((p) => p.Status === 'AUTHORISED')?.PaymentID).toBe(first.ledgerId);
		// Paid once: 120.00 (100.00 and 20 % VAT) less 50.00.
		expect(sharedInvoice()?.AmountDue).toBe(70);
	});

	it('the later execution asked for another amount: its copy is deleted and the item is a conflict naming both values', async () => {
		const { a, b } = await bWritesAfterA(PAYMENTS, { shared: 'ch_first', own: 'ch_b_own' }, payment(4000), payment(5000));
		expect(a.json[0].action).toBe('created');
		const error = b.json[0].error as IDataObject;
		expect(error.kind).toBe('conflict');
		expect(String(error.message)).toMatch(
			/^another execution recorded payment [0-9a-f-]+ for this source id at the same moment, before this execution's [0-9a-f-]+ \(deleted\): .*Amount: ledger 50\.00 EUR, input 40\.00 EUR/,
		);
		expect(payments('ch_first').filter((p) => p.Status !== 'DELETED').map((p) => p.Amount)).toEqual([50]);
		expect(sharedInvoice()?.AmountDue).toBe(70);
	});

	const invoiceReads = () => env.sandbox.log.entries({ service: 'xero', method: 'GET', path: /\/Invoices$/ });

	it('a re-check that cannot be read leaves what was booked as reported: created, nothing deleted', async () => {
		// The first GET /Invoices is the lookup before the write; every re-check after it fails.
		env.sandbox.faults.add({ service: 'xero', method: 'GET', path: /\/Invoices$/, nth: 2, times: 1000, kind: '503' });
		const before = invoiceReads().length;
		const run = await env.run('xero', [{ id: 'ch_solo', invoice: 'in_shared' }], payment(5000));
		expect(run.json.map((j) => j.action)).toEqual(['created']);
		expect(invoiceReads().length - before).toBeGreaterThan(1);
		expect(payments('ch_solo').map((p) => p.Status)).toEqual(['AUTHORISED']);
	});

	it('a part payment costs one more read (the invoice again); a payment of the whole amount due none', async () => {
		const before = invoiceReads().length;
		const part = await env.run('xero', [{ id: 'ch_part', invoice: 'in_b_own' }], payment(5000));
		expect(part.json.map((j) => j.action)).toEqual(['created']);
		expect(invoiceReads().length - before).toBe(2);
		expect(sharedInvoice()?.AmountDue).toBe(120);
		const whole = await env.run('xero', [{ id: 'ch_full', invoice: 'in_shared' }], payment(12000));
		expect(whole.json.map((j) => j.action)).toEqual(['created']);
		expect(invoiceReads().length - before).toBe(3);
		// No payment needed ordering: none was read in full.
		expect(env.sandbox.log.entries({ service: 'xero', method: 'GET', path: PAYMENTS })).toHaveLength(0);
	});
});

describe('Xero Issue Credit Note: two workers issue one source id, the credit note numbered first is kept', () => {
	it('the later execution voids its own copy before allocating it and reports the kept one, allocated once', async () => {
		const { a, b } = await bWritesAfterA(CREDIT_NOTES, { shared: 're_first', own: 're_b_own' }, credit(2380), credit(2380));
		const [first] = a.json;
		const [later, own] = b.json;
		expect([first.error, later.error, own.error]).toEqual([undefined, undefined, undefined]);
		expect([first.action, later.action, own.action]).toEqual(['created', 'unchanged', 'created']);
		expect(later.ledgerId).toBe(first.ledgerId);
		const notes = env.sandbox.xero.creditNotes(env.tenantId).filter((c) => c.Reference === 're_first');
		// The kept note is wholly allocated (Xero calls that PAID); the voided one never was.
		expect(notes.map((c) => c.Status).sort()).toEqual(['PAID', 'VOIDED']);
		const voided = notes.find((c) => c.Status === 'VOIDED');
		expect(voided?.Allocations ?? []).toEqual([]);
		expect(sharedInvoice()?.AmountCredited).toBe(23.8);
	});

	it('the later execution asked for another amount: its copy is voided and the item is a conflict', async () => {
		const { a, b } = await bWritesAfterA(CREDIT_NOTES, { shared: 're_first', own: 're_b_own' }, credit(1190), credit(2380));
		expect(a.json[0].action).toBe('created');
		const error = b.json[0].error as IDataObject;
		expect(error.kind).toBe('conflict');
		expect(String(error.message)).toMatch(
			/^another execution issued credit note CN-\d+ for this source id at the same moment, before this execution's CN-\d+ \(voided\): .*Total: ledger 23\.80, input 11\.90/,
		);
		const notes = env.sandbox.xero.creditNotes(env.tenantId).filter((c) => c.Reference === 're_first');
		expect(notes.map((c) => c.Status).sort()).toEqual(['PAID', 'VOIDED']);
		expect(sharedInvoice()?.AmountCredited).toBe(23.8);
	});
});
