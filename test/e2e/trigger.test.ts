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
} from '../../scripts/e2e/workflows';
import type { Sandbox } from '../../sandbox';
import { newInstance, selectedHosts, startSandboxFor } from './harness';

const EXAMPLE = 'invoice-paid-to-billing-callback.json';
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
						signingKey: sandbox.xero.webhookKey,
					},
					[CALLBACK]: { url: `${receiver.url}/xero-paid` },
				},
			);
			easyBillWorkflow = setParameters(
				forLedger(bindWorkflow(example, started.credentials), 'easybill', started.credentials),
				{ [CALLBACK]: { url: `${receiver.url}/easybill-paid` } },
			);
			await instance.importWorkflows([xeroWorkflow, easyBillWorkflow]);
			await instance.publishWorkflow(xeroWorkflow.id);
			await instance.publishWorkflow(easyBillWorkflow.id);
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
	},
);
