/**
 * The workflows the soak delivers Stripe events to: the shipped examples for `invoice.paid`,
 * `invoice.voided` and allocated credit notes, read from examples/ as they are, and soak workflows in the same style
 * (one Accounting Sync node per step, expressions reading `$('Stripe event')`) for the events the
 * examples do not cover: drafts and their corrections, finalisation, instalments and refunds.
 *
 * For a run, the Webhook trigger named "Stripe event" becomes a start node emitting the event in
 * the shape n8n's Webhook node does ({ headers, params, query, body }), so every expression and
 * connection of the workflow stays as shipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IConnections, INode } from 'n8n-workflow';


import { TEST_INPUT_TYPE } from '../../test/node/testNodes';
import type { StripeEvent } from './generator';

export type LedgerName = 'xero' | 'easybill';

export interface WorkflowJson {
	name: string;
	nodes: INode[];
	connections: IConnections;
}

const PACKAGE_NODE = 'n8n-nodes-accounting-sync.accountingSync';
const TRIGGER = 'Stripe event';
const OBJECT = `$('${TRIGGER}').item.json.body.data.object`;
const REPO_ROOT = join(__dirname, '..', '..');

function example(file: string): WorkflowJson {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8')) as WorkflowJson;
}

// The instant with its offset, as the examples send it: the package books it on the ledger's
// local date (the Xero organisation's zone, Europe/Berlin for EasyBill). A `yyyy-MM-dd` formatted
// here would be the date in whatever zone n8n runs in (UTC, or n8n's default America/New_York).
const dayOf = (seconds: string) => `={{ DateTime.fromSeconds(${seconds}).toISO() }}`;
// Stripe's percentage as the UK organisation's tax type; EasyBill reads the percentage itself.
const LINES_FROM_INVOICE = `={{ JSON.stringify(${OBJECT}.lines.data.map((line) => ({ description: line.description, quantity: line.quantity, unitPrice: line.price.unit_amount, taxPercent: line.tax_rates[0]?.percentage ?? 0, taxType: ({ 20: 'OUTPUT2', 5: 'RROUTPUT', 0: 'ZERORATEDOUTPUT' })[line.tax_rates[0]?.percentage ?? 0], accountCode: '200' }))) }}`;
const LINES_FROM_CREDIT = `={{ JSON.stringify(${OBJECT}.lines.data.map((line) => ({ description: line.description, quantity: line.quantity, unitPrice: line.unit_amount, taxPercent: line.tax_rates[0]?.percentage ?? 0, taxType: ({ 20: 'OUTPUT2', 5: 'RROUTPUT', 0: 'ZERORATEDOUTPUT' })[line.tax_rates[0]?.percentage ?? 0], accountCode: '200' }))) }}`;

function node(name: string, x: number, parameters: Record<string, unknown>): INode {
	return {
		id: `soak-${name.toLowerCase().replace(/\W+/g, '-')}`,
		name,
		type: PACKAGE_NODE,
		typeVersion: 1,
		position: [x, 0],
		parameters: {
			ledger: 'xero',
			tenantId: { __rl: true, mode: 'id', value: '00000000-0000-0000-0000-000000000000' },
			...parameters,
		} as INode['parameters'],
		credentials: { xeroAccountingSyncOAuth2Api: { id: '', name: 'Xero account' } },
	};
}

function chain(name: string, nodes: INode[]): WorkflowJson {
	const trigger: INode = {
		id: 'soak-trigger',
		name: TRIGGER,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		parameters: { httpMethod: 'POST', path: 'stripe', responseMode: 'onReceived', options: {} },
	};
	const all = [trigger, ...nodes];
	const connections: IConnections = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name, nodes: all, connections };
}

const upsertContact = node('Upsert Contact', 240, {
	operation: 'upsertContact',
	sourceId: `={{ ${OBJECT}.customer }}`,
	name: `={{ ${OBJECT}.customer_name }}`,
	contactFields: { emails: `={{ ${OBJECT}.customer_email }}` },
	contactAddress: { country: `={{ ${OBJECT}.customer_address?.country ?? '' }}` },
});

const createInvoice = (status: 'draft' | 'final') =>
	node('Create Invoice', 480, {
		// Stripe never changes a finalised invoice back to a draft, so a draft event that finds the
		// invoice final in the books arrived late (out of order): it must not overwrite the lines.
		...(status === 'draft' ? { ifDifferent: 'keep' } : {}),
		operation: 'createInvoice',
		amountUnit: 'minor',
		sourceId: `={{ ${OBJECT}.id }}`,
		contactBy: 'reference',
		contact: { __rl: true, mode: 'sourceId', value: `={{ ${OBJECT}.customer }}` },
		issueDate: dayOf(`${OBJECT}.created`),
		dueDate: dayOf(`${OBJECT}.created`),
		currency: `={{ ${OBJECT}.currency.toUpperCase() }}`,
		taxMode: 'exclusive',
		lineInputMode: 'json',
		linesJson: LINES_FROM_INVOICE,
		status,
	});

/** Which workflow a Stripe event goes to. */
export function workflowFor(event: StripeEvent): { key: string; workflow: WorkflowJson } {
	const object = event.data.object;
	switch (event.type) {
		case 'invoice.paid':
			return { key: 'example:invoice-paid', workflow: example('stripe-invoice-paid-to-books.json') };
		case 'credit_note.created':
			if (object.refund === null) {
				return { key: 'example:credit-note', workflow: example('stripe-credit-note-to-books.json') };
			}
			return { key: 'soak:refund', workflow: REFUND };
		case 'invoice.created':
		case 'invoice.updated':
			return { key: 'soak:draft', workflow: DRAFT };
		case 'invoice.finalized':
			return { key: 'soak:finalized', workflow: FINALIZED };
		case 'invoice.voided':
			return { key: 'example:invoice-voided', workflow: example('stripe-invoice-voided-to-books.json') };
		case 'invoice_payment.paid':
			return { key: 'soak:instalment', workflow: INSTALMENT };
		default:
			throw new Error(`no soak workflow for ${event.type}`);
	}
}

