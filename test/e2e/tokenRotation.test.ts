/**
 * Xero token rotation under parallel executions, in real n8n (`n8n start`) against the sandbox.
 * Xero rotates the refresh token on every refresh and keeps the previous one valid for 30 minutes
 * after its first use (the sandbox emulates both). Several executions that meet an expired access
 * token at the same moment each let n8n refresh the one credential; none may lose the connection,
 * and the token n8n keeps must still work after the previous one's grace period is over.
 *
 * Three rounds, each after 31 emulated minutes (every access token expired, and the refresh token
 * used in the round before is past its grace period): four webhook calls at once, each a workflow
 * running a Xero operation (two organisations) with the one credential. Each round prints how often the token endpoint
 * rotated, answered from the grace period or refused; README "Token refresh under parallel
 * executions" quotes it.
 */
import { randomUUID } from 'node:crypto';

import { n8nId, PACKAGE_NAME, type N8nInstance, type RunningN8n, type WorkflowJson } from '../../scripts/e2e/n8n-host';
import { ukTenant } from '../../scripts/e2e/sandboxSeed';
import { XERO_CREDENTIAL_TYPE } from '../../scripts/e2e/sandboxCredentials';
import type { WorkflowNode } from '../../scripts/e2e/workflows';
import type { Sandbox } from '../../sandbox';
import { newInstance, selectedHosts, startSandboxFor } from './harness';

const ROUNDS = 3;
const PAST_EXPIRY_AND_GRACE = 31 * 60_000;

/**
 * One workflow per call, all on the one Xero credential: the package merges concurrent batches of
 * one operation on one organisation into one request, so the calls differ in operation or
 * organisation to send requests side by side, as different workflows of one user do.
 */
const CALLS: Array<{ operation: string; org: 'uk' | 'other'; parameters: Record<string, unknown> }> = [
	{ operation: 'upsertContact', org: 'uk', parameters: { sourceId: '={{ $json.body.id }}', name: '={{ $json.body.name }}' } },
	{ operation: 'upsertContact', org: 'other', parameters: { sourceId: '={{ $json.body.id }}', name: '={{ $json.body.name }}' } },
	{ operation: 'findContacts', org: 'uk', parameters: { returnAll: false, limit: 5 } },
	{ operation: 'findInvoices', org: 'other', parameters: { returnAll: false, limit: 5 } },
];
const PARALLEL = CALLS.length;

/** Webhook (answers with the last node's output, 500 when the node fails) → one Xero operation. */
function callWorkflow(
	call: (typeof CALLS)[number],
	path: string,
	credential: { id: string; name: string },
	tenantId: string,
): WorkflowJson {
	const nodes: WorkflowNode[] = [
		{
			id: n8nId(),
			name: 'Event',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
		},
		{
			id: n8nId(),
			name: 'Xero',
			type: `${PACKAGE_NAME}.accountingSync`,
			typeVersion: 1,
			position: [240, 0],
			// A find with no match still answers, so every call has a body to check.
			alwaysOutputData: true,
			parameters: {
				ledger: 'xero',
				tenantId: { __rl: true, mode: 'id', value: tenantId },
				operation: call.operation,
				...call.parameters,
			},
			credentials: { [XERO_CREDENTIAL_TYPE]: credential },
		},
	];
	return {
		id: n8nId(),
		name: `Token rotation: ${call.operation} (${call.org})`,
		active: false,
		nodes,
		connections: { Event: { main: [[{ node: 'Xero', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	} as unknown as WorkflowJson;
}

describe.each(selectedHosts().map((host) => [host.spec.name, host] as const))('%s', (name, host) => {
	let instance: N8nInstance;
	let sandbox: Sandbox;
	let server: RunningN8n;
	let paths: string[];
	const tenants = { uk: '', other: '' };

	beforeAll(async () => {
		instance = newInstance(host);
		const started = await startSandboxFor(instance);
		sandbox = started.sandbox;
		tenants.uk = ukTenant(sandbox).tenantId;
		tenants.other = sandbox.xero.tenants.find((t) => t.tenantId !== tenants.uk)!.tenantId;
		const credential = started.credentials.find((c) => c.type === XERO_CREDENTIAL_TYPE)!;
		paths = CALLS.map((_call, i) => `token-rotation-${i}-${n8nId().slice(0, 8).toLowerCase()}`);
		const workflows = CALLS.map((call, i) =>
			callWorkflow(call, paths[i], { id: credential.id, name: credential.name }, tenants[call.org]),
		);
		await instance.importWorkflows(workflows);
		for (const workflow of workflows) await instance.publishWorkflow(workflow.id);
		server = await instance.start();
	});

	afterAll(async () => {
		await instance?.dispose();
		await sandbox?.stop();
	});

	it(`${PARALLEL} executions meeting an expired access token at once all succeed, round after round past each grace period`, async () => {
		const rounds: Array<{ rotated: number; grace: number; refused: number; apiCalls: number }> = [];
		for (let round = 1; round <= ROUNDS; round++) {
			sandbox.clock.advance(PAST_EXPIRY_AND_GRACE);
			const attemptsBefore = sandbox.xero.refreshAttempts().length;
			const callsBefore = sandbox.log.entries({ service: 'xero' }).length;
			const answers = await Promise.all(
				CALLS.map((_call, i) => {
					const id = `cus_rotation_${round}_${i}`;
					return server.postWebhook(paths[i], JSON.stringify({ id, name: `Rotation ${name} ${id}` }));
				}),
			);
			const outcomes = answers.map((answer, i) => {
				let action: unknown;
				try {
					action = (JSON.parse(answer.body || '{}') as { action?: unknown }).action;
				} catch {
					action = answer.body.slice(0, 300);
				}
				return { operation: CALLS[i].operation, status: answer.status, ...(CALLS[i].operation === 'upsertContact' ? { action } : {}) };
			});
			expect({ round, outcomes }).toEqual({
				round,
				outcomes: CALLS.map((call) => ({
					operation: call.operation,
					status: 200,
					...(call.operation === 'upsertContact' ? { action: 'created' } : {}),
				})),
			});

			const attempts = sandbox.xero.refreshAttempts().slice(attemptsBefore);
			const count = (outcome: string) => attempts.filter((a) => a.outcome === outcome).length;
			const summary = {
				rotated: count('rotated'),
				grace: count('grace'),
				refused: count('refused'),
				apiCalls: sandbox.log.entries({ service: 'xero' }).length - callsBefore,
			};
			rounds.push(summary);
			// Never invalid_grant; exactly one rotation: every other refresh of the round presented
			// the same (newest) refresh token and was answered from its grace period.
			expect({ round, refused: summary.refused, rotated: summary.rotated }).toEqual({ round, refused: 0, rotated: 1 });
			// Each round presents the token the round before received: n8n kept the newest one.
			expect(new Set(attempts.map((a) => a.generation))).toEqual(new Set([round - 1]));
		}
		const created = [tenants.uk, tenants.other].flatMap((t) => sandbox.xero.contacts(t)).filter((c) => /^Rotation /.test(String(c.Name)));
		expect(created).toHaveLength(2 * ROUNDS);
		process.stdout.write(
			`\n[token rotation, ${name}] ${PARALLEL} parallel executions per round, refreshes per round: ${rounds
				.map((r, i) => `round ${i + 1}: ${r.rotated} rotated + ${r.grace} from the grace period, ${r.refused} refused, ${r.apiCalls} API calls`)
				.join('; ')}\n`,
		);
	});
});
