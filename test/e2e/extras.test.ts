/**
 * Issue 15 in real n8n on both hosts: tracking categories on invoice lines (Xero books them;
 * EasyBill refuses a line that names tracking, never dropping it), Attach File to Invoice
 * (the invoice's own PDF, downloaded in the same workflow, attached once: the second run is
 * unchanged and the ledger holds exactly those bytes), and foreign currency: a USD invoice (in
 * the UK organisation, base GBP, at a given Exchange Rate; on EasyBill in the document's currency,
 * which keeps no rate) paid in full in USD after a EUR payment on it was refused, and (Xero) a
 * currency the organisation has not enabled refused per item before anything is written.
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

/** Manual start → a Code node emitting the item(s) → the package's nodes in a row. */
function chain(name: string, items: Record<string, unknown> | Array<Record<string, unknown>>, steps: Array<[string, Record<string, unknown>, boolean?]>): WorkflowJson {
	const nodes: WorkflowNode[] = [
		{ id: n8nId(), name: 'Manual start (test)', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [-220, 0], parameters: {} },
		{ id: n8nId(), name: START, type: 'n8n-nodes-base.code', typeVersion: 2, position: [0, 0], parameters: { jsCode: `return ${JSON.stringify([items].flat().map((json) => ({ json })))};` } },
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

const createInvoice = (ledger: LedgerName, tracking: string[], overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
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
	...overrides,
});

/** Record Payment on the invoice of the start item's source ID, in minor units. */
const recordPayment = (sourceId: string, currency: string, amount: string): Record<string, unknown> => ({
	operation: 'recordPayment',
	amountUnit: 'minor',
	invoice: { __rl: true, mode: 'sourceId', value: `={{ $('${START}').item.json.invoice }}` },
	sourceId,
	amount,
	currency,
	date: '2026-12-05',
	bankAccount: '090',
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

		it('foreign currency: a USD invoice (Xero at the given rate) paid in full in USD, a EUR payment on it refused', async () => {
			// 49.00 net: 20 % VAT on Xero (58.80), 19 % on EasyBill (58.31). Xero's day rate for USD is 1.27: 1.3 is ours.
			const total = ledger === 'xero' ? 5880 : 5831;
			const ids = { invoice: `in_fx_${suffix}`, customer: `cus_fx_${suffix}` };
			const rate = ledger === 'xero' ? { invoiceFields: { currencyRate: 1.3 } } : {};
			const result = await run(
				await importBound(
					chain(`Foreign currency ${suffix}`, ids, [
						['Create Invoice', createInvoice(ledger, [], { currency: 'USD', ...rate })],
						['Pay in EUR', recordPayment(`ch_fx_eur_${suffix}`, 'EUR', '1000'), true],
						['Pay in USD', recordPayment(`ch_fx_usd_${suffix}`, 'USD', "={{ $('Create Invoice').item.json.record.totalMinor }}")],
						['Get Invoice', { operation: 'getInvoice', invoice: { __rl: true, mode: 'sourceId', value: `={{ $('${START}').item.json.invoice }}` } }],
					]),
					ledger,
				),
			);
			const [created] = nodeOutput(result, 'Create Invoice');
			expect(created).toMatchObject({ action: 'created', record: { currency: 'USD', totalMinor: total } });
			const invoiceId = String(created.ledgerId);
			expect(nodeOutput(result, 'Pay in EUR')[0].error).toMatchObject({ field: 'currency', message: expect.stringContaining('USD') });
			expect(nodeOutput(result, 'Pay in USD')[0]).toMatchObject({ action: 'created', record: { currency: 'USD', amountMinor: total } });
			expect(nodeOutput(result, 'Get Invoice')[0]).toMatchObject({
				ledgerId: invoiceId,
				record: { currency: 'USD', state: 'paid', totalMinor: total, amountPaidMinor: total, amountDueMinor: 0, payments: [expect.objectContaining({ amountMinor: total })] },
			});

			if (ledger === 'xero') {
				expect(sandbox.xero.invoices(tenantId).find((i) => i.InvoiceID === invoiceId)).toMatchObject({
					CurrencyCode: 'USD',
					CurrencyRate: 1.3,
					Total: total / 100,
					AmountPaid: total / 100,
					AmountDue: 0,
					Status: 'PAID',
				});
				const payments = sandbox.xero.payments(tenantId).filter((p) => p.Invoice?.InvoiceID === invoiceId);
				// No rate sent with the payment (never a default of 1): Xero books it at its day rate, 1.27.
				expect(payments.map((p) => [p.Amount, p.Invoice.CurrencyCode, p.CurrencyRate, p.BankAmount, p.Status])).toEqual([[total / 100, 'USD', 1.27, 46.3, 'AUTHORISED']]);
			} else {
				const document = sandbox.easybill.documents().find((d) => String(d.id) === invoiceId);
				expect(document).toMatchObject({ currency: 'USD', amount: total, paid_amount: total });
				expect(document?.paid_at).toBeTruthy();
				const payments = sandbox.easybill.payments().filter((p) => String(p.document_id) === invoiceId);
				expect(payments.map((p) => p.amount)).toEqual([total]);
			}
		});
	});

	it('a currency the Xero organisation has not enabled: that item is refused with the enabled ones named, nothing of it written', async () => {
		const suffix = `x15_fxoff_${host.spec.n8n.replace(/\./g, '')}`;
		const items = [
			{ invoice: `in_chf_${suffix}`, customer: `cus_chf_${suffix}`, currency: 'CHF' },
			{ invoice: `in_usd_${suffix}`, customer: `cus_usd_${suffix}`, currency: 'USD' },
		];
		const workflow = chain(`Currency not enabled ${suffix}`, items, [
			['Create Invoice', createInvoice('xero', [], { currency: `={{ $('${START}').item.json.currency }}` }), true],
		]);
		const [refused, created] = nodeOutput(await run(await importBound(workflow, 'xero')), 'Create Invoice');
		expect(refused.error).toMatchObject({
			field: 'currency',
			message: expect.stringContaining('CHF is not enabled in this Xero organisation (it has GBP, EUR, USD, JPY)'),
		});
		expect(created).toMatchObject({ action: 'created', record: { currency: 'USD' } });
		expect(sandbox.xero.invoices(tenantId).filter((i) => i.Reference === `in_chf_${suffix}`)).toEqual([]);
		// The inline contact is upserted before its invoice: the refused item's contact must not exist either.
		const contactNames = sandbox.xero.contacts(tenantId).map((c) => String(c.Name));
		expect(contactNames).not.toContain(`cus_chf_${suffix}`);
		expect(contactNames).toContain(`cus_usd_${suffix}`);
	});
});
