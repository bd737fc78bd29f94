/**
 * Issue 10: a run that stops part-way (Xero's daily limit, an EasyBill outage). With Continue On
 * Fail every item already written gets its output item and the rest get errors; without it the
 * node's error says which items were written and that re-running is safe.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fromItem, useNodeEnv } from './nodeEnv';

const env = useNodeEnv({ easybillPerMinute: 60, checkSpecs: false });

function invoiceParams(): INodeParameters {
	return {
		operation: 'createInvoice',
		amountUnit: 'minor',
		sourceId: fromItem('id'),
		contactBy: 'details',
		contactSourceId: 'cus_pw',
		contactName: 'Partway Ltd',
		issueDate: '2026-11-02',
		dueDate: '2026-11-16',
		currency: 'EUR',
		taxMode: 'exclusive',
		lineInputMode: 'json',
		linesJson: fromItem('lines'),
		status: 'final',
	};
}

const line = (ledger: 'xero' | 'easybill') =>
	ledger === 'xero'
		? { description: 'Plan', quantity: 1, unitPrice: 1000, taxType: 'OUTPUT2', accountCode: '200' }
		: { description: 'Plan', quantity: 1, unitPrice: 1000, taxPercent: 19 };

const items = (ledger: 'xero' | 'easybill', n: number): IDataObject[] =>
	Array.from({ length: n }, (_, i) => ({ id: `in_pw${i}`, lines: [line(ledger)] }));

function stopAfterFirstWrites(ledger: 'xero' | 'easybill'): void {
	if (ledger === 'xero') {
		// The first PUT of 50 lands; then the organisation's daily limit is spent.
		env.sandbox.faults.add({
			service: 'xero',
			method: 'PUT',
			path: /\/Invoices$/,
			nth: 2,
			times: 10,
			kind: '429',
			problem: 'daily',
			retryAfterSeconds: 6 * 3600,
		});
	} else {
		// Two invoices land; then EasyBill answers 503 to every create.
		env.sandbox.faults.add({
			service: 'easybill',
			method: 'POST',
			path: /\/documents$/,
			nth: 3,
			times: 100,
			kind: '503',
		});
	}
}

const written = (ledger: 'xero' | 'easybill') => (ledger === 'xero' ? 50 : 2);
const total = (ledger: 'xero' | 'easybill') => (ledger === 'xero' ? 70 : 4);

describe.each(['xero', 'easybill'] as const)('a run that stops part-way on %s', (ledger) => {
	it('with Continue On Fail: written items get their output, the rest errors', async () => {
		stopAfterFirstWrites(ledger);
		const result = await env.run(ledger, items(ledger, total(ledger)), invoiceParams(), {
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		const actions = result.json.map((j) => j.action);
		expect(actions.slice(0, written(ledger)).every((a) => a === 'created')).toBe(true);
		expect(actions.slice(written(ledger)).every((a) => a === 'failed')).toBe(true);
		expect(result.output.map((o) => o.pairedItem)).toEqual(
			items(ledger, total(ledger)).map((_i, item) => ({ item })),
		);
	});

	it('without it: the error names the written items and says re-running is safe', async () => {
		stopAfterFirstWrites(ledger);
		const result = await env.run(ledger, items(ledger, total(ledger)), invoiceParams());
		expect(result.error).toBeDefined();
		const text = `${result.error?.message} ${(result.error as { description?: string }).description ?? ''}`;
		expect(text).toContain(
			`${written(ledger)} of ${total(ledger)} items were written (item index 0–${written(ledger) - 1})`,
		);
		expect(text).toMatch(/re-running is safe: they are found by source ID/i);
	});
});
