/**
 * The Invoice Paid trigger on a running n8n (`n8n start`), through the shipped example
 * "Invoice Paid → tell the billing system": the sandbox delivers to the production webhook URL and
 * the workflow's callback to a local receiver proves the execution happened.
 */
import type { N8nInstance, RunningN8n, WorkflowJson } from '../../scripts/e2e/n8n-host';
import { CallbackReceiver } from '../../scripts/e2e/receiver';
import { waitUntil } from '../../scripts/e2e/waitUntil';
import { createEasyBillInvoice, createXeroInvoice, ukTenant } from '../../scripts/e2e/sandboxSeed';
import {
	bindWorkflow,
	forLedger,
	loadExample,
	setParameters,
	webhookPath,
	type WorkflowNode,
} from '../../scripts/e2e/workflows';
import type { Sandbox } from '../../sandbox';
import { newInstance, selectedHosts, startSandboxFor } from './harness';

const EXAMPLE = 'invoice-paid-to-billing-callback.json';

/** The workflow as version 1 of the trigger saved it: the key a parameter, no key credential. */
function legacyVersion(workflow: WorkflowJson): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	const trigger = (copy.nodes as WorkflowNode[]).find((node) => node.name === TRIGGER)!;
	trigger.typeVersion = 1;
	delete (trigger.credentials as Record<string, unknown> | undefined)?.xeroAccountingSyncWebhookApi;
	return copy;
}

interface ExecutionSummary {
	id: string;
	status?: string;
}

/** The workflow's executions as n8n lists them in its Executions tab. */
async function executions(server: RunningN8n, workflowId: string): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const answer = await server.getJson<{
		data?: { results?: ExecutionSummary[] } | ExecutionSummary[];
	}>(`/rest/executions?filter=${filter}`);
	const data = answer.data;
	return Array.isArray(data) ? data : (data?.results ?? []);
}
const TRIGGER = 'Invoice Paid';
const CALLBACK = 'Tell billing system';