const DRAFT = chain('Stripe draft invoice → draft in the books', [upsertContact, createInvoice('draft')]);
const FINALIZED = chain('Stripe invoice finalised → final invoice', [upsertContact, createInvoice('final')]);

const INSTALMENT = chain('Stripe invoice payment → payment', [
	node('Record Payment', 240, {
		operation: 'recordPayment',
		amountUnit: 'minor',
		invoice: { __rl: true, mode: 'sourceId', value: `={{ ${OBJECT}.invoice }}` },
		sourceId: `={{ ${OBJECT}.id }}`,
		amount: `={{ ${OBJECT}.amount_paid }}`,
		currency: `={{ ${OBJECT}.currency.toUpperCase() }}`,
		date: dayOf(`${OBJECT}.status_transitions.paid_at`),
		bankAccount: '090',
		// Several instalments share one payout: the payout id is the reference, not the identity.
		paymentFields: { reference: `={{ ${OBJECT}.metadata.payout }}` },
	}),
]);

const REFUND = chain('Stripe refund → credit note paid out', [
	node('Issue Credit Note', 240, {
		operation: 'issueCreditNote',
		amountUnit: 'minor',
		invoice: { __rl: true, mode: 'sourceId', value: `={{ ${OBJECT}.invoice }}` },
		sourceId: `={{ ${OBJECT}.id }}`,
		currency: `={{ ${OBJECT}.currency.toUpperCase() }}`,
		date: dayOf(`${OBJECT}.created`),
		creditType: `={{ ${OBJECT}.metadata.credit }}`,
		amount: `={{ ${OBJECT}.total }}`,
		lineInputMode: 'json',
		linesJson: LINES_FROM_CREDIT,
		reason: `={{ ${OBJECT}.memo }}`,
		allocate: false,
		refund: true,
		refundBankAccount: '090',
		refundReference: `={{ ${OBJECT}.refund }}`,
	}),
]);

/**
 * The workflow bound for one run: this ledger and credential on every Accounting Sync node, the
 * Xero organisation, and the trigger replaced by a start node that emits `event` as n8n's
 * Webhook node would. `stopAfter` keeps only the nodes up to that one (an execution killed there).
 */
export function boundWorkflow(
	workflow: WorkflowJson,
	event: StripeEvent,
	ledger: LedgerName,
	tenantId: string,
	stopAfter?: number,
): WorkflowJson {
	const copy = structuredClone(workflow);
	const credential: INode['credentials'] =
		ledger === 'xero'
			? { xeroAccountingSyncOAuth2Api: { id: 'xero-1', name: 'Xero sandbox' } }
			: { easyBillAccountingSyncApi: { id: 'easybill-1', name: 'EasyBill sandbox' } };
	copy.nodes = copy.nodes.map((n) => {
		if (n.name === TRIGGER) {
			const item = { headers: { 'content-type': 'application/json' }, params: {}, query: {}, body: event };
			return { ...n, type: TEST_INPUT_TYPE, typeVersion: 1, parameters: { items: JSON.stringify([item]) } };
		}
		if (n.type !== PACKAGE_NODE) return n;
		const parameters: INode['parameters'] = { ...n.parameters, ledger };
		if (ledger === 'xero') parameters.tenantId = { __rl: true, mode: 'id', value: tenantId };
		return { ...n, parameters, credentials: credential };
	});
	if (stopAfter !== undefined) {
		const order = [TRIGGER];
		while (copy.connections[order[order.length - 1]]) {
			order.push(copy.connections[order[order.length - 1]].main[0]![0].node);
		}
		const keep = new Set(order.slice(0, stopAfter + 1));
		copy.nodes = copy.nodes.filter((n) => keep.has(n.name));
		for (const name of Object.keys(copy.connections)) {
			if (!keep.has(name) || !keep.has(copy.connections[name].main[0]![0].node)) delete copy.connections[name];
		}
	}
	return copy;
}

/** Accounting Sync nodes in run order (for "killed after node k"). */
export function packageNodeCount(workflow: WorkflowJson): number {
	return workflow.nodes.filter((n) => n.type === PACKAGE_NODE).length;
}
