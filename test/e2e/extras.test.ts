/**
 * Issue 15 in real n8n on both hosts: tracking categories on invoice lines (Xero books them;
 * EasyBill refuses a line that names tracking, never dropping it) and Attach File to Invoice
 * (the invoice's own PDF, downloaded in the same workflow, attached once: the second run is
 * unchanged and the ledger holds exactly those bytes).
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
import { bindWorkflow, forLedger, type LedgerName, type WorkflowNode } from '../../scripts/e2e/workflows';
import type { Sandbox } from '../../sandbox';
import { newInstance, selectedHosts, startSandboxFor } from './harness';

const START = 'Extras start';

/** Manual start → a Code node emitting one item → the package's nodes in a row. */
function chain(name: string, item: Record<string, unknown>, steps: Array<[string, Record<string, unknown>, boolean?]>): WorkflowJson {
	const nodes: WorkflowNode[] = [
		{ id: n8nId(), name: 'Manual start (test)', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [-220, 0], parameters: {} },
		{ id: n8nId(), name: START, type: 'n8n-nodes-base.code', typeVersion: 2, position: [0, 0], parameters: { jsCode: `return [{ json: ${JSON.stringify(item)} }];` } },
		...steps.map(([stepName, parameters, continueOnFail], i): WorkflowNode => ({
			id: n8nId(),
			name: stepName,
			type: `${PACKAGE_NAME}.accountingSync`,
			typeVersion: 1,
			position: [240 * (i + 1), 0],
			parameters: { ledger: 'xero', tenantId: { __rl: true, mode: 'id', value: '' }, ...parameters },
			credentials: {},
			...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		})),
	];
	const names = nodes.map((n) => n.name);
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < names.length - 1; i++) connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return { id: n8nId(), name, active: false, nodes, connections, settings: { executionOrder: 'v1' } } as unknown as WorkflowJson;
}

const createInvoice = (ledger: LedgerName, tracking: string[]): Record<string, unknown> => ({
	operation: 'createInvoice',
	amountUnit: 'minor',
	sourceId: `={{ $('${START}').item.json.invoice }}`,
	contactBy: 'details',
	contactSourceId: `={{ $('${START}').item.json.customer }}`,
	contactName: `={{ $('${START}').item.json.customer }}`,
	issueDate: '2026-12-01',
	dueDate: '2026-12-15',
	currency: 'EUR',
	taxMode: 'exclusive',
	lineInputMode: 'json',
	linesJson: JSON.stringify([
		{ description: 'Pro plan', quantity: 1, unitPrice: 4900, tracking, ...(ledger === 'xero' ? { taxType: 'OUTPUT2', accountCode: '200' } : { taxPercent: 19 }) },
	]),
	status: 'final',
});

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
		const suffix = `x15_${ledger}_${host.spec.n8n.replace(/\./g, '')}`;

		it('tracking categories on invoice lines: booked on Xero, refused on EasyBill', async () => {
			const workflow = chain(`Tracking ${suffix}`, { invoice: `in_tr_${suffix}`, customer: `cus_tr_${suffix}` }, [
				['Create Invoice', createInvoice(ledger, ['Region: North', 'Department: Sales']), true],
			]);
			const [created] = nodeOutput(await run(await importBound(workflow, ledger)), 'Create Invoice');
			if (ledger === 'xero') {
				expect(created).toMatchObject({ action: 'created' });
				const stored = sandbox.xero.invoices(tenantId).find((i) => i.InvoiceID === created.ledgerId);
				expect(stored?.LineItems[0].Tracking.map((t: { Name: string; Option: string }) => `${t.Name}: ${t.Option}`)).toEqual(['Region: North', 'Department: Sales']);
			} else {
				expect(created.error).toMatchObject({ field: 'lines[0].tracking', message: expect.stringContaining('EasyBill has no tracking categories') });
				expect(sandbox.easybill.documents().filter((d) => d.external_id === `in_tr_${suffix}`)).toEqual([]);
			}
		});

		it("Download Invoice PDF → Attach File: the invoice's PDF attached once, the second run unchanged", async () => {
			const ids = { invoice: `in_at_${suffix}`, customer: `cus_at_${suffix}` };
			const invoiceRef = { __rl: true, mode: 'sourceId', value: `={{ $('${START}').item.json.invoice }}` };
			const workflow = await importBound(
				chain(`Attach ${suffix}`, ids, [
					['Create Invoice', createInvoice(ledger, [])],
					['Download Invoice PDF', { operation: 'downloadPdf', invoice: invoiceRef, binaryPropertyName: 'data' }],
					['Attach File', { operation: 'attachFile', invoice: invoiceRef, binaryPropertyName: 'data', attachOptions: { fileName: 'billing-copy.pdf' } }],
				]),
				ledger,
			);
			const first = await run(workflow);
			const [attached] = nodeOutput(first, 'Attach File');
			const invoiceId = String(nodeOutput(first, 'Create Invoice')[0].ledgerId);
			expect(attached).toMatchObject({ action: 'created', ledgerId: invoiceId, record: { fileName: 'billing-copy.pdf', mimeType: 'application/pdf' } });
			const size = (attached.record as { fileSize: number }).fileSize;
			expect(size).toBeGreaterThan(300);
			const held =
				ledger === 'xero'
					? sandbox.xero.attachments(tenantId, invoiceId).map((a) => [a.FileName, (a.data as Buffer).length, (a.data as Buffer).subarray(0, 5).toString()])
					: sandbox.easybill.attachments().filter((a) => String(a.document_id) === invoiceId).map((a) => [a.file_name, Buffer.from(a.content).length, Buffer.from(a.content).subarray(0, 5).toString()]);
			expect(held).toEqual([['billing-copy.pdf', size, '%PDF-']]);

			const [again] = nodeOutput(await run(workflow), 'Attach File');
			expect(again).toMatchObject({ action: 'unchanged', ledgerId: invoiceId });
		});
	});
});
