/**
 * The bulk workflow of the queue-mode run: a webhook on the main takes a batch of invoices, n8n
 * hands the execution to a worker, Split Out makes one item per invoice and Accounting Sync
 * creates them in Xero (new contact each).
 */
import { randomUUID } from 'node:crypto';

import { n8nId, PACKAGE_NAME, type CredentialJson, type WorkflowJson } from '../e2e/n8n-host';

export const BULK_NODE = 'Create Invoice';

export interface BulkInvoice {
	id: string;
	customer: string;
	customerName: string;
	lines: Array<{
		description: string;
		quantity: number;
		unitPrice: number;
		taxType: string;
		accountCode: string;
	}>;
}

export function bulkInvoices(prefix: string, count: number): BulkInvoice[] {
	return Array.from({ length: count }, (_, n) => ({
		id: `${prefix}${n}`,
		customer: `${prefix}cus${n}`,
		customerName: `Queue Customer ${prefix}${n}`,
		lines: [
			{ description: 'Pro plan', quantity: 1, unitPrice: 4900, taxType: 'OUTPUT2', accountCode: '200' },
			{ description: 'Extra seat', quantity: 2, unitPrice: 1000, taxType: 'OUTPUT2', accountCode: '200' },
		],
	}));
}

export function bulkInvoiceWorkflow(credentials: CredentialJson[], tenantId: string): WorkflowJson {
	const xero = credentials.find((c) => c.type === 'xeroAccountingSyncOAuth2Api');
	if (!xero) throw new Error('no Xero credential');
	return {
		id: n8nId(),
		name: 'Queue mode: invoices in bulk',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: 'Batch',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: 'queue-bulk', responseMode: 'onReceived', options: {} },
			},
			{
				id: randomUUID(),
				name: 'One item per invoice',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.invoices', options: {} },
			},
			{
				id: randomUUID(),
				name: BULK_NODE,
				type: `${PACKAGE_NAME}.accountingSync`,
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					ledger: 'xero',
					tenantId: { __rl: true, mode: 'id', value: tenantId },
					operation: 'createInvoice',
					amountUnit: 'minor',
					sourceId: '={{ $json.id }}',
					contactBy: 'details',
					contactSourceId: '={{ $json.customer }}',
					contactName: '={{ $json.customerName }}',
					issueDate: '2026-11-02',
					dueDate: '2026-11-16',
					currency: 'GBP',
					taxMode: 'exclusive',
					lineInputMode: 'json',
					linesJson: '={{ JSON.stringify($json.lines) }}',
					status: 'final',
				},
				credentials: { xeroAccountingSyncOAuth2Api: { id: xero.id, name: xero.name } },
			},
		],
		connections: {
			Batch: { main: [[{ node: 'One item per invoice', type: 'main', index: 0 }]] },
			'One item per invoice': { main: [[{ node: BULK_NODE, type: 'main', index: 0 }]] },
		},
	};
}
