/**
 * Several executions creating the same source id at the same moment (a webhook retried while the
 * first delivery still runs) leave exactly one record; every execution reports it, `created` for
 * one and `unchanged` for the others, and none fails. Sandbox latency widens the race window.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fromItem, startNodeEnv, type LedgerName, type NodeEnv } from './nodeEnv';

let env: NodeEnv;

beforeEach(async () => {
	env = await startNodeEnv({ easybillPerMinute: 60, latencyMs: 40 });
});

afterEach(async () => {
	const specErrors = env.specErrors();
	await env.stop();
	expect(specErrors).toEqual([]);
});

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

/**
 * Xero answers a repeated Idempotency-Key with the first answer, which cannot be told from a
 * fresh create, so there every execution may say `created`: what holds is one record, one id.
 */
async function concurrently(ledger: LedgerName, items: IDataObject[], params: INodeParameters) {
	// One credential id per execution: no in-process batch merging, as on separate workers.
	const runs = await Promise.all(
		Array.from({ length: EXECUTIONS }, (_, n) =>
			env.run(ledger, items, params, { continueOnFail: true, credentialId: `${ledger}-worker-${n}` }),
		),
	);
	for (const run of runs) expect(run.error).toBeUndefined();
	const outcomes = runs.map((r) => r.json[0]);
	for (const outcome of outcomes) expect(outcome.error).toBeUndefined();
	const actions = outcomes.map((o) => o.action);
	if (ledger === 'easybill') {
		expect(actions.sort()).toEqual(['created', ...Array(EXECUTIONS - 1).fill('unchanged')].sort());
	} else {
		expect(actions.every((a) => a === 'created' || a === 'unchanged')).toBe(true);
	}
	expect(new Set(outcomes.map((o) => o.ledgerId)).size).toBe(1);
	return outcomes;
}

describe.each<LedgerName>(['xero', 'easybill'])('concurrent executions on %s', (ledger) => {
	it('five executions upserting one new contact leave one contact', async () => {
		await concurrently(ledger, [{}], contactParams);
		const contacts =
			ledger === 'xero'
				? env.sandbox.xero.contacts(env.tenantId).filter((c) => c.ContactNumber === 'cus_race')
				: env.sandbox.easybill.customers().filter((c) => c.number === 'cus_race');
		expect(contacts).toHaveLength(1);
	});

	it('five executions creating one invoice leave one invoice', async () => {
		await concurrently(ledger, [{}], invoiceParams(ledger));
		const docs =
			ledger === 'xero'
				? env.sandbox.xero
						.invoices(env.tenantId)
						.filter((i) => i.Reference === 'in_race' && i.Status !== 'DELETED')
				: env.sandbox.easybill.documents().filter((d) => d.external_id === 'in_race');
		expect(docs).toHaveLength(1);
	});

	it('five executions recording one payment record it once', async () => {
		const invoice = await env.run(ledger, [{}], invoiceParams(ledger));
		const total = (invoice.json[0].record as IDataObject).totalMinor;
		await concurrently(ledger, [{ amount: Number(total) / 2 }], paymentParams(ledger));
		const payments =
			ledger === 'xero'
				? env.sandbox.xero.payments(env.tenantId).filter((p) => p.Status !== 'DELETED')
				: env.sandbox.easybill.payments();
		expect(payments).toHaveLength(1);
	});
});
