/**
 * A realistic flow in one execution: Upsert Contact -> Create Invoice (contact by the ledger ID the
 * first node returned) -> Record Payment, on EasyBill's PLUS plan (10 requests per minute). The
 * three nodes share one rate budget per execution, so the whole run draws no 429.
 */
import type { IDataObject } from 'n8n-workflow';

import { inputToChain, runWorkflow, type NodeUnderTest } from './harness';
import { NODE_TYPE, useNodeEnv } from './nodeEnv';

const env = useNodeEnv({ easybillPerMinute: 10 });

const credentials = { easyBillAccountingSyncApi: { id: 'easybill-1', name: 'EasyBill' } };

function step(name: string, parameters: IDataObject): NodeUnderTest {
	return { name, type: NODE_TYPE, credentials, parameters: { ledger: 'easybill', ...parameters } };
}

const chain: NodeUnderTest[] = [
	step('Upsert Contact', {
		operation: 'upsertContact',
		sourceId: '={{ $json.customer }}',
		name: '={{ $json.customerName }}',
		contactFields: { emails: '={{ $json.email }}' },
	}),
	step('Create Invoice', {
		operation: 'createInvoice',
		amountUnit: 'minor',
		sourceId: "={{ $('Input').item.json.invoice }}",
		contactBy: 'reference',
		contact: { __rl: true, mode: 'id', value: '={{ $json.ledgerId }}' },
		issueDate: '2026-11-02',
		currency: 'EUR',
		taxMode: 'exclusive',
		lineInputMode: 'json',
		linesJson: "={{ $('Input').item.json.lines }}",
		status: 'final',
	}),
	step('Record Payment', {
		operation: 'recordPayment',
		amountUnit: 'minor',
		invoice: { __rl: true, mode: 'id', value: '={{ $json.ledgerId }}' },
		sourceId: "={{ $('Input').item.json.charge }}",
		amount: '={{ $json.record.totalMinor }}',
		currency: 'EUR',
		date: '2026-11-03',
	}),
];

const items = [1, 2, 3].map((n) => ({
	customer: `cus_${n}`,
	customerName: `Kunde ${n} GmbH`,
	email: `kunde${n}@example.com`,
	invoice: `in_${n}`,
	charge: `ch_${n}`,
	lines: [{ description: 'Plan', quantity: n, unitPrice: 1000, taxPercent: 19 }],
}));

describe('a chain of Accounting Sync nodes in one execution', () => {
	it('books contacts, invoices and payments paired item by item, without a single 429', async () => {
		const result = await runWorkflow(inputToChain(items, chain), {
			nodeTypes: env.nodeTypes,
			credentialsHelper: env.credentialsHelper,
		});
		expect(result.error).toBeUndefined();
		expect(result.executionOrder).toEqual([
			'Input',
			'Upsert Contact',
			'Create Invoice',
			'Record Payment',
		]);
		const payments = result.items('Record Payment');
		expect(
			payments.map((p) => [
				p.json.action,
				(p.json.record as IDataObject).amountMinor,
				p.pairedItem,
			]),
		).toEqual([
			['created', 1190, { item: 0 }],
			['created', 2380, { item: 1 }],
			['created', 3570, { item: 2 }],
		]);
		const documents = env.sandbox.easybill.documents();
		expect(documents.map((d) => [d.external_id, Boolean(d.paid_at)])).toEqual([
			['in_1', true],
			['in_2', true],
			['in_3', true],
		]);
		expect(
			env.sandbox.log.entries({ service: 'easybill' }).filter((e) => e.status === 429),
		).toEqual([]);
	});
});
