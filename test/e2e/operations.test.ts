/**
 * All four Accounting Sync operations on both ledgers, headless (`n8n execute`), through the
 * shipped examples: a Stripe invoice.paid event (Upsert Contact → Create Invoice → Record Payment)
 * and a Stripe credit note (Issue Credit Note, allocated). Assertions read the sandbox's state.
 */
import {
	nodeOutput,
	type CredentialJson,
	type N8nInstance,
	type WorkflowJson,
} from '../../scripts/e2e/n8n-host';
import { ukTenant } from '../../scripts/e2e/sandboxSeed';
import {
	creditNoteCreatedEvent,
	invoicePaidEvent,
	type StripeLine,
} from '../../scripts/e2e/stripeEvents';
import {
	bindWorkflow,
	disableNodes,
	forLedger,
	loadExample,
	withManualStart,
	type LedgerName,
} from '../../scripts/e2e/workflows';
import type { Sandbox } from '../../sandbox';
import { newInstance, selectedHosts, startSandboxFor } from './harness';

const LINES: StripeLine[] = [
	{ description: 'Pro plan, November', quantity: 1, unitAmount: 4900, taxPercent: 20 },
	{ description: 'Extra seats', quantity: 2, unitAmount: 1000, taxPercent: 20 },
];
// 49.00 + 2 × 10.00 net, 20 % VAT per line: 69.00 + 13.80 = 82.80.
const TOTAL = 82.8;
const CREATED = Math.floor(Date.UTC(2026, 10, 2, 9, 30) / 1000);

