/**
 * Bad-input corpus, Record Payment and Issue Credit Note, on both ledgers (amounts in major units,
 * as users type them): each malformed item fails alone, nothing of it is written, and the valid
 * items of the same execution are booked.
 */
import type { IDataObject } from 'n8n-workflow';

import { startNodeEnv, type LedgerName, type NodeEnv } from '../node/nodeEnv';
import {
	creditParams,
	invoiceParams,
	lineFor,
	paymentParams,
	runCorpus,
	unlabelled,
	type BadCase,
} from './corpus';

let env: NodeEnv;

beforeEach(async () => {
	env = await startNodeEnv();
});

afterEach(async () => {
	const specErrors = env.specErrors();
	await env.stop();
	expect(specErrors).toEqual([]);
});

/** Final invoices of 49.00 net (58.80 on Xero at 20 %, 58.31 on EasyBill at 19 %), one per id. */
async function invoices(ledger: LedgerName, ids: string[], status: 'final' | 'draft' = 'final') {
	const items = ids.map((id) => ({
		id,
		contactBy: 'details',
		customer: 'cus_bad_input',
		customerName: 'Bad Input Customer Ltd',
		contactId: '',
		issueDate: '2026-11-02',
		dueDate: '2026-11-16',
		currency: 'EUR',
		lines: [lineFor(ledger)],
	}));
	const result = await env.run(ledger, items, { ...invoiceParams, status });
	expect(result.json.map((j) => j.error)).toEqual(ids.map(() => undefined));
}

const payment = (id: string, invoice: string, overrides: IDataObject = {}): IDataObject => ({
	id,
	invoice,
	amount: '10.00',
	currency: 'EUR',
	date: '2026-11-05',
	bank: '090',
	...overrides,
});

const paymentCases = (ledger: LedgerName): BadCase[] => {
	const bad = (name: string, id: string, label: string[], overrides: IDataObject) => ({
		name,
		item: payment(id, 'inv_target', overrides),
		label,
	});
	const cases: BadCase[] = [
		bad('missing source id', '', ['Source ID'], {}),
		bad('amount above the amount due', 'p_over', ['Amount'], { amount: '1000.00' }),
		bad('amount zero', 'p_zero', ['Amount'], { amount: '0' }),
		bad('negative amount', 'p_neg', ['Amount'], { amount: '-10.00' }),
		bad('amount "12,50"', 'p_comma', ['Amount'], { amount: '12,50' }),
		bad('amount NaN', 'p_nan', ['Amount'], { amount: 'NaN' }),
		bad('amount Infinity', 'p_inf', ['Amount'], { amount: 'Infinity' }),
		bad('amount with three decimals', 'p_dec', ['Amount'], { amount: '1.234' }),
		bad('amount is text', 'p_text', ['Amount'], { amount: 'ten euros' }),
		bad('amount missing', 'p_none', ['Amount'], { amount: '' }),
		bad('currency other than the invoice', 'p_usd', ['Currency'], { currency: 'USD' }),
		bad('unknown currency', 'p_xyz', ['Currency'], { currency: 'XYZ' }),
		bad('impossible date', 'p_feb30', ['Payment Date'], { date: '2026-02-30' }),
		bad('ill-formed date', 'p_date', ['Payment Date'], { date: 'yesterday' }),
		bad('unknown invoice', 'p_noinv', ['Invoice'], { invoice: 'in_does_not_exist' }),
		bad('invoice left empty', 'p_emptyinv', ['Invoice'], { invoice: '' }),
		bad('payment on a draft', 'p_draft', ['Invoice'], { invoice: 'inv_draft' }),
	];
	if (ledger === 'xero') {
		cases.push(
			bad('unknown bank account', 'p_bank', ['Bank Account'], { bank: '999' }),
			bad('revenue account as bank account', 'p_rev', ['Bank Account'], { bank: '200' }),
		);
	}
	return cases;
};

const credit = (id: string, invoice: string, overrides: IDataObject = {}): IDataObject => ({
	id,
	invoice,
	currency: 'EUR',
	date: '2026-11-06',
	creditType: 'amount',
	amount: '5.00',
	lines: [],
	...overrides,
});

