/**
 * The output schemas shipped beside the node (n8n's editor fetches
 * /schemas/<node>/<version>/<operation>.json, served from `__schema__/v<version>/` next to the
 * node file, so users can map fields before the first run): one per write operation, in dist
 * where n8n looks, and each matching what the node really returns on both ledgers.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { useNodeEnv, type LedgerName } from './nodeEnv';

const root = path.resolve(__dirname, '../..');
const OPERATIONS = ['upsertContact', 'createInvoice', 'recordPayment', 'issueCreditNote', 'writeOff', 'findContacts', 'findInvoices'];
// What getSchemaPreview asks for: the version padded to x.y.z, then the operation (no resource).
const schemaFile = (base: string, operation: string) =>
	path.join(root, base, 'nodes/AccountingSync/__schema__/v1.0.0', `${operation}.json`);

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validators = Object.fromEntries(
	OPERATIONS.map((op) => [op, ajv.compile(JSON.parse(readFileSync(schemaFile('', op), 'utf8')))]),
);

const env = useNodeEnv({ scope: 'file', checkSpecs: false });

describe('output schemas', () => {
	it.each(OPERATIONS)('%s has a schema with fields to map, and the build ships it', (operation) => {
		const schema = JSON.parse(readFileSync(schemaFile('', operation), 'utf8'));
		expect(schema).toMatchObject({ type: 'object', properties: { record: { type: 'object' } } });
		if (existsSync(path.join(root, 'dist'))) {
			expect(readFileSync(schemaFile('dist', operation), 'utf8')).toBe(
				readFileSync(schemaFile('', operation), 'utf8'),
			);
		}
	});

	it.each<LedgerName>(['xero', 'easybill'])(
		'each describes exactly what the node returns on %s',
		async (ledger) => {
			const line =
				ledger === 'xero' ? { taxType: 'OUTPUT2', accountCode: '200' } : { taxPercent: 19 };
			const runs: Array<[string, INodeParameters]> = [
				[
					'upsertContact',
					{
						operation: 'upsertContact',
						sourceId: `cus_schema_${ledger}`,
						name: `Schema Ltd ${ledger}`,
						contactFields: { emails: 'schema@example.com', phone: '+49 30 1234' },
						contactAddress: { line1: 'Hauptstr. 1', city: 'Berlin', country: 'DE' },
					},
				],
				[
					'createInvoice',
					{
						operation: 'createInvoice',
						amountUnit: 'major',
						sourceId: `in_schema_${ledger}`,
						contactBy: 'details',
						contactSourceId: `cus_schema_${ledger}`,
						contactName: `Schema Ltd ${ledger}`,
						issueDate: '2026-11-02',
						dueDate: '2026-11-30',
						currency: 'EUR',
						taxMode: 'exclusive',
						lineInputMode: 'json',
						linesJson: JSON.stringify([
							{ description: 'Plan', quantity: 2, unitPrice: '50.00', ...line },
						]),
						status: 'final',
					},
				],
				[
					'recordPayment',
					{
						operation: 'recordPayment',
						amountUnit: 'major',
						invoice: { __rl: true, mode: 'sourceId', value: `in_schema_${ledger}` },
						sourceId: `ch_schema_${ledger}`,
						amount: '30.00',
						currency: 'EUR',
						date: '2026-11-03',
						paymentFields: { reference: 'po_1' },
						...(ledger === 'xero' ? { bankAccount: '090' } : {}),
					},
				],
				[
					'issueCreditNote',
					{
						operation: 'issueCreditNote',
						amountUnit: 'major',
						invoice: { __rl: true, mode: 'sourceId', value: `in_schema_${ledger}` },
						sourceId: `re_schema_${ledger}`,
						currency: 'EUR',
						date: '2026-11-04',
						creditType: 'amount',
						amount: '10.00',
						reason: 'Goodwill',
						allocate: true,
						refund: false,
					},
				],
				[
					'writeOff',
					{
						operation: 'writeOff',
						invoice: { __rl: true, mode: 'sourceId', value: `in_schema_${ledger}` },
						sourceId: `wo_schema_${ledger}`,
						date: '2026-11-05',
						reason: 'Uncollectible',
					},
				],
				[
					'findContacts',
					{ operation: 'findContacts', returnAll: true, filters: { sourceId: `cus_schema_${ledger}` } },
				],
				[
					'findInvoices',
					{
						operation: 'findInvoices',
						returnAll: true,
						filters: { contact: { __rl: true, mode: 'sourceId', value: `cus_schema_${ledger}` } },
					},
				],
			];
			for (const [operation, parameters] of runs) {
				const result = await env.run(ledger, [{}], parameters);
				expect({ operation, error: result.error }).toEqual({ operation, error: undefined });
				const validate = validators[operation];
				expect({ operation, items: result.json.length }).toEqual({ operation, items: 1 });
				const json: IDataObject = result.json[0];
				const valid = validate(json);
				expect({ operation, json, errors: validate.errors ?? null }).toEqual({
					operation,
					json,
					errors: null,
				});
				expect(valid).toBe(true);
			}
		},
	);
});
