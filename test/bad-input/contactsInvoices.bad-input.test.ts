/**
 * Bad-input corpus, Upsert Contact and Create Invoice, on both ledgers: each malformed item fails
 * alone with an error paired to it, nothing of it is written, and the valid items of the same
 * execution are booked. Names with quotes and where-clause syntax are valid input and must come
 * back as themselves, matching no other contact.
 */
import type { IDataObject } from 'n8n-workflow';

import { startNodeEnv, type LedgerName, type NodeEnv } from '../node/nodeEnv';
import {
	CONTROL,
	LONG,
	contactParams,
	invoiceParams,
	lineFor,
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

const contact = (id: string, overrides: IDataObject = {}): IDataObject => ({
	id,
	name: `Customer ${id}`,
	emails: `billing@${id.replace(/_/g, '-')}.example`,
	country: 'DE',
	...overrides,
});

export const contactCases = (): BadCase[] => [
	{ name: 'missing source id', item: contact('', {}), label: ['Source ID'] },
	{ name: 'blank source id', item: contact('   ', { name: 'Blank Id Ltd' }), label: ['Source ID'] },
	{
		name: 'source id of 10,000 characters',
		item: contact(LONG.slice(0, 10_000)),
		label: ['Source ID'],
	},
	{ name: 'empty name', item: contact('c_bad_name', { name: '' }), label: ['Name'] },
	{
		name: 'name of 10,000 characters',
		item: contact('c_long_name', { name: LONG }),
		label: ['Name'],
	},
	{
		name: 'control characters in the name',
		item: contact('c_ctrl', { name: CONTROL }),
		label: ['Name'],
	},
	{
		name: 'name is an object',
		item: contact('c_obj', { name: { first: 'A' } }),
		label: ['Name'],
	},
	{ name: 'malformed email', item: contact('c_mail', { emails: 'not-an-email' }), label: ['Emails'] },
	{
		name: 'country not ISO',
		item: contact('c_country', { country: 'Germany' }),
		label: ['Country'],
	},
];

const invoice = (ledger: LedgerName, id: string, overrides: IDataObject = {}, line: IDataObject = {}): IDataObject => ({
	id,
	contactBy: 'details',
	customer: `cus_${id}`,
	customerName: `Customer of ${id}`,
	contactId: '',
	issueDate: '2026-11-02',
	dueDate: '2026-11-16',
	currency: 'EUR',
	lines: [lineFor(ledger), lineFor(ledger, { description: 'Extra seat', ...line })],
	...overrides,
});

export const invoiceCases = (ledger: LedgerName, otherOrgContactId = ''): BadCase[] => {
	const bad = (
		name: string,
		id: string,
		label: string[],
		overrides: IDataObject = {},
		line: IDataObject = {},
	): BadCase => ({ name, item: invoice(ledger, id, overrides, line), label });
	const cases: BadCase[] = [
		bad('missing source id', '', ['Source ID']),
		bad('unit price NaN', 'i_nan', ['Line 2', 'Unit Price'], {}, { unitPrice: 'NaN' }),
		bad('unit price Infinity', 'i_inf', ['Line 2', 'Unit Price'], {}, { unitPrice: 'Infinity' }),
		bad('unit price "12,50"', 'i_comma', ['Line 2', 'Unit Price'], {}, { unitPrice: '12,50' }),
		bad('unit price a fraction of a cent', 'i_frac', ['Line 2', 'Unit Price'], {}, { unitPrice: 12.5 }),
		bad('unit price is text', 'i_text', ['Line 2', 'Unit Price'], {}, { unitPrice: 'twelve' }),
		bad('unit price is an array', 'i_arr', ['Line 2', 'Unit Price'], {}, { unitPrice: [1] }),
		bad('negative quantity', 'i_negq', ['Line 2', 'Quantity'], {}, { quantity: -1 }),
		bad('absurd quantity', 'i_hugeq', ['Line 2', 'Quantity'], {}, { quantity: 1e15 }),
		bad('quantity with 7 decimals', 'i_decq', ['Line 2', 'Quantity'], {}, { quantity: 1.1234567 }),
		bad('quantity is text', 'i_textq', ['Line 2', 'Quantity'], {}, { quantity: 'two' }),
		bad('discount above 100 %', 'i_disc', ['Line 2', 'Discount'], {}, { discountPercent: 150 }),
		bad('description of 10,000 characters', 'i_longd', ['Line 2', 'Description'], {}, { description: LONG }),
		bad('control characters in a description', 'i_ctrld', ['Line 2', 'Description'], {}, { description: CONTROL }),
		bad('empty description', 'i_nod', ['Line 2', 'Description'], {}, { description: '' }),
		bad('unknown currency', 'i_xyz', ['Currency'], { currency: 'XYZ' }),
		bad('currency spelled out', 'i_euro', ['Currency'], { currency: 'EURO' }),
		bad('impossible date 2026-02-30', 'i_feb30', ['Issue Date'], { issueDate: '2026-02-30' }),
		bad('month 13', 'i_m13', ['Issue Date'], { issueDate: '2026-13-01' }),
		bad('German date format', 'i_dedate', ['Issue Date'], { issueDate: '02.11.2026' }),
		bad('ill-formed due date', 'i_due', ['Due Date'], { dueDate: 'next week' }),
		bad('no lines', 'i_nolines', ['Line Items'], { lines: [] }),
		bad('lines not JSON', 'i_badjson', ['Line Items'], { lines: '[{"description": "Pro"' }),
		bad('lines not a list', 'i_obj', ['Line Items'], { lines: { description: 'Pro' } }),
		bad('line is a number', 'i_num', ['Line 1'], { lines: [42] }),
		bad('empty contact name', 'i_noname', ['Contact Name'], { customerName: '' }),
		bad('contact name with control characters', 'i_ctrlname', ['Contact Name'], { customerName: CONTROL }),
		bad('contact name of 10,000 characters', 'i_longname', ['Contact Name'], { customerName: LONG }),
		bad('contact source id of 10,000 characters', 'i_longcus', ['Contact Source ID'], { customer: LONG }),
	];
	if (ledger === 'xero') {
		cases.push(
			bad('unknown tax type', 'i_tax', ['Line 2', 'Tax'], {}, { taxType: 'VAT99' }),
			bad('purchase tax type on a sale', 'i_taxin', ['Line 2', 'Tax'], {}, { taxType: 'INPUT2' }),
			bad('unknown account code', 'i_acct', ['Line 2', 'Account'], {}, { accountCode: '999' }),
			bad('currency the organisation has not enabled', 'i_sek', ['Currency'], { currency: 'SEK' }),
			bad('unknown tracking option', 'i_track', ['Line 2', 'Tracking'], {}, { tracking: ['Region: Atlantis'] }),
			bad("another organisation's contact", 'i_org', ['Contact'], { contactBy: 'reference', contactId: otherOrgContactId }),
		);
	} else {
		cases.push(
			bad('tax percent above 100', 'i_tax', ['Line 2', 'Tax'], {}, { taxPercent: 150 }),
			bad('negative tax percent', 'i_ntax', ['Line 2', 'Tax'], {}, { taxPercent: -5 }),
			bad('tracking, which EasyBill does not have', 'i_track', ['Line 2', 'Tracking'], {}, { tracking: ['Region: North'] }),
		);
	}
	return cases;
};

describe.each<LedgerName>(['xero', 'easybill'])('bad input on %s', (ledger) => {
	it('Upsert Contact: each malformed item fails alone, quotes and injections are just names', async () => {
		const awkward = [
			contact('c_quote', { name: `O'Brien "Ltd"` }),
			contact('c_inject', { name: '" OR 1==1 OR Name=="' }),
			contact('c_unicode', { name: 'Müller & Söhne 株式会社 Zoë' }),
		];
		const cases = contactCases();
		const run = await runCorpus(env, ledger, contactParams, [contact('c_ok_1'), ...awkward, contact('c_ok_2')], cases);
		expect(run.problems).toEqual([]);
		expect(unlabelled(run, cases)).toEqual([]);
		const names = (id: string) =>
			ledger === 'xero'
				? env.sandbox.xero.contacts(env.tenantId).filter((c) => c.ContactNumber === id).map((c) => c.Name)
				: env.sandbox.easybill.customers().filter((c) => c.number === id).map((c) => c.company_name ?? c.last_name);
		expect(awkward.map((a) => names(String(a.id)))).toEqual(awkward.map((a) => [a.name]));
	});

	it('Create Invoice: each malformed item fails alone, the valid ones are booked', async () => {
		let other = '';
		if (ledger === 'xero') {
			const au = env.sandbox.xero.tenants[1].tenantId;
			const created = await env.run('xero', [contact('c_au')], { ...contactParams, tenantId: { __rl: true, mode: 'id', value: au } });
			other = String(created.json[0].ledgerId);
		}
		const cases = invoiceCases(ledger, other);
		const valid = ['i_ok_1', 'i_ok_2', 'i_ok_3'].map((id) => invoice(ledger, id));
		const run = await runCorpus(env, ledger, invoiceParams, valid, cases, (c) => [`cus_${String(c.item.id)}`]);
		expect(run.problems).toEqual([]);
		expect(unlabelled(run, cases)).toEqual([]);
	});

	it('Create Invoice: the same source id twice in one batch with different lines is refused, not merged', async () => {
		const first = invoice(ledger, 'i_dup');
		const second = invoice(ledger, 'i_dup', {}, { unitPrice: 999 });
		const result = await env.run(ledger, [first, second], invoiceParams, { continueOnFail: true });
		expect(result.json.filter((j) => j.error)).toHaveLength(1);
		const stored =
			ledger === 'xero'
				? env.sandbox.xero.invoices(env.tenantId).filter((i) => i.Reference === 'i_dup')
				: env.sandbox.easybill.documents().filter((d) => d.external_id === 'i_dup');
		expect(stored).toHaveLength(1);
	});
});
