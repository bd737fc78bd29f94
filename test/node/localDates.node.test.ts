/**
 * A timestamp becomes the organisation's local date, never the UTC date: 00:30 in Auckland is the
 * previous day in UTC, 00:30 in summer London too, and EasyBill books in Europe/Berlin. The Xero
 * organisation's Timezone is read once per execution, and only when a timestamp needs it.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { xeroDateToIso } from '../../core/dates';
import { fromItem, startNodeEnv, type LedgerName, type NodeEnv } from './nodeEnv';

let env: NodeEnv;

afterEach(async () => {
	const specErrors = env.specErrors();
	await env.stop();
	expect(specErrors).toEqual([]);
});

const invoiceParams = (ledger: LedgerName): INodeParameters => ({
	operation: 'createInvoice',
	amountUnit: 'minor',
	sourceId: fromItem('id'),
	contactBy: 'details',
	contactSourceId: 'cus_tz',
	contactName: 'Midnight Ltd',
	issueDate: fromItem('issued'),
	dueDate: '2026-12-01',
	currency: fromItem('currency'),
	taxMode: 'exclusive',
	lineInputMode: 'json',
	linesJson: JSON.stringify([
		ledger === 'xero'
			? { description: 'Plan', quantity: 1, unitPrice: 10000, taxType: 'OUTPUT2', accountCode: '200' }
			: { description: 'Plan', quantity: 1, unitPrice: 10000, taxPercent: 19 },
	]),
	status: 'final',
});

const paymentParams = (ledger: LedgerName): INodeParameters => ({
	operation: 'recordPayment',
	amountUnit: 'minor',
	invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') },
	sourceId: fromItem('charge'),
	amount: fromItem('amount'),
	currency: fromItem('currency'),
	date: fromItem('paidAt'),
	...(ledger === 'xero' ? { bankAccount: '090' } : {}),
});

const organisationReads = () =>
	env.sandbox.log.entries({ service: 'xero', path: /\/Organisation$/ }).length;

async function invoiceAndPay(
	ledger: LedgerName,
	currency: string,
	issued: string,
	paidAt: string,
): Promise<{ invoice: IDataObject; payment: IDataObject }> {
	const created = await env.run(ledger, [{ id: 'in_tz', issued, currency }], invoiceParams(ledger));
	expect(created.error).toBeUndefined();
	const record = created.json[0].record as IDataObject;
	const paid = await env.run(
		ledger,
		[{ invoice: 'in_tz', charge: 'ch_tz', amount: record.totalMinor, currency, paidAt }],
		paymentParams(ledger),
	);
	expect(paid.error).toBeUndefined();
	return { invoice: record, payment: paid.json[0].record as IDataObject };
}

describe('timestamps become the organisation local date', () => {
	it('Xero NZ organisation: 00:30 in Auckland is booked on the Auckland date', async () => {
		env = await startNodeEnv({ xeroOrganisations: ['nz', 'uk'] });
		// 11:30 UTC on 4 November is 00:30 on 5 November in Auckland (NZDT, +13).
		const { invoice, payment } = await invoiceAndPay(
			'xero',
			'NZD',
			'2026-11-04T11:30:00Z',
			'2026-11-05T11:15:00.000Z',
		);
		expect(invoice.issueDate).toBe('2026-11-05');
		expect(payment.date).toBe('2026-11-06');
		const stored = env.sandbox.xero.invoices(env.tenantId).find((i) => i.Reference === 'in_tz');
		expect(xeroDateToIso(stored.Date)).toBe('2026-11-05');
		// One /Organisation read per execution that had a timestamp.
		expect(organisationReads()).toBe(2);
	});

	it('Xero UK organisation: the London date, in summer time and in winter', async () => {
		env = await startNodeEnv();
		// 23:30 UTC on 1 July is 00:30 on 2 July in London (BST, +1); in November London is on UTC.
		const { invoice, payment } = await invoiceAndPay(
			'xero',
			'GBP',
			'2026-07-01T23:30:00Z',
			'2026-11-04T23:30:00+00:00',
		);
		expect(invoice.issueDate).toBe('2026-07-02');
		expect(payment.date).toBe('2026-11-04');
	});

	it('Xero: plain dates cost no /Organisation read', async () => {
		env = await startNodeEnv();
		await invoiceAndPay('xero', 'GBP', '2026-11-04', '2026-11-05');
		expect(organisationReads()).toBe(0);
	});

	it('EasyBill: the Berlin date', async () => {
		env = await startNodeEnv({ easybillPerMinute: 60 });
		// 23:30 UTC on 4 November is 00:30 on 5 November in Berlin (CET, +1).
		const { invoice, payment } = await invoiceAndPay(
			'easybill',
			'EUR',
			'2026-11-04T23:30:00Z',
			'2026-11-05T22:59:00Z',
		);
		expect(invoice.issueDate).toBe('2026-11-05');
		expect(payment.date).toBe('2026-11-05');
	});
});