describe.each(selectedHosts().map((host) => [host.spec.name, host] as const))(
	'%s',
	(_name, host) => {
		let instance: N8nInstance;
		let sandbox: Sandbox;
		let server: RunningN8n;
		let xeroWorkflow: WorkflowJson;
		let easyBillWorkflow: WorkflowJson;
		let legacyWorkflow: WorkflowJson;
		const receiver = new CallbackReceiver();
		const productionUrl = (workflow: WorkflowJson) =>
			`${server.baseUrl}/webhook/${webhookPath(workflow, TRIGGER)}`;

		beforeAll(async () => {
			instance = newInstance(host);
			await receiver.start();
			const started = await startSandboxFor(instance);
			sandbox = started.sandbox;
			const tenant = ukTenant(sandbox);
			const example = loadExample(EXAMPLE);
			xeroWorkflow = setParameters(
				forLedger(bindWorkflow(example, started.credentials), 'xero', started.credentials),
				{
					[TRIGGER]: {
						tenantId: { __rl: true, mode: 'id', value: tenant.tenantId },
					},
					[CALLBACK]: { url: `${receiver.url}/xero-paid` },
				},
			);
			legacyWorkflow = legacyVersion(
				setParameters(
					forLedger(bindWorkflow(example, started.credentials), 'xero', started.credentials),
					{
						[TRIGGER]: {
							tenantId: { __rl: true, mode: 'id', value: tenant.tenantId },
							signingKey: sandbox.xero.webhookKey,
						},
						[CALLBACK]: { url: `${receiver.url}/legacy-paid` },
					},
				),
			);
			easyBillWorkflow = setParameters(
				forLedger(bindWorkflow(example, started.credentials), 'easybill', started.credentials),
				{ [CALLBACK]: { url: `${receiver.url}/easybill-paid` } },
			);
			await instance.importWorkflows([xeroWorkflow, easyBillWorkflow, legacyWorkflow]);
			await instance.publishWorkflow(xeroWorkflow.id);
			await instance.publishWorkflow(easyBillWorkflow.id);
			await instance.publishWorkflow(legacyWorkflow.id);
			server = await instance.start();
		});

		afterAll(async () => {
			await instance?.dispose();
			await sandbox?.stop();
			await receiver.stop();
		});

		it("answers Xero's intent-to-receive check at the production URL", async () => {
			await server.postWebhook(webhookPath(xeroWorkflow, TRIGGER), '{}'); // waits for registration

			const check = await sandbox.xero.intentToReceive(productionUrl(xeroWorkflow));

			expect(check.results.map(({ signed, status }) => ({ signed, status }))).toEqual([
				{ signed: true, status: 200 },
				{ signed: false, status: 401 },
			]);
			expect(check.ok).toBe(true);
		});

		it('Xero: a signed delivery for a paid invoice runs the workflow, which calls the billing system', async () => {
			const tenant = ukTenant(sandbox);
			const invoice = await createXeroInvoice(sandbox, tenant.tenantId, {
				contactName: 'E2E Trigger Ltd',
				reference: 'sub_e2e_trigger',
				unitAmount: 100,
			});
			sandbox.xero.payInvoice(tenant.tenantId, invoice.InvoiceID);

			// Delivers the events the writes above queued (invoice created, then updated by the payment).
			const delivered = await sandbox.xero.deliverWebhook(productionUrl(xeroWorkflow));

			expect(delivered.length).toBeGreaterThan(0);
			expect(delivered.every((result) => result.status === 200)).toBe(true);
			const [call] = await receiver.waitFor('/xero-paid');
			expect(call.body).toMatchObject({
				ledger: 'xero',
				invoiceId: invoice.InvoiceID,
				invoiceNumber: invoice.InvoiceNumber,
				reference: 'sub_e2e_trigger',
				currency: 'GBP',
				total: '120.00',
				amountPaid: '120.00',
			});
		});

		it('EasyBill: activation registers the webhook, and a payment runs the workflow', async () => {
			await waitUntil(
				() => sandbox.easybill.webhooks().length > 0,
				'the EasyBill webhook registration',
			);
			const registered = sandbox.easybill.webhooks();
			expect(registered).toEqual([
				expect.objectContaining({
					url: expect.stringContaining(productionUrl(easyBillWorkflow)),
					events: expect.arrayContaining(['document.payment_add']),
				}),
			]);
			const document = await createEasyBillInvoice(sandbox, {
				companyName: 'E2E Trigger GmbH',
				netCents: 10000,
			});

			await sandbox.easybill.payDocument(document.id);

			const [call] = await receiver.waitFor('/easybill-paid');
			expect(call.body).toMatchObject({
				ledger: 'easybill',
				invoiceId: String(document.id),
				invoiceNumber: document.number,
				currency: 'EUR',
				total: '119.00',
			});
		});

		it('keeps the signing key out of the workflow: it is read from the Xero Webhook credential', () => {
			const trigger = (xeroWorkflow.nodes as WorkflowNode[]).find((node) => node.name === TRIGGER)!;
			expect(trigger.typeVersion).toBe(2);
			expect(Object.keys(trigger.credentials ?? {})).toContain('xeroAccountingSyncWebhookApi');
			expect(JSON.stringify(xeroWorkflow)).not.toContain(sandbox.xero.webhookKey);
		});

		it('a workflow saved by version 1 with the key as a parameter keeps working', async () => {
			const tenant = ukTenant(sandbox);
			const invoice = await createXeroInvoice(sandbox, tenant.tenantId, {
				contactName: 'E2E Legacy Key Ltd',
				reference: 'sub_e2e_legacy',
				unitAmount: 50,
			});
			sandbox.xero.payInvoice(tenant.tenantId, invoice.InvoiceID);
			const url = productionUrl(legacyWorkflow);
			await server.postWebhook(webhookPath(legacyWorkflow, TRIGGER), '{}'); // waits for registration
			const check = await sandbox.xero.intentToReceive(url);
			expect(check.ok).toBe(true);

			const delivered = await sandbox.xero.deliverWebhook(url);

			expect(delivered.every((result) => result.status === 200)).toBe(true);
			const [call] = await receiver.waitFor('/legacy-paid');
			expect(call.body).toMatchObject({ ledger: 'xero', invoiceId: invoice.InvoiceID });
		});

		it('Xero: a lookup that fails after the answer shows as a failed execution, and the invoice follows', async () => {
			const tenant = ukTenant(sandbox);
			const invoice = await createXeroInvoice(sandbox, tenant.tenantId, {
				contactName: 'E2E Lookup Failure Ltd',
				reference: 'sub_e2e_lookup_failure',
				unitAmount: 70,
			});
			sandbox.xero.payInvoice(tenant.tenantId, invoice.InvoiceID);
			sandbox.faults.add({
				service: 'xero',
				method: 'GET',
				path: '/api.xro/2.0/Invoices',
				kind: '500',
				times: 1000,
			});
			const failedBefore = (await executions(server, xeroWorkflow.id)).filter(
				(execution) => execution.status === 'error',
			).length;

			const delivered = await sandbox.xero.deliverWebhook(productionUrl(xeroWorkflow));

			expect(delivered.every((result) => result.status === 200)).toBe(true);
			const deadline = Date.now() + 120_000;
			let failed: ExecutionSummary[] = [];
			while (failed.length <= failedBefore) {
				if (Date.now() > deadline) throw new Error('no failed execution of the Xero workflow');
				await new Promise((resolve) => setTimeout(resolve, 1000));
				failed = (await executions(server, xeroWorkflow.id)).filter(
					(execution) => execution.status === 'error',
				);
			}
			// The ids were kept: the next delivery (here an empty intent-to-receive check does not
			// count, a real one does) emits the invoice once Xero answers again.
			sandbox.faults.clear();
			const other = await createXeroInvoice(sandbox, tenant.tenantId, {
				contactName: 'E2E Lookup Recovery Ltd',
				reference: 'sub_e2e_lookup_recovery',
				unitAmount: 80,
			});
			sandbox.xero.payInvoice(tenant.tenantId, other.InvoiceID);
			await sandbox.xero.deliverWebhook(productionUrl(xeroWorkflow));
			const calls = await receiver.waitFor('/xero-paid', 3);
			expect(calls.map((c) => (c.body as { invoiceId: string }).invoiceId)).toEqual(
				expect.arrayContaining([invoice.InvoiceID, other.InvoiceID]),
			);
		});
	},
);
