/**
 * The Invoice Paid trigger (webhook mode, EasyBill) against the sandbox: registration through the
 * API on activation, removal on deactivation, token-guarded deliveries the sandbox really POSTs
 * when a payment is recorded. The node runs in n8n-core's Hook/WebhookContext (see triggerHost.ts).
 */
import type { INodeParameters } from 'n8n-workflow';

import { createEasyBillLedger, type EasyBillLedger } from '../../core/easybill';
import type { Invoice } from '../../core/model';
import { AccountingSyncTrigger } from '../../nodes/AccountingSync/AccountingSyncTrigger.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import { httpSend, scaledClock } from '../helpers/http';
import { packageNodeType, TestCredentialsHelper } from '../node/harness';
import { resetTestSeams, testSeams } from '../../nodes/shared/testSeams';
import { TriggerHost } from './triggerHost';

let sandbox: Sandbox;
let seeder: EasyBillLedger;
let credentialsHelper: TestCredentialsHelper;
const hosts: TriggerHost[] = [];

async function startHost(
	emitOn: 'paid' | 'everyPayment' = 'paid',
	options: INodeParameters = {},
): Promise<TriggerHost> {
	const host = await new TriggerHost({
		type: packageNodeType('accountingSyncTrigger'),
		nodeType: new AccountingSyncTrigger(),
		parameters: { ledger: 'easybill', emitOn, options },
		credentials: { easyBillAccountingSyncApi: { id: '1', name: 'EasyBill' } },
		credentialsHelper,
	}).start();
	hosts.push(host);
	return host;
}

let seq = 0;
async function finalInvoice(): Promise<number> {
	seq += 1;
	const invoice: Invoice = {
		sourceId: `trigger-inv-${seq}`,
		contact: {
			contact: {
				sourceId: `trigger-cus-${seq}`,
				name: `Trigger ${seq} GmbH`,
				emails: [`t${seq}@example.com`],
			},
		},
		issueDate: '2026-11-20',
		currency: 'EUR',
		taxMode: 'exclusive',
		status: 'final',
		lines: [{ description: 'Seats', quantity: 2, unitPriceMinor: 5000, taxRatePercent: 19 }],
	};
	const [result] = await seeder.createInvoices([invoice]);
	if (result.action === 'failed') throw result.error;
	return Number(result.ledgerId);
}

function emittedIds(host: TriggerHost): string[] {
	return host.emitted.map((item) => String(item.ledgerId));
}

beforeAll(async () => {
	// Raised limit: the seeding and the node's reads would otherwise queue behind the 60/min budget.
	sandbox = await startSandbox({ easybillPerMinute: 1000 });
	const apiKey = sandbox.easybill.apiKey;
	seeder = createEasyBillLedger({
		send: httpSend({ headers: () => ({ Authorization: `Bearer ${apiKey}` }) }),
		clock: scaledClock(sandbox.clock),
		baseUrl: sandbox.urls.easybill,
		perMinute: 1000,
		secrets: [apiKey],
	});
	credentialsHelper = new TestCredentialsHelper({
		easyBillAccountingSyncApi: { apiKey, plan: 'business', baseUrl: sandbox.urls.easybill },
	});
});

afterAll(async () => {
	await Promise.all(hosts.map((host) => host.stop()));
	await sandbox?.stop();
});

