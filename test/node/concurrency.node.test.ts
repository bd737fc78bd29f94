/**
 * Several executions creating the same source id at the same moment (a webhook retried while the
 * first delivery still runs) leave exactly one record; every execution reports it, `created` for
 * one and `unchanged` for the others, and none fails. Sandbox latency widens the race window.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { RACE_CHECK_CHUNK } from '../../core/easybill/operations/createInvoices';
import { fromItem, useNodeEnv, type LedgerName } from './nodeEnv';

const env = useNodeEnv({ easybillPerMinute: 60, latencyMs: 40 });

const EXECUTIONS = 5;

const contactParams: INodeParameters = {
	operation: 'upsertContact',
	sourceId: 'cus_race',
	name: 'Race Condition Ltd',
	contactFields: { emails: 'race@example.com' },
};

const line = (ledger: LedgerName): IDataObject =>
	ledger === 'xero'
		? { description: 'Plan', quantity: 1, unitPrice: 10000, taxType: 'OUTPUT2', accountCode: '200' }
		: { description: 'Plan', quantity: 1, unitPrice: 10000, taxPercent: 19 };

const invoiceParams = (ledger: LedgerName): INodeParameters => ({
	operation: 'createInvoice',
	amountUnit: 'minor',
	sourceId: 'in_race',
	contactBy: 'details',
	contactSourceId: 'cus_race_inv',
	contactName: 'Race Invoice Ltd',
	issueDate: '2026-11-02',
	dueDate: '2026-11-30',
	currency: 'EUR',
	taxMode: 'exclusive',
	lineInputMode: 'json',
	linesJson: JSON.stringify([line(ledger)]),
	status: 'final',
});

const paymentParams = (ledger: LedgerName): INodeParameters => ({
	operation: 'recordPayment',
	amountUnit: 'minor',
	invoice: { __rl: true, mode: 'sourceId', value: 'in_race' },
	sourceId: 'ch_race',
	amount: fromItem('amount'),
	currency: 'EUR',
	date: '2026-11-05',
	...(ledger === 'xero' ? { bankAccount: '090' } : {}),
});

const creditParams = (ledger: LedgerName, refund: boolean): INodeParameters => ({
	operation: 'issueCreditNote',
	amountUnit: 'minor',
	invoice: { __rl: true, mode: 'sourceId', value: 'in_race' },
	sourceId: 're_race',
	currency: 'EUR',
	date: '2026-11-06',
	creditType: 'amount',
	amount: 2380,
	reason: 'Goodwill',
	allocate: !refund,
	refund,
	...(refund ? { refundDate: '2026-11-07' } : {}),
	...(refund && ledger === 'xero' ? { refundBankAccount: '090' } : {}),
});

/** Invoices whose source id comes from the item, all for one new contact. */
const batchParams = (ledger: LedgerName): INodeParameters => ({
	...invoiceParams(ledger),
	sourceId: fromItem('id'),
});

/**
 * The documents / invoices stored per source id, for the ids given. A Xero invoice that lost a
 * race is voided (Xero cannot delete an approved invoice): it is no longer booked, so it is not
 * counted here; `voidedPerSourceId` counts those.
 */
function storedPerSourceId(ledger: LedgerName, ids: string[]): Record<string, number> {
	const refs =
		ledger === 'xero'
			? env.sandbox.xero
					.invoices(env.tenantId)
					.filter((i) => i.Status !== 'DELETED' && i.Status !== 'VOIDED')
					.map((i) => i.Reference)
			: env.sandbox.easybill.documents().map((d) => d.external_id);
	return Object.fromEntries(ids.map((id) => [id, refs.filter((r) => r === id).length]));
}

/** Xero invoices voided per source id (the copies that lost a race). */
function voidedPerSourceId(ids: string[]): Record<string, number> {
	const refs = env.sandbox.xero
		.invoices(env.tenantId)
		.filter((i) => i.Status === 'VOIDED')
		.map((i) => i.Reference);
	return Object.fromEntries(ids.map((id) => [id, refs.filter((r) => r === id).length]));
}

/**
 * Executions whose batches overlap in some source ids only: each shared id is `created` by exactly
 * one execution and `unchanged` (same ledger id) for the others, each execution's own ids are
 * `created`, none fails, and one record is stored per source id.
 */
