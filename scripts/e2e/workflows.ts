/**
 * Loads the example workflows and adapts them for a test or demo instance: fresh ids, credentials
 * bound to the sandbox ones, and (for `n8n execute`) the webhook trigger swapped for a manual start
 * that emits a sample event in the shape the webhook would.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PACKAGE_NAME, REPO_ROOT, n8nId, type CredentialJson, type WorkflowJson } from './n8n-host';

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	[key: string]: unknown;
}

export function loadExample(fileName: string): WorkflowJson {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'examples', fileName), 'utf8')) as WorkflowJson;
}

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

export type LedgerName = 'xero' | 'easybill';

const XERO_WEBHOOK_CREDENTIAL_TYPE = 'xeroAccountingSyncWebhookApi';

const CREDENTIAL_TYPE_OF: Record<LedgerName, string> = {
	xero: 'xeroAccountingSyncOAuth2Api',
	easybill: 'easyBillAccountingSyncApi',
};

/**
 * A copy with a fresh workflow id, fresh webhook ids (two imports of one example must not claim
 * the same webhook URL) and every credential reference of a known type pointed at `credentials`.
 */
export function bindWorkflow(workflow: WorkflowJson, credentials: CredentialJson[]): WorkflowJson {
	const copy = clone(workflow);
	copy.id = n8nId();
	for (const node of copy.nodes as WorkflowNode[]) {
		if (node.webhookId) node.webhookId = randomUUID();
		for (const type of Object.keys(node.credentials ?? {})) {
			const match = credentials.find((credential) => credential.type === type);
			if (match) node.credentials![type] = { id: match.id, name: match.name };
		}
	}
	return copy;
}

/**
 * Switches every node of this package to `ledger`, with that ledger's credential and, for Xero,
 * the organisation `xeroTenantId` (nodes without an organisation parameter ignore it).
 */
export function forLedger(
	workflow: WorkflowJson,
	ledger: LedgerName,
	credentials: CredentialJson[],
	xeroTenantId?: string,
): WorkflowJson {
	const copy = clone(workflow);
	const type = CREDENTIAL_TYPE_OF[ledger];
	const credential = credentials.find((candidate) => candidate.type === type);
	if (!credential) throw new Error(`no ${type} credential given`);
	for (const node of copy.nodes as WorkflowNode[]) {
		if (!node.type.startsWith(`${PACKAGE_NAME}.`)) continue;
		node.parameters.ledger = ledger;
		if (ledger === 'xero' && xeroTenantId && 'tenantId' in node.parameters) {
			node.parameters.tenantId = { __rl: true, mode: 'id', value: xeroTenantId };
		}
		// The Xero webhook trigger's signing-key credential stays with Xero and goes with EasyBill.
		const signingKey = node.credentials?.[XERO_WEBHOOK_CREDENTIAL_TYPE];
		node.credentials = { [type]: { id: credential.id, name: credential.name } };
		if (ledger === 'xero' && signingKey) node.credentials[XERO_WEBHOOK_CREDENTIAL_TYPE] = signingKey;
	}
	return copy;
}

/** Disables the named nodes (n8n passes their input straight through), e.g. to stop early. */
export function disableNodes(workflow: WorkflowJson, names: string[]): WorkflowJson {
	const copy = clone(workflow);
	for (const name of names) {
		const node = (copy.nodes as WorkflowNode[]).find((candidate) => candidate.name === name);
		if (!node) throw new Error(`workflow "${copy.name}" has no node "${name}"`);
		node.disabled = true;
	}
	return copy;
}

/** The node's production webhook path (n8n serves it under /webhook/). */
export function webhookPath(workflow: WorkflowJson, nodeName: string, path = 'webhook'): string {
	const node = (workflow.nodes as WorkflowNode[]).find((candidate) => candidate.name === nodeName);
	if (!node?.webhookId)
		throw new Error(`workflow "${workflow.name}" has no webhook node "${nodeName}"`);
	return `${node.webhookId}/${path}`;
}

/** Sets parameters on the named nodes, e.g. to point an HTTP Request at a local receiver. */
export function setParameters(
	workflow: WorkflowJson,
	changes: Record<string, Record<string, unknown>>,
): WorkflowJson {
	const copy = clone(workflow);
	for (const [name, parameters] of Object.entries(changes)) {
		const node = (copy.nodes as WorkflowNode[]).find((candidate) => candidate.name === name);
		if (!node) throw new Error(`workflow "${copy.name}" has no node "${name}"`);
		Object.assign(node.parameters, parameters);
	}
	return copy;
}

/**
 * Replaces the trigger node `triggerName` with a Manual Trigger followed by a node that emits
 * `items`, keeping the trigger's name on the emitting node so every expression that reads
 * `$('<trigger>')` and every connection out of it still works.
 */
export function withManualStart(
	workflow: WorkflowJson,
	triggerName: string,
	items: Record<string, unknown>[],
): WorkflowJson {
	const copy = clone(workflow);
	const nodes = copy.nodes as WorkflowNode[];
	const index = nodes.findIndex((node) => node.name === triggerName);
	if (index < 0) throw new Error(`workflow "${copy.name}" has no node "${triggerName}"`);
	const trigger = nodes[index];
	const startName = 'Manual start (test)';
	nodes[index] = {
		id: trigger.id,
		name: triggerName,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: trigger.position,
		parameters: { jsCode: `return ${JSON.stringify(items.map((json) => ({ json })))};` },
	};
	nodes.push({
		id: n8nId(),
		name: startName,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [trigger.position[0] - 220, trigger.position[1]],
		parameters: {},
	});
	copy.connections[startName] = { main: [[{ node: triggerName, type: 'main', index: 0 }]] };
	return copy;
}