describe('Invoice Paid trigger, EasyBill webhooks', () => {
	it('registers one webhook on activation and leaves none behind on deactivation', async () => {
		const host = await startHost();
		expect(await host.activate()).toEqual({ existed: false });
		const hooks = sandbox.easybill.webhooks();
		expect(hooks).toHaveLength(1);
		expect(hooks[0]).toMatchObject({ is_active: true, events: ['document.payment_add'] });
		expect(hooks[0].url).toMatch(
			new RegExp(`^${host.webhookUrl().replace(/[.?]/g, '\\$&')}\\?token=[A-Za-z0-9_-]{43}$`),
		);
		// Activating again (n8n restarts) finds it instead of registering a second one.
		expect(await host.activate()).toEqual({ existed: true });
		expect(sandbox.easybill.webhooks()).toHaveLength(1);

		expect(await host.deactivate()).toBe(true);
		expect(sandbox.easybill.webhooks()).toEqual([]);
		expect(await host.deactivate()).toBe(true);
	});

	it('re-registers a webhook that was deleted by hand in EasyBill', async () => {
		const host = await startHost();
		await host.activate();
		const [hook] = sandbox.easybill.webhooks();
		const response = await httpSend({
			headers: () => ({ Authorization: `Bearer ${sandbox.easybill.apiKey}` }),
		})({
			method: 'DELETE',
			url: `${sandbox.urls.easybill}/webhooks/${hook.id}`,
		});
		expect(response.status).toBe(204);
		expect(await host.activate()).toEqual({ existed: false });
		const after = sandbox.easybill.webhooks();
		expect(after).toHaveLength(1);
		expect(after[0].id).not.toBe(hook.id);
		await host.deactivate();
		expect(sandbox.easybill.webhooks()).toEqual([]);
	});

	it('refuses deliveries without the secret token, or with a wrong one, with 401', async () => {
		const host = await startHost();
		await host.activate();
		const documentId = await finalInvoice();
		const body = JSON.stringify({
			id: documentId,
			type: 'INVOICE',
			paid_amount: 11900,
			amount: 11900,
		});
		const post = (url: string) =>
			fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'X-easybill-Event': 'document.payment_add' },
				body,
			});
		const statuses = [
			(await post(host.webhookUrl())).status,
			(await post(`${host.webhookUrl()}?token=not-the-token`)).status,
			(await post(`${host.webhookUrl()}?token=`)).status,
		];
		await host.idle();
		expect(statuses).toEqual([401, 401, 401]);
		expect(host.runs).toEqual([]);
		await host.deactivate();
	});

	it('emits an invoice once when fully paid, never while part-paid', async () => {
		const host = await startHost();
		await host.activate();
		const documentId = await finalInvoice();
		await sandbox.easybill.payDocument(documentId, 5000);
		await host.idle();
		expect(host.runs).toEqual([]);

		await sandbox.easybill.payDocument(documentId);
		await host.idle();
		expect(emittedIds(host)).toEqual([String(documentId)]);
		expect(host.emitted[0]).toMatchObject({
			ledger: 'easybill',
			state: 'paid',
			currency: 'EUR',
			totalMinor: 11900,
			total: '119.00',
			amountPaidMinor: 11900,
			amountDueMinor: 0,
			sourceId: `trigger-inv-${seq}`,
			trigger: { source: 'webhook', event: 'document.payment_add' },
		});
		expect(host.emitted[0].payments).toHaveLength(2);

		// The same delivery again (EasyBill retries) is recognised.
		const [hook] = sandbox.easybill.webhooks();
		const again = await fetch(hook.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'X-easybill-Event': 'document.payment_add' },
			body: JSON.stringify(sandbox.easybill.documents().find((d) => d.id === documentId)),
		});
		await host.idle();
		expect(again.status).toBe(200);
		expect(host.runs).toHaveLength(1);
		await host.deactivate();
	});

	it('in "every payment" mode emits each payment once, with its amount', async () => {
		const host = await startHost('everyPayment');
		await host.activate();
		const documentId = await finalInvoice();
		await sandbox.easybill.payDocument(documentId, 4000);
		await sandbox.easybill.payDocument(documentId);
		await host.idle();
		// Each payment once, with its own amount (the invoice state is whatever it is when read).
		expect(
			host.emitted.map((item) => (item.payment as { amountMinor: number }).amountMinor),
		).toEqual([4000, 7900]);
		expect(host.emitted.at(-1)?.amountPaidMinor).toBe(11900);
		expect(host.emitted.map((item) => (item.payment as { amount: string }).amount)).toEqual([
			'40.00',
			'79.00',
		]);
		await host.deactivate();
		expect(sandbox.easybill.webhooks()).toEqual([]);
	});

	it('registers the Test URL separately while listening for a test event', async () => {
		const host = await startHost();
		await host.activate();
		await host.activate(true);
		const urls = sandbox.easybill.webhooks().map((hook) => hook.url.split('?')[0]);
		expect(urls.sort()).toEqual([host.webhookUrl(), host.webhookUrl(true)].sort());
		const documentId = await finalInvoice();
		await sandbox.easybill.payDocument(documentId);
		await host.idle();
		// Both registrations deliver; the invoice is still emitted once.
		expect(host.handled.filter((h) => h.status === 200)).toHaveLength(2);
		expect(emittedIds(host)).toEqual([String(documentId)]);
		await host.deactivate(true);
		await host.deactivate();
		expect(sandbox.easybill.webhooks()).toEqual([]);
	});
});

