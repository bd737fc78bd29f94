/**
 * Issue 15, foreign currency through n8n-core against the sandbox (Xero: a UK organisation, base
 * GBP, with EUR, USD and JPY enabled, day rate EUR 1.15). An invoice in a foreign currency takes an
 * optional Exchange Rate (Xero CurrencyRate; none: Xero's day rate, never a default of 1), a
 * changed rate is a difference, a currency the organisation has not enabled is refused before
 * anything (the inline contact included) is written, and payments follow in the invoice currency.
 * EasyBill keeps a document's currency but no rate: the rate is refused, never dropped.
 */
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { validateInvoice as validateEasyBillInvoice } from '../../core/easybill/validation';
import { AccountingSync } from '../../nodes/AccountingSync/AccountingSync.node';

import { fromItem, useNodeEnv, type LedgerName } from './nodeEnv';

const env = useNodeEnv();

const lineFor = (ledger: LedgerName): IDataObject =>
	ledger === 'xero' ? { taxType: 'OUTPUT2', accountCode: '200' } : { taxPercent: 19 };

function invoiceParams(ledger: LedgerName, overrides: INodeParameters = {}): INodeParameters {
	return {
		operation: 'createInvoice',
		amountUnit: 'minor',
		sourceId: fromItem('id'),
		contactBy: 'details',
		contactSourceId: fromItem('customer'),
		contactName: fromItem('customer'),
		issueDate: '2026-11-02',
		dueDate: '2026-11-30',
		currency: fromItem('currency'),
		taxMode: 'exclusive',
		lineInputMode: 'json',
		linesJson: JSON.stringify([{ description: 'Plan', quantity: 1, unitPrice: 10000, ...lineFor(ledger) }]),
		status: 'final',
		...overrides,
	};
}

const rate = (currencyRate: number): INodeParameters => ({ invoiceFields: { currencyRate } });
const xeroInvoice = (ref: string) => env.sandbox.xero.invoices(env.tenantId).find((i) => i.Reference === ref);
const sentBodies = (path: RegExp) =>
	env.sandbox.log.entries().filter((e) => e.method !== 'GET' && path.test(e.path));

describe('foreign currency on Xero', () => {
	it("books the given exchange rate, or Xero's day rate when none is given (no CurrencyRate sent)", async () => {
		const given = await env.run('xero', [{ id: 'in_fx_rate', customer: 'FX Rate GmbH', currency: 'EUR' }], invoiceParams('xero', rate(1.2)));
		expect(given.error).toBeUndefined();
		expect(given.json[0]).toMatchObject({ action: 'created', record: { currency: 'EUR', totalMinor: 12000 } });
		expect(xeroInvoice('in_fx_rate')).toMatchObject({ CurrencyCode: 'EUR', CurrencyRate: 1.2 });

		const dayRate = await env.run('xero', [{ id: 'in_fx_day', customer: 'FX Day GmbH', currency: 'EUR' }], invoiceParams('xero'));
		expect(dayRate.json[0].action).toBe('created');
		expect(xeroInvoice('in_fx_day')).toMatchObject({ CurrencyCode: 'EUR', CurrencyRate: 1.15 });
		expect(sentBodies(/\/Invoices$/).length).toBeGreaterThan(0);
	});

	it('is unchanged with the same rate; another rate is a difference (conflict with Fail, updated by default)', async () => {
		const item = { id: 'in_fx_diff', customer: 'FX Diff GmbH', currency: 'EUR' };
		await env.run('xero', [item], invoiceParams('xero', rate(1.2)));
		expect((await env.run('xero', [item], invoiceParams('xero', rate(1.2)))).json[0].action).toBe('unchanged');
		const refused = await env.run('xero', [item], invoiceParams('xero', { ...rate(1.25), ifDifferent: 'fail' }), { continueOnFail: true });
		expect(refused.json[0].error).toMatchObject({
			kind: 'conflict',
			differences: [{ field: 'currencyRate', label: 'Exchange Rate', ledger: '1.2', input: '1.25' }],
		});
		const updated = await env.run('xero', [item], invoiceParams('xero', rate(1.25)));
		expect(updated.json[0].action).toBe('updated');
		expect(xeroInvoice('in_fx_diff')).toMatchObject({ CurrencyRate: 1.25 });
	});

	it('refuses a currency the organisation has not enabled before writing anything, the inline contact included', async () => {
		const result = await env.run(
			'xero',
			[{ id: 'in_fx_chf', customer: 'Franken AG', currency: 'CHF' }, { id: 'in_fx_ok', customer: 'Euro SARL', currency: 'EUR' }],
			invoiceParams('xero'),
			{ continueOnFail: true },
		);
		expect(result.json[0].error).toMatchObject({
			field: 'currency',
			message: expect.stringContaining('CHF is not enabled in this Xero organisation (it has GBP, EUR, USD, JPY)'),
		});
		expect(result.json[1].action).toBe('created');
		expect(xeroInvoice('in_fx_chf')).toBeUndefined();
		expect(env.sandbox.xero.contacts(env.tenantId).map((c) => c.Name)).not.toContain('Franken AG');
	});

	it('refuses a rate on the base currency (other than 1, which changes nothing) and a rate of 0 or less', async () => {
		const base = await env.run('xero', [{ id: 'in_fx_gbp', customer: 'Pound Ltd', currency: 'GBP' }], invoiceParams('xero', rate(1.1)), { continueOnFail: true });
		expect(base.json[0].error).toMatchObject({ field: 'currencyRate', message: expect.stringContaining("GBP is this organisation's base currency") });
		const one = await env.run('xero', [{ id: 'in_fx_gbp1', customer: 'Pound Ltd', currency: 'GBP' }], invoiceParams('xero', rate(1)));
		expect(one.json[0].action).toBe('created');
		expect(xeroInvoice('in_fx_gbp1')).toMatchObject({ CurrencyRate: 1 });
		const negative = await env.run('xero', [{ id: 'in_fx_neg', customer: 'Pound Ltd', currency: 'EUR' }], invoiceParams('xero', rate(-2)), { continueOnFail: true });
		expect(negative.json[0].error).toMatchObject({ field: 'currencyRate' });
		expect(xeroInvoice('in_fx_gbp')).toBeUndefined();
	});
});

