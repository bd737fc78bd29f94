/**
 * The Invoice Paid polling trigger on a running n8n: activated with n8n's shortest poll interval
 * (every minute), it must start the billing-callback workflow once for an invoice paid in the
 * ledger after activation. Slow by nature (up to one poll interval per check), so both ledgers
 * share one n8n and one wait.
 */
import type { N8nInstance, WorkflowJson } from '../../scripts/e2e/n8n-host';
import { CallbackReceiver } from '../../scripts/e2e/receiver';
import { waitUntil } from '../../scripts/e2e/waitUntil';
import { createEasyBillInvoice, createXeroInvoice, ukTenant } from '../../scripts/e2e/sandboxSeed';
import {
	bindWorkflow,
	forLedger,
	loadExample,
	setParameters,
	type WorkflowNode,
} from '../../scripts/e2e/workflows';
import type { Sandbox } from '../../sandbox';
import { newInstance, selectedHosts, startSandboxFor } from './harness';

const TRIGGER = 'Invoice Paid';

/** The callback example with its webhook trigger swapped for the polling one. */
function pollingVariant(workflow: WorkflowJson): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	const trigger = (copy.nodes as WorkflowNode[]).find((node) => node.name === TRIGGER)!;
	trigger.type = 'n8n-nodes-accounting-sync.invoicePaidPollTrigger';
	trigger.typeVersion = 1;
	delete trigger.webhookId;
	delete trigger.credentials?.xeroAccountingSyncWebhookApi;
	trigger.parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
	return copy;
}

describe.each(selectedHosts().map((host) => [host.spec.name, host] as const))(
	'%s',
	(_name, host) => {
		let instance: N8nInstance;
		let sandbox: Sandbox;
		const receiver = new CallbackReceiver();

		beforeAll(async () => {
			instance = newInstance(host);
			await receiver.start();
			const started = await startSandboxFor(instance);
			sandbox = started.sandbox;
			const tenantId = ukTenant(sandbox).tenantId;
			const example = pollingVariant(loadExample('invoice-paid-to-billing-callback.json'));
			const workflows = (['xero', 'easybill'] as const).map((ledger) =>
				setParameters(
					forLedger(
						bindWorkflow(example, started.credentials),
						ledger,
						started.credentials,
						tenantId,
					),
					{ 'Tell billing system': { url: `${receiver.url}/polled/${ledger}` } },
				),
			);
			await instance.importWorkflows(workflows);
			for (const workflow of workflows) await instance.publishWorkflow(workflow.id);
			await instance.start();
		});

		afterAll(async () => {
			await instance?.dispose();
			await sandbox?.stop();
			await receiver.stop();
		});

		it('emits an invoice paid after activation, on the next poll, for both ledgers', async () => {
			const tenantId = ukTenant(sandbox).tenantId;
			// Paid before the baseline, an invoice counts as paid before activation and is never emitted.
			await waitUntil(
				() =>
					sandbox.log.entries({ service: 'xero', method: 'GET', path: /Invoices/ }).length > 0 &&
					sandbox.log.entries({ service: 'easybill', method: 'GET', path: /documents/ }).length > 0,
				"both pollers' first (baseline) read",
			);
			const xeroInvoice = await createXeroInvoice(sandbox, tenantId, {
				contactName: 'E2E Polling Ltd',
				reference: 'sub_e2e_polling',
				unitAmount: 50,
			});
			const document = await createEasyBillInvoice(sandbox, {
				companyName: 'E2E Polling GmbH',
				netCents: 5000,
			});

			sandbox.xero.payInvoice(tenantId, xeroInvoice.InvoiceID);
			await sandbox.easybill.payDocument(document.id);

			// n8n polls at most once a minute; allow two intervals.
			const [xeroCall] = await receiver.waitFor('/polled/xero', 1, 150_000);
			const [easyBillCall] = await receiver.waitFor('/polled/easybill', 1, 150_000);
			expect(xeroCall.body).toMatchObject({
				ledger: 'xero',
				invoiceId: xeroInvoice.InvoiceID,
				total: '60.00',
				amountPaid: '60.00',
			});
			expect(easyBillCall.body).toMatchObject({
				ledger: 'easybill',
				invoiceId: String(document.id),
				total: '59.50',
			});
		});
	},
);