const creditCases = (ledger: LedgerName): BadCase[] => {
	const bad = (name: string, id: string, label: string[], overrides: IDataObject) => ({
		name,
		item: credit(id, 'inv_target', overrides),
		label,
	});
	return [
		bad('missing source id', '', ['Source ID'], {}),
		bad('credit above the invoice total', 'cn_over', ['Amount'], { amount: '5000.00' }),
		bad('negative credit', 'cn_neg', ['Amount'], { amount: '-5.00' }),
		bad('credit NaN', 'cn_nan', ['Amount'], { amount: 'NaN' }),
		bad('credit "5,00"', 'cn_comma', ['Amount'], { amount: '5,00' }),
		bad('credit zero', 'cn_zero', ['Amount'], { amount: '0.00' }),
		bad('unknown invoice', 'cn_noinv', ['Invoice'], { invoice: 'in_nowhere' }),
		bad('currency other than the invoice', 'cn_usd', ['Currency'], { currency: 'USD' }),
		bad('impossible date', 'cn_date', ['Date'], { date: '2026-04-31' }),
		bad('unknown credit type', 'cn_type', ['Credit'], { creditType: 'half' }),
		bad('by lines without lines', 'cn_nolines', ['Line Items'], { creditType: 'lines', lines: [] }),
		bad('by lines, negative quantity', 'cn_negq', ['Line 1', 'Quantity'], {
			creditType: 'lines',
			lines: [lineFor(ledger, { quantity: -1, unitPrice: '1.00' })],
		}),
		bad('allocated to a fully paid invoice', 'cn_paid', ['Allocate'], { invoice: 'inv_paid' }),
	];
};

describe.each<LedgerName>(['xero', 'easybill'])('bad input on %s', (ledger) => {
	it('Record Payment: each malformed item fails alone, the valid ones are booked', async () => {
		await invoices(ledger, ['inv_target', 'inv_ok_1', 'inv_ok_2', 'inv_ok_3', 'inv_ok_4', 'inv_ok_5']);
		await invoices(ledger, ['inv_draft'], 'draft');
		const valid = [1, 2, 3, 4, 5].map((n) => payment(`p_ok_${n}`, `inv_ok_${n}`));
		const cases = paymentCases(ledger);
		const run = await runCorpus(env, ledger, paymentParams(ledger), valid, cases);
		expect(run.problems).toEqual([]);
		expect(unlabelled(run, cases)).toEqual([]);
	});

	it('Record Payment: the same source id twice in one batch with other amounts books one payment', async () => {
		await invoices(ledger, ['inv_dup']);
		const items = [payment('p_dup', 'inv_dup'), payment('p_dup', 'inv_dup', { amount: '20.00' })];
		const result = await env.run(ledger, items, paymentParams(ledger), { continueOnFail: true });
		expect(result.json.filter((j) => j.error)).toHaveLength(1);
		const booked =
			ledger === 'xero'
				? env.sandbox.xero.payments(env.tenantId).filter((p) => p.Status !== 'DELETED')
				: env.sandbox.easybill.payments();
		expect(booked).toHaveLength(1);
	});

	it('Issue Credit Note: each malformed item fails alone, the valid ones are booked', async () => {
		await invoices(ledger, ['inv_target', 'inv_c1', 'inv_c2', 'inv_c3', 'inv_paid']);
		const paid = await env.run(ledger, [payment('p_full', 'inv_paid', { amount: ledger === 'xero' ? '58.80' : '58.31' })], paymentParams(ledger));
		expect(paid.json[0].error).toBeUndefined();
		const valid = [1, 2, 3].map((n) => credit(`cn_ok_${n}`, `inv_c${n}`));
		const cases = creditCases(ledger);
		const run = await runCorpus(env, ledger, creditParams(ledger), valid, cases);
		expect(run.problems).toEqual([]);
		expect(unlabelled(run, cases)).toEqual([]);
	});
});