describe.each<LedgerName>(['xero', 'easybill'])('payments in the invoice currency on %s', (ledger) => {
	it('records a USD payment on a USD invoice and refuses one in another currency', async () => {
		const created = await env.run(ledger, [{ id: 'in_fx_usd', customer: 'Dollar Inc', currency: 'USD' }], invoiceParams(ledger));
		expect(created.json[0]).toMatchObject({ action: 'created', record: { currency: 'USD' } });
		const pay = (currency: string, sourceId: string) =>
			env.run(ledger, [{}], {
				operation: 'recordPayment',
				amountUnit: 'minor',
				invoice: { __rl: true, mode: 'sourceId', value: 'in_fx_usd' },
				sourceId,
				amount: '5000',
				currency,
				date: '2026-11-05',
				...(ledger === 'xero' ? { bankAccount: '090' } : {}),
			}, { continueOnFail: true });
		expect((await pay('USD', 'ch_fx_usd')).json[0]).toMatchObject({ action: 'created', record: { currency: 'USD', amountMinor: 5000 } });
		expect((await pay('EUR', 'ch_fx_eur')).json[0].error).toMatchObject({ field: 'currency' });
	});
});

describe('foreign currency on EasyBill', () => {
	it('books the document in its currency; Exchange Rate is offered for Xero only and the EasyBill ledger refuses one', async () => {
		const created = await env.run('easybill', [{ id: 'in_eb_usd', customer: 'Rate GmbH', currency: 'USD' }], invoiceParams('easybill'));
		expect(created.json[0]).toMatchObject({ action: 'created', record: { currency: 'USD', totalMinor: 11900 } });
		expect(env.sandbox.easybill.documents()[0]).toMatchObject({ currency: 'USD', amount: 11900 });

		const fields = new AccountingSync().nodeVersions[1].description.properties.find((p) => p.name === 'invoiceFields');
		const rateField = (fields?.options ?? []).find((o) => 'name' in o && o.name === 'currencyRate') as INodeProperties | undefined;
		expect(rateField?.displayOptions).toEqual({ show: { '/ledger': ['xero'] } });
		expect(() =>
			validateEasyBillInvoice({
				sourceId: 'in_eb_rate',
				contact: { sourceId: 'cus_1' },
				issueDate: '2026-11-02',
				currency: 'USD',
				currencyRate: 1.08,
				taxMode: 'exclusive',
				status: 'final',
				lines: [{ description: 'Plan', quantity: 1, unitPriceMinor: 100, taxRatePercent: 19 }],
			}),
		).toThrow('EasyBill keeps no exchange rate on a document');
	});
});