async function overlapping(ledger: LedgerName, batches: string[][], where: Where) {
	const runs = await Promise.all(
		batches.map((ids, n) =>
			env.run(
				ledger,
				ids.map((id) => ({ id })),
				batchParams(ledger),
				{
					continueOnFail: true,
					credentialId: where === 'separate workers' ? `${ledger}-worker-${n}` : undefined,
				},
			),
		),
	);
	const bySource = new Map<string, Array<{ action: unknown; ledgerId: unknown }>>();
	runs.forEach((run, n) => {
		expect(run.error).toBeUndefined();
		expect(run.json).toHaveLength(batches[n].length);
		run.json.forEach((out, i) => {
			expect(out.error).toBeUndefined();
			const id = batches[n][i];
			bySource.set(id, [...(bySource.get(id) ?? []), { action: out.action, ledgerId: out.ledgerId }]);
		});
	});
	for (const [id, outcomes] of bySource) {
		const actions = outcomes.map((o) => o.action).sort();
		expect({ id, actions }).toEqual({
			id,
			actions: ['created', ...Array(outcomes.length - 1).fill('unchanged')].sort(),
		});
		expect(new Set(outcomes.map((o) => o.ledgerId)).size).toBe(1);
	}
	const ids = [...bySource.keys()];
	expect(storedPerSourceId(ledger, ids)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
	if (ledger === 'xero') {
		// The invoice every execution reports is the one kept; only shared ids had copies to void.
		const live = env.sandbox.xero.invoices(env.tenantId).filter((i) => i.Status === 'AUTHORISED');
		for (const [id, outcomes] of bySource) {
			expect({ id, kept: live.find((i) => i.Reference === id)?.InvoiceID }).toEqual({
				id,
				kept: outcomes[0].ledgerId,
			});
		}
		const voided = voidedPerSourceId(ids);
		for (const [id, outcomes] of bySource) {
			if (outcomes.length === 1) expect({ id, voided: voided[id] }).toEqual({ id, voided: 0 });
			else expect(voided[id]).toBeLessThan(outcomes.length);
		}
	}
}

type Where = 'one n8n process' | 'separate workers';
const WHERE: Where[] = ['one n8n process', 'separate workers'];

/** Every execution reports the one record: `created` for one, `unchanged` for the others. */
async function concurrently(
	ledger: LedgerName,
	items: IDataObject[],
	params: INodeParameters,
	where: Where,
	executions = EXECUTIONS,
) {
	// One credential id per execution: no in-process batch merging, as on separate workers.
	const credentialId = (n: number) =>
		where === 'separate workers' ? `${ledger}-worker-${n}` : undefined;
	const runs = await Promise.all(
		Array.from({ length: executions }, (_, n) =>
			env.run(ledger, items, params, { continueOnFail: true, credentialId: credentialId(n) }),
		),
	);
	for (const run of runs) expect(run.error).toBeUndefined();
	const outcomes = runs.map((r) => r.json[0]);
	for (const outcome of outcomes) expect(outcome.error).toBeUndefined();
	const actions = outcomes.map((o) => o.action);
	expect(actions.sort()).toEqual(['created', ...Array(executions - 1).fill('unchanged')].sort());
	expect(new Set(outcomes.map((o) => o.ledgerId)).size).toBe(1);
	return outcomes;
}

describe.each(
	(['xero', 'easybill'] as LedgerName[]).flatMap((ledger) => WHERE.map((where) => ({ ledger, where }))),
)('concurrent executions on $ledger, $where', ({ ledger, where }) => {
	it('five executions upserting one new contact leave one contact', async () => {
		await concurrently(ledger, [{}], contactParams, where);
		const contacts =
			ledger === 'xero'
				? env.sandbox.xero.contacts(env.tenantId).filter((c) => c.ContactNumber === 'cus_race')
				: env.sandbox.easybill.customers().filter((c) => c.number === 'cus_race');
		expect(contacts).toHaveLength(1);
	});

	it('five executions creating one invoice leave one invoice', async () => {
		await concurrently(ledger, [{}], invoiceParams(ledger), where);
		const docs =
			ledger === 'xero'
				? env.sandbox.xero
						.invoices(env.tenantId)
						.filter((i) => i.Reference === 'in_race' && i.Status !== 'DELETED')
				: env.sandbox.easybill.documents().filter((d) => d.external_id === 'in_race');
		expect(docs).toHaveLength(1);
	});

	it('two executions creating one invoice leave one invoice', async () => {
		await concurrently(ledger, [{}], invoiceParams(ledger), where, 2);
		const docs =
			ledger === 'xero'
				? env.sandbox.xero.invoices(env.tenantId).filter((i) => i.Reference === 'in_race')
				: env.sandbox.easybill.documents().filter((d) => d.external_id === 'in_race');
		expect(docs).toHaveLength(1);
	});

	// Batches that overlap in some ids only carry different Idempotency-Keys (Xero does not join
	// them across workers): each execution creates the shared invoice, and the re-check after the
	// create (core/xero/createRace.ts, core/easybill/createRace.ts) keeps the one created first.
	it(
		'five executions whose batches share one invoice of three leave one invoice per source id',
		async () => {
			await overlapping(
				ledger,
				Array.from({ length: EXECUTIONS }, (_, n) => [`in_own_${n}_a`, 'in_race', `in_own_${n}_b`]),
				where,
			);
		},
	);

	it('five executions recording one payment record it once', async () => {
		const invoice = await env.run(ledger, [{}], invoiceParams(ledger));
		const total = (invoice.json[0].record as IDataObject).totalMinor;
		await concurrently(ledger, [{ amount: Number(total) / 2 }], paymentParams(ledger), where);
		const payments =
			ledger === 'xero'
				? env.sandbox.xero.payments(env.tenantId).filter((p) => p.Status !== 'DELETED')
				: env.sandbox.easybill.payments();
		expect(payments).toHaveLength(1);
	});

	it.each([
		['allocated to the invoice', false],
		['refunded', true],
	])('five executions issuing one credit note %s issue it once', async (_how, refund) => {
		await env.run(ledger, [{}], invoiceParams(ledger));
		const outcomes = await concurrently(ledger, [{}], creditParams(ledger, refund), where);
		expect(outcomes[0].record).toMatchObject({
			totalMinor: 2380,
			allocatedMinor: refund ? 0 : 2380,
			refundedMinor: refund ? 2380 : 0,
		});
		if (ledger === 'xero') {
			const notes = env.sandbox.xero
				.creditNotes(env.tenantId)
				.filter((c) => c.Reference === 're_race' && c.Status !== 'DELETED' && c.Status !== 'VOIDED');
			expect(notes).toHaveLength(1);
			const refunds = env.sandbox.xero
				.payments(env.tenantId)
				.filter((p) => p.Status !== 'DELETED' && p.CreditNote);
			expect(refunds).toHaveLength(refund ? 1 : 0);
			const invoice = env.sandbox.xero.invoices(env.tenantId).find((i) => i.Reference === 'in_race');
			expect(invoice?.AmountCredited).toBe(refund ? 0 : 23.8);
		} else {
			const credits = env.sandbox.easybill.documents().filter((d) => d.external_id === 're_race');
			expect(credits).toHaveLength(1);
			const onCredit = env.sandbox.easybill.payments().filter((p) => p.document_id === credits[0].id);
			const onInvoice = env.sandbox.easybill.payments().filter((p) => p.document_id !== credits[0].id);
			expect(onCredit.map((p) => p.amount)).toEqual([2380]);
			expect(onInvoice.map((p) => p.amount)).toEqual(refund ? [] : [2380]);
		}
	});
});

describe.each(WHERE)('EasyBill batches longer than one re-check list, %s', (where) => {
	it('two executions racing only in their second chunk leave one invoice per source id', async () => {
		// Each batch creates a chunk of its own invoices first; the shared ones come after it, so
		// both executions create them (neither saw the other's at its lookup) and settle them in
		// their second re-check list, together with invoices that did not race.
		const own = (n: number) => Array.from({ length: RACE_CHECK_CHUNK }, (_, i) => `in_c${n}_${i}`);
		const shared = ['in_late_0', 'in_late_1', 'in_late_2'];
		await overlapping(
			'easybill',
			[
				[...own(0), ...shared, 'in_c0_tail'],
				[...own(1), ...shared, 'in_c1_tail'],
			],
			where,
		);
	}, 120_000);
});

describe.each(WHERE)('Xero batches longer than one write, %s', (where) => {
	it('two executions racing only in their second batch leave one live invoice per source id', async () => {
		// Each creates a first batch of 50 of its own, then the shared ones with one more of its own:
		// the second batches differ (another Idempotency-Key), so across workers both create the
		// shared invoices, and the re-check after both batches (two `where` chunks) settles them.
		const own = (n: number) => Array.from({ length: 50 }, (_, i) => `in_x${n}_${i}`);
		const shared = ['in_xlate_0', 'in_xlate_1', 'in_xlate_2'];
		await overlapping(
			'xero',
			[
				[...own(0), ...shared, 'in_x0_tail'],
				[...own(1), ...shared, 'in_x1_tail'],
			],
			where,
		);
	}, 120_000);
});

/**
 * Executions whose Record Payment / Issue Credit Note batches differ (so Xero does not join their
 * writes by Idempotency-Key) but share one source id: each one looked it up, found nothing and
 * wrote it. One record stays per source id; every execution reports that one.
 */
describe.each(
	(['xero', 'easybill'] as LedgerName[]).flatMap((ledger) => WHERE.map((where) => ({ ledger, where }))),
)('executions whose payment or credit batches share one source id, $ledger, $where', ({ ledger, where }) => {
	/** Invoice `in_shared` and one of each execution's own; the total of each. */
	async function invoices(): Promise<number> {
		const ids = ['in_shared', ...Array.from({ length: EXECUTIONS }, (_, n) => `in_mine_${n}`)];
		const run = await env.run(ledger, ids.map((id) => ({ id })), batchParams(ledger));
		expect(run.json.map((o) => o.action)).toEqual(ids.map(() => 'created'));
		return Number((run.json[0].record as IDataObject).totalMinor);
	}

	/** Runs the batches at once and checks every execution reports the one record per source id. */
	async function race(batches: IDataObject[][], params: INodeParameters) {
		const runs = await Promise.all(
			batches.map((items, n) =>
				env.run(ledger, items, params, {
					continueOnFail: true,
					credentialId: where === 'separate workers' ? `${ledger}-worker-${n}` : undefined,
				}),
			),
		);
		const bySource = new Map<string, Array<{ action: unknown; ledgerId: unknown }>>();
		runs.forEach((run, n) => {
			expect(run.error).toBeUndefined();
			run.json.forEach((out, i) => {
				const id = String(batches[n][i].id);
				expect({ id, error: out.error }).toEqual({ id, error: undefined });
				bySource.set(id, [...(bySource.get(id) ?? []), { action: out.action, ledgerId: out.ledgerId }]);
			});
		});
		for (const [id, outcomes] of bySource) {
			expect({ id, actions: outcomes.map((o) => o.action).sort() }).toEqual({
				id,
				actions: ['created', ...Array(outcomes.length - 1).fill('unchanged')].sort(),
			});
			expect({ id, ids: new Set(outcomes.map((o) => o.ledgerId)).size }).toEqual({ id, ids: 1 });
		}
		return bySource;
	}

	it('five executions each upserting its own contact and a shared new one leave one contact per source id', async () => {
		const batches = Array.from({ length: EXECUTIONS }, (_, n) => [
			{ id: `cus_mine_${n}`, name: `Mine ${n} Ltd`, email: `mine${n}@example.com` },
			{ id: 'cus_shared', name: 'Shared Customer Ltd', email: 'shared@example.com' },
		]);
		const bySource = await race(batches, {
			...contactParams,
			sourceId: fromItem('id'),
			name: fromItem('name'),
			contactFields: { emails: fromItem('email') },
		});
		const ids = [...bySource.keys()];
		const numbers =
			ledger === 'xero'
				? env.sandbox.xero
						.contacts(env.tenantId)
						.filter((c) => c.ContactStatus !== 'ARCHIVED')
						.map((c) => c.ContactNumber)
				: env.sandbox.easybill.customers().map((c) => c.number);
		expect(Object.fromEntries(ids.map((id) => [id, numbers.filter((x) => x === id).length]))).toEqual(
			Object.fromEntries(ids.map((id) => [id, 1])),
		);
	}, 60_000);

	const payParams: INodeParameters = {
		...paymentParams(ledger),
		invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') },
		sourceId: fromItem('id'),
	};

	/** Live payments per source id, and what is still due on the shared invoice (minor units). */
	function booked(ids: string[]) {
		if (ledger === 'xero') {
			const live = env.sandbox.xero.payments(env.tenantId).filter((p) => p.Status !== 'DELETED');
			const shared = env.sandbox.xero.invoices(env.tenantId).find((i) => i.Reference === 'in_shared');
			return {
				perSource: Object.fromEntries(ids.map((id) => [id, live.filter((p) => p.Reference === id).length])),
				dueMinor: Math.round(Number(shared?.AmountDue) * 100),
			};
		}
		const payments = env.sandbox.easybill.payments();
		const shared = env.sandbox.easybill.documents().find((d) => d.external_id === 'in_shared');
		return {
			perSource: Object.fromEntries(
				ids.map((id) => [id, payments.filter((p) => String(p.reference ?? '').includes(id)).length]),
			),
			dueMinor: Number(shared?.amount) - payments
				.filter((p) => p.document_id === shared?.id)
				.reduce((sum, p) => sum + Number(p.amount), 0),
		};
	}

	it.each([
		['a part payment', 0.5],
		['the whole amount due', 1],
	])('five executions each paying its own invoice and %s of a shared one book the shared payment once', async (_what, share) => {
		const total = await invoices();
		const amount = Math.round(total * share);
		const batches = Array.from({ length: EXECUTIONS }, (_, n) => [
			{ id: `ch_mine_${n}`, invoice: `in_mine_${n}`, amount: 1000 },
			{ id: 'ch_shared', invoice: 'in_shared', amount },
		]);
		const bySource = await race(batches, payParams);
		expect(booked([...bySource.keys()])).toEqual({
			perSource: Object.fromEntries([...bySource.keys()].map((id) => [id, 1])),
			dueMinor: total - amount,
		});
	}, 60_000);

	it.each([
		['allocated to the invoice', false],
		['refunded', true],
	])('five executions each crediting its own invoice and a shared one issue the shared credit note once, %s', async (_how, refund) => {
		await invoices();
		const batches = Array.from({ length: EXECUTIONS }, (_, n) => [
			{ id: `re_mine_${n}`, invoice: `in_mine_${n}` },
			{ id: 're_shared', invoice: 'in_shared' },
		]);
		const bySource = await race(batches, {
			...creditParams(ledger, refund),
			invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') },
			sourceId: fromItem('id'),
		});
		const ids = [...bySource.keys()];
		if (ledger === 'xero') {
			const live = env.sandbox.xero
				.creditNotes(env.tenantId)
				.filter((c) => c.Status !== 'DELETED' && c.Status !== 'VOIDED');
			expect(Object.fromEntries(ids.map((id) => [id, live.filter((c) => c.Reference === id).length]))).toEqual(
				Object.fromEntries(ids.map((id) => [id, 1])),
			);
			const shared = env.sandbox.xero.invoices(env.tenantId).find((i) => i.Reference === 'in_shared');
			expect(shared?.AmountCredited).toBe(refund ? 0 : 23.8);
			// The kept note is the one every execution reports.
			const kept = live.find((c) => c.Reference === 're_shared');
			expect(bySource.get('re_shared')?.[0].ledgerId).toBe(kept?.CreditNoteID);
			const refunds = env.sandbox.xero
				.payments(env.tenantId)
				.filter((p) => p.Status !== 'DELETED' && p.CreditNote?.CreditNoteID === kept?.CreditNoteID);
			expect(refunds.map((p) => p.Amount)).toEqual(refund ? [23.8] : []);
		} else {
			const docs = env.sandbox.easybill.documents();
			expect(Object.fromEntries(ids.map((id) => [id, docs.filter((d) => d.external_id === id).length]))).toEqual(
				Object.fromEntries(ids.map((id) => [id, 1])),
			);
			const shared = docs.find((d) => d.external_id === 'in_shared');
			const credit = docs.find((d) => d.external_id === 're_shared');
			const payments = env.sandbox.easybill.payments();
			expect(payments.filter((p) => p.document_id === shared?.id).map((p) => p.amount)).toEqual(refund ? [] : [2380]);
			expect(payments.filter((p) => p.document_id === credit?.id).map((p) => p.amount)).toEqual([2380]);
		}
	}, 60_000);
});
