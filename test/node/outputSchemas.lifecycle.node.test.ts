/**
 * Output schemas of the invoice-lifecycle operations (Get Invoice, Void Invoice, Reverse Payment,
 * Send Invoice, Download Invoice PDF), checked against what the node really returns on both
 * ledgers, and the rule that keeps the editor from a 404: every operation the picker offers ships
 * a schema (`__schema__/v1.0.0/<operation>.json`, see outputSchemas.node.test.ts for the others).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { operationParameter } from '../../nodes/AccountingSync/actions/operations';
import { invoiceItem, invoiceParams } from './invoiceFixtures';
import { fromItem, useNodeEnv, type LedgerName } from './nodeEnv';

const root = path.resolve(__dirname, '../..');
const LIFECYCLE = ['getInvoice', 'voidInvoice', 'reversePayment', 'sendInvoice', 'downloadPdf'];
const schemaFile = (base: string, operation: string) =>
	path.join(root, base, 'nodes/AccountingSync/__schema__/v1.0.0', `${operation}.json`);

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validators: Record<string, ValidateFunction> = Object.fromEntries(
	LIFECYCLE.map((op) => [op, ajv.compile(JSON.parse(readFileSync(schemaFile('', op), 'utf8')))]),
);

const env = useNodeEnv({ easybillPerMinute: 60, scope: 'file', checkSpecs: false });

const bySource = (value: string) => ({ __rl: true, mode: 'sourceId', value });

function expectMatches(operation: string, json: IDataObject): void {
	const validate = validators[operation];
	validate(json);
	expect({ operation, json, errors: validate.errors ?? null }).toEqual({ operation, json, errors: null });
}

describe('output schemas of the lifecycle operations', () => {
	it('every operation the picker offers ships a schema, in the source and in the build', () => {
		const offered = (operationParameter.options as Array<{ value: string }>).map((o) => o.value);
		expect(offered).toEqual(expect.arrayContaining(LIFECYCLE));
		expect(offered.filter((op) => !existsSync(schemaFile('', op)))).toEqual([]);
		if (existsSync(path.join(root, 'dist'))) {
			for (const op of LIFECYCLE) {
				expect(readFileSync(schemaFile('dist', op), 'utf8')).toBe(readFileSync(schemaFile('', op), 'utf8'));
			}
		}
	});

	it.each<LedgerName>(['xero', 'easybill'])('each describes exactly what the node returns on %s', async (ledger) => {
		const invoiceId = `in_lifeschema_${ledger}`;
		const paidId = `in_lifeschema_paid_${ledger}`;
		const created = await env.run(
			ledger,
			[invoiceItem(ledger, invoiceId, `cus_lifeschema_${ledger}`), invoiceItem(ledger, paidId, `cus_lifeschema2_${ledger}`)],
			invoiceParams({ contactFields: { emails: `lifeschema-${ledger}@example.com` } }),
		);
		expect(created.json.map((j) => j.action)).toEqual(['created', 'created']);
		const payment: INodeParameters = {
			operation: 'recordPayment',
			amountUnit: 'minor',
			invoice: bySource(paidId),
			sourceId: `ch_lifeschema_${ledger}`,
			amount: 500,
			currency: 'EUR',
			date: '2026-11-05',
			...(ledger === 'xero' ? { bankAccount: '090' } : {}),
		};
		expect((await env.run(ledger, [{}], payment)).json[0].action).toBe('created');

		const runs: Array<[string, INodeParameters]> = [
			['getInvoice', { operation: 'getInvoice', invoice: bySource(paidId) }],
			['sendInvoice', { operation: 'sendInvoice', invoice: bySource(invoiceId) }],
			['downloadPdf', { operation: 'downloadPdf', invoice: bySource(invoiceId), binaryPropertyName: 'pdf' }],
			['reversePayment', { operation: 'reversePayment', payment: bySource(`ch_lifeschema_${ledger}`) }],
			['voidInvoice', { operation: 'voidInvoice', invoice: bySource(invoiceId) }],
			// The re-run answers "unchanged" with the same shape.
			['voidInvoice', { operation: 'voidInvoice', invoice: bySource(invoiceId) }],
		];
		for (const [operation, parameters] of runs) {
			const result = await env.run(ledger, [{}], parameters);
			expect({ operation, error: result.error }).toEqual({ operation, error: undefined });
			expect({ operation, items: result.json.length }).toEqual({ operation, items: 1 });
			expectMatches(operation, result.json[0]);
		}
		// Get Invoice with payments and a credit applied fills the nested arrays the schema names.
		const credit: INodeParameters = {
			operation: 'issueCreditNote',
			amountUnit: 'major',
			invoice: bySource(paidId),
			sourceId: `re_lifeschema_${ledger}`,
			currency: 'EUR',
			date: '2026-11-06',
			creditType: 'amount',
			amount: '1.00',
			reason: 'Goodwill',
			allocate: true,
			refund: false,
		};
		expect((await env.run(ledger, [{}], credit)).json[0].action).toBe('created');
		expect((await env.run(ledger, [{}], { ...payment, sourceId: `ch_lifeschema2_${ledger}` })).json[0].action).toBe('created');
		const details = (await env.run(ledger, [{ id: paidId }], { operation: 'getInvoice', invoice: bySource(fromItem('id')) })).json[0];
		expectMatches('getInvoice', details);
		expect(details.record).toMatchObject({
			payments: [expect.objectContaining({ amountMinor: 500 })],
			credits: [expect.objectContaining({ amountMinor: 100 })],
		});
	});
});
