/**
 * Find Contacts, Find Invoices and Write Off in real n8n on both ledgers, chained as a user (or an
 * agent) would: find the customer by source ID → find its invoices → write off what each still
 * owes. Run twice: the second run finds the same records and the write-off is unchanged. And the
 * node's AI-tool twin that n8n builds from `usableAsTool` offers the three operations.
 */
import {
	n8nId,
	nodeOutput,
	PACKAGE_NAME,
	type CredentialJson,
	type N8nInstance,
	type WorkflowJson,
} from '../../scripts/e2e/n8n-host';
import { ukTenant } from '../../scripts/e2e/sandboxSeed';
import { invoicePaidEvent, type StripeLine } from '../../scripts/e2e/stripeEvents';
import {
	bindWorkflow,
	disableNodes,
	forLedger,
	loadExample,
	withManualStart,
	type LedgerName,
	type WorkflowNode,
} from '../../scripts/e2e/workflows';
import type { Sandbox } from '../../sandbox';
import { newInstance, selectedHosts, startSandboxFor } from './harness';

const LINES: StripeLine[] = [
	{ description: 'Pro plan, December', quantity: 1, unitAmount: 4900, taxPercent: 20 },
	{ description: 'Extra seats', quantity: 2, unitAmount: 1000, taxPercent: 20 },
];
const CREATED = Math.floor(Date.UTC(2026, 11, 1, 9, 30) / 1000);
const START = 'Ids';

const STEPS: Array<[string, Record<string, unknown>]> = [
	['Find Contacts', { operation: 'findContacts', returnAll: false, limit: 5, filters: { sourceId: `={{ $('${START}').item.json.customer }}` } }],
	['Find Invoices', { operation: 'findInvoices', returnAll: true, filters: { contact: { __rl: true, mode: 'id', value: '={{ $json.ledgerId }}' }, issuedFrom: '2026-12-01' } }],
	['Write Off', { operation: 'writeOff', invoice: { __rl: true, mode: 'id', value: '={{ $json.ledgerId }}' }, sourceId: `={{ $('${START}').item.json.writeOff }}`, date: '2026-12-20', reason: 'Uncollectible' }],
];

function chain(ids: Record<string, string>): WorkflowJson {
	const nodes: WorkflowNode[] = [
		{ id: n8nId(), name: 'Manual start (test)', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [-220, 0], parameters: {} },
		{ id: n8nId(), name: START, type: 'n8n-nodes-base.code', typeVersion: 2, position: [0, 0], parameters: { jsCode: `return [{ json: ${JSON.stringify(ids)} }];` } },
		...STEPS.map(([name, parameters], i): WorkflowNode => ({
			id: n8nId(),
			name,
			type: `${PACKAGE_NAME}.accountingSync`,
			typeVersion: 1,
			position: [240 * (i + 1), 0],
			parameters: { ledger: 'xero', tenantId: { __rl: true, mode: 'id', value: '' }, ...parameters },
			credentials: {},
		})),
	];
	const names = nodes.map((n) => n.name);
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < names.length - 1; i++) connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return { id: n8nId(), name: `Find and write off ${ids.customer}`, active: false, nodes, connections, settings: { executionOrder: 'v1' } } as unknown as WorkflowJson;
}

interface ToolDescription {
	name: string;
	version: number | number[];
	properties: Array<{ name: string; options?: Array<{ value?: unknown; description?: string }> }>;
}

describe.each(selectedHosts().map((host) => [host.spec.name, host] as const))('%s', (_name, host) => {
	let instance: N8nInstance;
	let sandbox: Sandbox;
	let credentials: CredentialJson[];
	let tenantId: string;

	beforeAll(async () => {
		instance = newInstance(host);
		({ sandbox, credentials } = await startSandboxFor(instance));
		tenantId = ukTenant(sandbox).tenantId;
	});
	afterAll(async () => {
		await instance?.dispose();
		await sandbox?.stop();
	});

	async function run(workflow: WorkflowJson) {
		const result = await instance.execute(workflow.id);
		if (!result.output) throw new Error(`n8n execute failed:\n${result.stdout}\n${result.stderr}`);
		return result.output;
	}

	async function importBound(workflow: WorkflowJson, ledger: LedgerName): Promise<WorkflowJson> {
		const bound = forLedger(bindWorkflow(workflow, credentials), ledger, credentials, tenantId);
		await instance.importWorkflows([bound]);
		return bound;
	}

	describe.each(['xero', 'easybill'] as const)('%s', (ledger) => {
		const suffix = `find_${ledger}_${host.spec.n8n.replace(/\./g, '')}`;

		it('Find Contacts → Find Invoices → Write Off; the re-run finds the same and is unchanged', async () => {
			const event = invoicePaidEvent({ suffix, customerName: `Find ${suffix}`, customerEmail: `billing@${suffix.replace(/_/g, '-')}.example`, currency: 'EUR', lines: LINES, created: CREATED });
			const example = withManualStart(loadExample('stripe-invoice-paid-to-books.json'), 'Stripe event', [event]);
			const created = await run(await importBound(disableNodes(example, ['Record Payment']), ledger));
			const invoice = nodeOutput(created, 'Create Invoice')[0] as { ledgerId: string; record: { totalMinor: number } };

			const workflow = await importBound(chain({ customer: `cus_${suffix}`, writeOff: `wo_${suffix}` }), ledger);
			const first = await run(workflow);
			const contacts = nodeOutput(first, 'Find Contacts');
			expect(contacts).toEqual([expect.objectContaining({ ledger, record: expect.objectContaining({ sourceId: `cus_${suffix}` }) })]);
			expect(nodeOutput(first, 'Find Invoices')).toEqual([expect.objectContaining({ ledgerId: invoice.ledgerId, record: expect.objectContaining({ state: 'open' }) })]);
			const [written] = nodeOutput(first, 'Write Off');
			expect(written).toMatchObject({ action: 'created', record: { totalMinor: invoice.record.totalMinor, allocatedMinor: invoice.record.totalMinor, invoiceLedgerId: invoice.ledgerId } });

			const second = await run(workflow);
			expect(nodeOutput(second, 'Find Invoices')).toEqual([expect.objectContaining({ ledgerId: invoice.ledgerId, record: expect.objectContaining({ state: 'paid', amountDueMinor: 0 }) })]);
			expect(nodeOutput(second, 'Write Off')[0]).toMatchObject({ action: 'unchanged', ledgerId: written.ledgerId });
			const credits =
				ledger === 'xero'
					? sandbox.xero.creditNotes(tenantId).filter((n) => n.Reference === `wo_${suffix}`)
					: sandbox.easybill.documents().filter((d) => d.type === 'CREDIT' && d.external_id === `wo_${suffix}`);
			expect(credits).toHaveLength(1);
		});
	});

	it("the node's AI-tool twin offers Find Contacts, Find Invoices and Write Off", async () => {
		const server = await instance.start();
		try {
			const nodes = await server.getJson<ToolDescription[]>('/types/nodes.json');
			const tool = nodes.find((n) => n.name === `${PACKAGE_NAME}.accountingSyncTool`);
			expect(tool).toBeDefined();
			const operations = tool?.properties.find((p) => p.name === 'operation')?.options ?? [];
			for (const value of ['findContacts', 'findInvoices', 'writeOff']) {
				const option = operations.find((o) => o.value === value);
				expect({ value, described: (option?.description ?? '').length > 20 }).toEqual({ value, described: true });
			}
			expect(tool?.properties.map((p) => p.name)).toEqual(expect.arrayContaining(['filters', 'returnAll', 'limit']));
		} finally {
			await instance.stop();
		}
	});
});