describe.each(selectedHosts().map((host) => [host.spec.name, host] as const))(
	'%s',
	(_name, host) => {
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

		/** Imports an example for `ledger`, started by hand with `event` in place of its webhook. */
		async function importExample(
			file: string,
			ledger: LedgerName,
			event: Record<string, unknown>,
			disabled: string[] = [],
		): Promise<WorkflowJson> {
			const bound = forLedger(
				bindWorkflow(loadExample(file), credentials),
				ledger,
				credentials,
				tenantId,
			);
			const workflow = disableNodes(withManualStart(bound, 'Stripe event', [event]), disabled);
			await instance.importWorkflows([workflow]);
			return workflow;
		}

		async function run(workflow: WorkflowJson) {
			const result = await instance.execute(workflow.id);
			if (!result.output)
				throw new Error(`n8n execute failed:\n${result.stdout}\n${result.stderr}`);
			return result.output;
		}

		describe.each(['xero', 'easybill'] as const)('%s', (ledger) => {
			const suffix = `${ledger}_${host.spec.n8n.replace(/\./g, '')}`;
			const paidEvent = invoicePaidEvent({
				suffix,
				customerName: `Acme ${ledger} GmbH`,
				customerEmail: `billing@${ledger}.acme.example`,
				currency: 'EUR',
				lines: LINES,
				created: CREATED,
			});
			let paidWorkflow: WorkflowJson;
			let invoiceId: string;

			it('Stripe invoice.paid: upserts the contact, creates the invoice, records the payment', async () => {
				paidWorkflow = await importExample('stripe-invoice-paid-to-books.json', ledger, paidEvent);

				const output = await run(paidWorkflow);

				const [contact] = nodeOutput(output, 'Upsert Contact');
				const [invoice] = nodeOutput(output, 'Create Invoice');
				const [payment] = nodeOutput(output, 'Record Payment');
				expect([contact.action, invoice.action, payment.action]).toEqual([
					'created',
					'created',
					'created',
				]);
				invoiceId = String(invoice.ledgerId);
				if (ledger === 'xero') {
					const stored = sandbox.xero.invoices(tenantId).find((i) => i.InvoiceID === invoiceId);
					expect(stored).toMatchObject({
						Type: 'ACCREC',
						Status: 'PAID',
						CurrencyCode: 'EUR',
						SubTotal: 69,
						TotalTax: 13.8,
						Total: TOTAL,
						AmountDue: 0,
						Contact: expect.objectContaining({ ContactID: contact.ledgerId }),
					});
					expect(stored.LineItems).toHaveLength(2);
					const contactStored = sandbox.xero
						.contacts(tenantId)
						.find((c) => c.ContactID === contact.ledgerId);
					expect(contactStored).toMatchObject({
						Name: `Acme ${ledger} GmbH`,
						ContactNumber: `cus_${suffix}`,
					});
					const payments = sandbox.xero
						.payments(tenantId)
						.filter((p) => p.Invoice?.InvoiceID === invoiceId);
					expect(payments.map((p) => p.Amount)).toEqual([TOTAL]);
				} else {
					const stored = sandbox.easybill.documents().find((d) => String(d.id) === invoiceId);
					expect(stored).toMatchObject({
						type: 'INVOICE',
						currency: 'EUR',
						amount: 8280,
						amount_net: 6900,
					});
					expect(stored.is_draft).toBe(false);
					expect(stored.items).toHaveLength(2);
					expect(stored.paid_amount).toBe(8280);
					expect(stored.paid_at).toBeTruthy();
					expect(String(stored.customer_id)).toBe(String(contact.ledgerId));
					const payments = sandbox.easybill
						.payments()
						.filter((p) => String(p.document_id) === invoiceId);
					expect(payments.map((p) => p.amount)).toEqual([8280]);
				}
			});

			it('running the same event again writes nothing (every record comes back unchanged)', async () => {
				const before =
					ledger === 'xero'
						? [
								sandbox.xero.contacts(tenantId),
								sandbox.xero.invoices(tenantId),
								sandbox.xero.payments(tenantId),
							]
						: [
								sandbox.easybill.customers(),
								sandbox.easybill.documents(),
								sandbox.easybill.payments(),
							];

				const output = await run(paidWorkflow);

				const actions = ['Upsert Contact', 'Create Invoice', 'Record Payment'].map(
					(node) => nodeOutput(output, node)[0].action,
				);
				expect(actions).toEqual(['unchanged', 'unchanged', 'unchanged']);
				const after =
					ledger === 'xero'
						? [
								sandbox.xero.contacts(tenantId),
								sandbox.xero.invoices(tenantId),
								sandbox.xero.payments(tenantId),
							]
						: [
								sandbox.easybill.customers(),
								sandbox.easybill.documents(),
								sandbox.easybill.payments(),
							];
				expect(after.map((list) => list.length)).toEqual(before.map((list) => list.length));
			});

			it('Stripe credit note: issues a credit note allocated to its open invoice', async () => {
				// Another customer's invoice, still open (the payment step switched off), so the credit can
				// apply. (A second Stripe customer with the same name is refused: names are unique in Xero.)
				const openSuffix = `${suffix}_open`;
				const openEvent = invoicePaidEvent({
					suffix: openSuffix,
					customerName: `Initech ${ledger} AG`,
					customerEmail: `billing@${ledger}.initech.example`,
					currency: 'EUR',
					lines: LINES,
					created: CREATED,
				});
				const opened = await run(
					await importExample('stripe-invoice-paid-to-books.json', ledger, openEvent, [
						'Record Payment',
					]),
				);
				const openInvoiceId = String(nodeOutput(opened, 'Create Invoice')[0].ledgerId);
				const creditEvent = creditNoteCreatedEvent({
					suffix: openSuffix,
					invoiceSuffix: openSuffix,
					currency: 'EUR',
					total: 2000,
					memo: 'Goodwill credit for downtime',
					created: CREATED + 3600,
				});

				const output = await run(
					await importExample('stripe-credit-note-to-books.json', ledger, creditEvent),
				);

				const [note] = nodeOutput(output, 'Issue Credit Note');
				expect(note.action).toBe('created');
				if (ledger === 'xero') {
					const stored = sandbox.xero
						.creditNotes(tenantId)
						.find((c) => c.CreditNoteID === note.ledgerId);
					expect(stored).toMatchObject({ Type: 'ACCRECCREDIT', Total: 20, RemainingCredit: 0 });
					const invoice = sandbox.xero
						.invoices(tenantId)
						.find((i) => i.InvoiceID === openInvoiceId);
					expect(invoice).toMatchObject({
						AmountCredited: 20,
						AmountDue: TOTAL - 20,
						Status: 'AUTHORISED',
					});
				} else {
					const stored = sandbox.easybill
						.documents()
						.find((d) => String(d.id) === String(note.ledgerId));
					expect(stored).toMatchObject({ type: 'CREDIT' });
					expect(String(stored.ref_id)).toBe(openInvoiceId);
					expect(Math.abs(stored.amount)).toBe(2000);
				}
			});
		});
	},
);