/** Deliveries of payments booked through the API are sent in the background: wait for them. */
async function handledAtLeast(host: TriggerHost, count: number): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (host.handled.length < count) {
		if (Date.now() > deadline) throw new Error(`expected ${count} deliveries, got ${host.handled.length}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	await host.idle();
}

/** Issue Credit Note for `cents` of the invoice, allocated to it (EasyBill books it as a payment). */
async function creditInvoice(documentId: number, cents?: number): Promise<void> {
	const [result] = await seeder.issueCreditNotes([
		{
			sourceId: `trigger-credit-${documentId}-${cents ?? 'all'}`,
			invoice: { ledgerId: String(documentId) },
			date: '2026-11-21',
			currency: 'EUR',
			...(cents === undefined ? {} : { amountMinor: cents }),
			allocate: true,
		},
	]);
	if (result.action === 'failed') throw result.error;
}

describe('Invoice Paid trigger, EasyBill: what counts as paid', () => {
	it('does not emit an invoice settled only by a credit note; emits a mixed one, with settledBy', async () => {
		const host = await startHost();
		await host.activate();
		const cancelled = await finalInvoice();
		await creditInvoice(cancelled);
		const mixed = await finalInvoice();
		await sandbox.easybill.payDocument(mixed, 5000);
		await creditInvoice(mixed, 6900);
		await handledAtLeast(host, 3);
		expect(host.emitted.map((item) => [item.ledgerId, item.settledBy])).toEqual([
			[String(mixed), 'mixed'],
		]);
		expect(host.emitted[0]).toMatchObject({ amountPaid: '50.00', amountCredited: '69.00' });
		await host.deactivate();
	});

	it('with "Also Emit Invoices Settled Only by Credit Notes" emits it, as settledBy credit', async () => {
		const host = await startHost('paid', { emitCreditOnly: true });
		await host.activate();
		const cancelled = await finalInvoice();
		await creditInvoice(cancelled);
		await handledAtLeast(host, 1);
		expect(host.emitted.map((item) => [item.ledgerId, item.settledBy])).toEqual([
			[String(cancelled), 'credit'],
		]);
		await host.deactivate();
	});

	it('never emits a cancelled (voided) invoice, even when payments cover it afterwards', async () => {
		const host = await startHost();
		await host.activate();
		const voided = await finalInvoice();
		const response = await fetch(`${sandbox.urls.easybill}/documents/${voided}/cancel`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${sandbox.easybill.apiKey}` },
		});
		expect(response.status).toBe(200);
		await sandbox.easybill.payDocument(voided);
		await host.idle();
		expect(host.runs).toEqual([]);
		await host.deactivate();
	});

	it('a failed read keeps the document pending, fails the execution with the reason, and emits it later', async () => {
		const host = await startHost();
		await host.activate();
		const first = await finalInvoice();
		testSeams.ledgerOptions = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };
		sandbox.faults.add({
			service: 'easybill',
			method: 'GET',
			path: `/rest/v1/documents/${first}`,
			kind: '500',
			times: 20,
		});
		await sandbox.easybill.payDocument(first);
		await host.idle();
		const [execution] = await host.executions();
		expect(execution.error?.message).toMatch(/Looking up 1 invoice\(s\) named by a delivery failed/);
		expect(host.emitted).toEqual([]);

		sandbox.faults.clear();
		resetTestSeams();
		const second = await finalInvoice();
		await sandbox.easybill.payDocument(second);
		await host.idle();
		expect(emittedIds(host).sort()).toEqual([String(first), String(second)].sort());
		const executions = await host.executions();
		expect(executions.at(-1)?.error).toBeUndefined();
		await host.deactivate();
	});
});

