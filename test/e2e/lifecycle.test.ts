/**
 * The invoice-lifecycle operations in real n8n on both ledgers: Get Invoice → Download Invoice PDF
 * → Send Invoice → Reverse Payment → Void Invoice in one workflow on a paid invoice, and the
 * shipped "Stripe invoice.voided → Void Invoice" example (run twice: the second run is unchanged).
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

const LINES: StripeLine[] = [{ description: 'Pro plan, December', quantity: 1, unitAmount: 4900, taxPercent: 20 }];
const CREATED = Math.floor(Date.UTC(2026, 11, 1, 9, 30) / 1000);
const START = 'Lifecycle start';
const STEPS: Array<[string, Record<string, unknown>]> = [
	['Get Invoice', { operation: 'getInvoice', invoice: { __rl: true, mode: 'sourceId', value: `={{ $('${START}').item.json.invoice }}` } }],
	['Download Invoice PDF', { operation: 'downloadPdf', invoice: { __rl: true, mode: 'sourceId', value: `={{ $('${START}').item.json.invoice }}` }, binaryPropertyName: 'data' }],
	['Send Invoice', { operation: 'sendInvoice', invoice: { __rl: true, mode: 'sourceId', value: `={{ $('${START}').item.json.invoice }}` } }],
	['Reverse Payment', { operation: 'reversePayment', payment: { __rl: true, mode: 'sourceId', value: `={{ $('${START}').item.json.charge }}` } }],
	['Void Invoice', { operation: 'voidInvoice', invoice: { __rl: true, mode: 'sourceId', value: `={{ $('${START}').item.json.invoice }}` }, reversePayments: false }],
];

/** Manual start → a Code node emitting the ids → the five operations in a row. */
function lifecycleWorkflow(ids: { invoice: string; charge: string }): WorkflowJson {
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
	return { id: n8nId(), name: `Lifecycle ${ids.invoice}`, active: false, nodes, connections, settings: { executionOrder: 'v1' } } as unknown as WorkflowJson;
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

	async function stripeInvoice(ledger: LedgerName, suffix: string, paid: boolean) {
		const event = invoicePaidEvent({
			suffix,
			customerName: `Lifecycle ${suffix}`,
			customerEmail: `billing@${suffix.replace(/_/g, '-')}.example`,
			currency: 'EUR',
			lines: LINES,
			created: CREATED,
		});
		const example = withManualStart(loadExample('stripe-invoice-paid-to-books.json'), 'Stripe event', [event]);
		const output = await run(await importBound(disableNodes(example, paid ? [] : ['Record Payment']), ledger));
		return { invoice: `in_${suffix}`, charge: `ch_${suffix}`, ledgerId: String(nodeOutput(output, 'Create Invoice')[0].ledgerId) };
	}

	describe.each(['xero', 'easybill'] as const)('%s', (ledger) => {
		const suffix = `life_${ledger}_${host.spec.n8n.replace(/\./g, '')}`;

		it('Get → Download PDF → Send → Reverse Payment → Void on a paid invoice', async () => {
			const ids = await stripeInvoice(ledger, suffix, true);
			const output = await run(await importBound(lifecycleWorkflow(ids), ledger));

			const [got] = nodeOutput(output, 'Get Invoice');
			expect(got).toMatchObject({ action: 'unchanged', ledgerId: ids.ledgerId, record: { state: 'paid', amountDueMinor: 0 } });
			const [pdf] = nodeOutput(output, 'Download Invoice PDF');
			expect(pdf).toMatchObject({ ledgerId: ids.ledgerId, record: { mimeType: 'application/pdf', fileName: expect.stringMatching(/\.pdf$/) } });
			expect((pdf.record as { fileSize: number }).fileSize).toBeGreaterThan(300);
			const [sent] = nodeOutput(output, 'Send Invoice');
			expect(sent).toMatchObject({ action: 'created', record: { to: [`billing@${suffix.replace(/_/g, '-')}.example`] } });
			const [reversed] = nodeOutput(output, 'Reverse Payment');
			expect(reversed).toMatchObject({ action: 'updated', record: { state: 'reversed', invoiceLedgerId: ids.ledgerId } });
			const [voided] = nodeOutput(output, 'Void Invoice');
			expect(voided).toMatchObject({ action: 'updated', record: { voidedAs: ledger === 'xero' ? 'voided' : 'cancelled' } });
			if (ledger === 'xero') {
				expect(sandbox.xero.invoices(tenantId).find((i) => i.InvoiceID === ids.ledgerId)).toMatchObject({ Status: 'VOIDED', AmountPaid: 0 });
				expect(sandbox.xero.emails(tenantId).filter((e) => e.invoiceId === ids.ledgerId)).toHaveLength(1);
			} else {
				const doc = sandbox.easybill.documents().find((d) => String(d.id) === ids.ledgerId);
				expect(doc).toMatchObject({ paid_amount: 0, cancel_id: expect.any(Number) });
				expect(sandbox.easybill.postBoxes().filter((p) => String(p.document_id) === ids.ledgerId)).toHaveLength(1);
			}
		});

		it('the Stripe invoice.voided example voids an open invoice; the replayed event is unchanged', async () => {
			const ids = await stripeInvoice(ledger, `${suffix}_v`, false);
			const event = { headers: {}, params: {}, query: {}, body: { id: `evt_${suffix}_v`, type: 'invoice.voided', data: { object: { id: ids.invoice, object: 'invoice', status: 'void' } } } };
			const workflow = await importBound(withManualStart(loadExample('stripe-invoice-voided-to-books.json'), 'Stripe event', [event]), ledger);
			const first = nodeOutput(await run(workflow), 'Void Invoice')[0];
			expect(first).toMatchObject({ action: 'updated', ledgerId: ids.ledgerId });
			const again = nodeOutput(await run(workflow), 'Void Invoice')[0];
			expect(again).toMatchObject({ action: 'unchanged', ledgerId: ids.ledgerId });
		});
	});
});
