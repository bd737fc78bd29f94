/**
 * The Invoice Paid trigger (webhook mode, Xero) against the sandbox's signed webhook sender. The
 * node runs in n8n-core's WebhookContext behind a real HTTP endpoint (see triggerHost.ts for what
 * is real and what is emulated); the sandbox's request log counts its API calls.
 */
import type { IDataObject } from 'n8n-workflow';

import { AccountingSyncTrigger } from '../../nodes/AccountingSync/AccountingSyncTrigger.node';
import { packageNodeType, TestCredentialsHelper } from '../node/harness';
import { salesInvoice, startXero, type XeroFixture } from '../sandbox/xero-client';
import { resetTestSeams, testSeams } from '../../nodes/shared/testSeams';
import { TriggerHost, triggerCredentialTypes } from './triggerHost';

let x: XeroFixture;
let host: TriggerHost;

function invoiceGets() {
	return x.sandbox.log.entries({ service: 'xero', method: 'GET', path: '/api.xro/2.0/Invoices' });
}

async function createInvoices(
	count: number,
	tenantId: string,
	overrides: Record<string, unknown> = {},
): Promise<string[]> {
	const ids: string[] = [];
	for (let start = 0; start < count; start += 50) {
		const batch = Array.from({ length: Math.min(50, count - start) }, (_, i) =>
			salesInvoice(`Trigger Customer ${tenantId.slice(0, 4)} ${start + i}`, overrides),
		);
		const response = await x.api.put(
			'/Invoices',
			{ Invoices: batch },
			{ headers: { 'xero-tenant-id': tenantId } },
		);
		expect(response.status).toBe(200);
		ids.push(...response.data.Invoices.map((invoice: { InvoiceID: string }) => invoice.InvoiceID));
	}
	return ids;
}

function invoiceEvent(
	invoiceId: string,
	tenantId: string,
	at: string,
	type: 'CREATE' | 'UPDATE' = 'UPDATE',
) {
	return {
		resourceUrl: `${x.sandbox.urls.xero}/api.xro/2.0/Invoices/${invoiceId}`,
		resourceId: invoiceId,
		eventDateUtc: at,
		eventType: type,
		eventCategory: 'INVOICE' as const,
		tenantId,
		tenantType: 'ORGANISATION' as const,
	};
}

function emittedIds(): string[] {
	return host.emitted.map((item) => item.ledgerId as string);
}

beforeAll(async () => {
	x = await startXero();
	const tokens = x.sandbox.xero.issueTokens();
	const credentialsHelper = new TestCredentialsHelper(
		{
		xeroAccountingSyncWebhookApi: { signingSecret: x.sandbox.xero.webhookKey },
		xeroAccountingSyncOAuth2Api: {
			clientId: x.sandbox.xero.clientId,
			clientSecret: x.sandbox.xero.clientSecret,
			apiBaseUrl: x.sandbox.urls.xero,
			identityBaseUrl: x.sandbox.urls.xero,
			scopePreset: 'granular',
			oauthTokenData: {
				access_token: tokens.accessToken,
				refresh_token: tokens.refreshToken,
				token_type: 'Bearer',
			},
		},
		},
		triggerCredentialTypes(),
	);
	host = await new TriggerHost({
		type: packageNodeType('accountingSyncTrigger'),
		nodeType: new AccountingSyncTrigger(),
		parameters: {
			ledger: 'xero',
			tenantId: { __rl: true, mode: 'id', value: x.uk },
		},
		credentials: {
			xeroAccountingSyncOAuth2Api: { id: '1', name: 'Xero' },
			xeroAccountingSyncWebhookApi: { id: '2', name: 'Xero webhook key' },
		},
		credentialsHelper,
	}).start();
});

afterAll(async () => {
	await host?.stop();
	await x?.sandbox.stop();
});

beforeEach(async () => {
	// Events of earlier tests' writes stay out of this test's deliveries.
	await x.sandbox.xero.deliverWebhook('http://127.0.0.1:9/discard');
	host.handled.length = 0;
	host.staticData = {};
	x.sandbox.log.clear();
});

describe('Invoice Paid trigger, Xero webhooks', () => {
	it("passes Xero's intent-to-receive check: empty 200 when signed, 401 when not, and no execution", async () => {
		const result = await x.sandbox.xero.intentToReceive(host.webhookUrl());
		await host.idle();
		expect(result.ok).toBe(true);
		expect(result.results.map((r) => [r.status, r.body])).toEqual([
			[200, ''],
			[401, ''],
		]);
		expect(host.runs).toEqual([]);
		expect(x.sandbox.log.entries({ service: 'xero' })).toEqual([]);
	});

	it('refuses forged and unsigned deliveries with 401, before any API call', async () => {
		const [invoiceId] = await createInvoices(1, x.uk);
		x.sandbox.xero.payInvoice(x.uk, invoiceId);
		x.sandbox.log.clear();
		const events = [invoiceEvent(invoiceId, x.uk, '2026-11-23T12:00:00.000')];
		const [forged] = await x.sandbox.xero.deliverWebhook(host.webhookUrl(), {
			events,
			badSignature: true,
		});
		const [unsigned] = await x.sandbox.xero.deliverWebhook(host.webhookUrl(), {
			events,
			unsigned: true,
		});
		await host.idle();
		expect([forged.status, unsigned.status]).toEqual([401, 401]);
		expect(host.runs).toEqual([]);
		expect(x.sandbox.log.entries({ service: 'xero' })).toEqual([]);
	});

	it('emits exactly the paid sales invoices of the chosen organisation, from one fetch', async () => {
		const [paid, partPaid, open] = await createInvoices(3, x.uk);
		const [bill] = await createInvoices(1, x.uk, {
			Type: 'ACCPAY',
			LineItems: [
				{ Description: 'Ads', Quantity: 1, UnitAmount: 80, AccountCode: '400', TaxType: 'INPUT2' },
			],
		});
		const [otherOrgPaid] = await createInvoices(1, x.au, {
			LineItems: [
				{
					Description: 'Consulting',
					Quantity: 1,
					UnitAmount: 100,
					AccountCode: '200',
					TaxType: 'OUTPUT',
				},
			],
		});
		x.sandbox.xero.payInvoice(x.uk, paid);
		x.sandbox.xero.payInvoice(x.uk, partPaid, 10);
		x.sandbox.xero.payInvoice(x.uk, bill);
		x.sandbox.xero.payInvoice(x.au, otherOrgPaid);
		x.sandbox.log.clear();

		const results = await x.sandbox.xero.deliverWebhook(host.webhookUrl());
		await host.idle();
		expect(results.map((r) => [r.status, r.body])).toEqual([[200, '']]);
		expect(host.runs).toHaveLength(1);
		expect(emittedIds()).toEqual([paid]);
		expect(invoiceGets()).toHaveLength(1);
		const ids = (new URLSearchParams(invoiceGets()[0].query).get('IDs') ?? '').split(',');
		expect(ids.sort()).toEqual([paid, partPaid, open, bill].sort());
		expect(emittedIds()).not.toContain(otherOrgPaid);

		const item = host.emitted[0];
		expect(item).toMatchObject({
			ledger: 'xero',
			tenantId: x.uk,
			ledgerId: paid,
			state: 'paid',
			currency: 'GBP',
			totalMinor: 12000,
			total: '120.00',
			amountPaidMinor: 12000,
			amountPaid: '120.00',
			amountDueMinor: 0,
			contact: { name: expect.stringContaining('Trigger Customer') },
			trigger: { source: 'webhook' },
		});
		expect((item.raw as IDataObject).InvoiceID).toBe(paid);
	});

	it('emits an invoice once across repeated and reordered deliveries', async () => {
		const [a, b] = await createInvoices(2, x.uk);
		x.sandbox.xero.payInvoice(x.uk, a);
		x.sandbox.xero.payInvoice(x.uk, b);
		const results = await x.sandbox.xero.deliverWebhook(host.webhookUrl(), { repeat: 3 });
		const events = [
			invoiceEvent(b, x.uk, '2026-11-23T09:00:00.000'),
			invoiceEvent(a, x.uk, '2026-11-23T08:00:00.000'),
		];
		results.push(
			...(await x.sandbox.xero.deliverWebhook(host.webhookUrl(), { events, reverse: true })),
		);
		await host.idle();
		expect(results.every((r) => r.status === 200)).toBe(true);
		expect(emittedIds().sort()).toEqual([a, b].sort());
		expect(host.runs).toHaveLength(1);
		// The repeats were recognised without asking Xero again.
		expect(invoiceGets()).toHaveLength(1);
	});

	it('never emits a part-paid invoice, and emits it once when the rest is paid', async () => {
		const [invoiceId] = await createInvoices(1, x.uk);
		x.sandbox.xero.payInvoice(x.uk, invoiceId, 20);
		await x.sandbox.xero.deliverWebhook(host.webhookUrl());
		await host.idle();
		expect(host.runs).toEqual([]);
		x.sandbox.xero.payInvoice(x.uk, invoiceId);
		await x.sandbox.xero.deliverWebhook(host.webhookUrl());
		await x.sandbox.xero.deliverWebhook(host.webhookUrl(), {
			events: [invoiceEvent(invoiceId, x.uk, '2026-11-23T23:59:59.000')],
		});
		await host.idle();
		expect(emittedIds()).toEqual([invoiceId]);
	});

	it('works the same at the Test URL (while n8n listens for a test event)', async () => {
		const [invoiceId] = await createInvoices(1, x.uk);
		x.sandbox.xero.payInvoice(x.uk, invoiceId);
		const check = await x.sandbox.xero.intentToReceive(host.webhookUrl(true));
		const [delivery] = await x.sandbox.xero.deliverWebhook(host.webhookUrl(true));
		await host.idle();
		expect(check.ok).toBe(true);
		expect(delivery.status).toBe(200);
		expect(host.handled.every((h) => h.test)).toBe(true);
		expect(emittedIds()).toEqual([invoiceId]);
	});

	it('answers a 100-event delivery at once and reads the invoices in one call', async () => {
		// 25 invoices with 4 events each (created, approved, part-paid, paid): a busy minute in one org.
		const ids = await createInvoices(25, x.uk);
		for (const id of ids) x.sandbox.xero.payInvoice(x.uk, id);
		const events = ids.flatMap((id, i) =>
			['00', '01', '02', '03'].map((second, k) =>
				invoiceEvent(
					id,
					x.uk,
					`2026-11-23T10:${String(i).padStart(2, '0')}:${second}.000`,
					k === 0 ? 'CREATE' : 'UPDATE',
				),
			),
		);
		expect(events).toHaveLength(100);
		x.sandbox.log.clear();
		const [result] = await x.sandbox.xero.deliverWebhook(host.webhookUrl(), { events });
		await host.idle();
		expect([result.status, result.body]).toEqual([200, '']);
		expect(invoiceGets()).toHaveLength(1);
		expect(emittedIds().sort()).toEqual([...ids].sort());
	});

	it('answers 100 events naming 100 invoices with one lookup; the ledger splits long ID lists', async () => {
		const ids = await createInvoices(100, x.uk);
		for (const id of ids) x.sandbox.xero.payInvoice(x.uk, id);
		const events = ids.map((id, i) =>
			invoiceEvent(
				id,
				x.uk,
				`2026-11-23T11:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(3, '0')}`,
			),
		);
		x.sandbox.log.clear();
		const [result] = await x.sandbox.xero.deliverWebhook(host.webhookUrl(), { events });
		await host.idle();
		expect([result.status, result.body]).toEqual([200, '']);
		expect(emittedIds().sort()).toEqual([...ids].sort());
		// One getPaidInvoicesByIds, and core/xero fits 100 GUIDs into one `IDs=` call.
		expect(invoiceGets()).toHaveLength(1);
	});

	it('keeps the ids of a failed fetch and emits them with the next delivery', async () => {
		const [first, second] = await createInvoices(2, x.uk);
		x.sandbox.xero.payInvoice(x.uk, first);
		await x.sandbox.xero.deliverWebhook('http://127.0.0.1:9/discard');
		// Xero keeps failing past the client's retries (a daily-limit 429 would be remembered by the
		// process-wide governor for hours, so the outage here is a run of 500s, retried quickly).
		testSeams.ledgerOptions = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };
		x.sandbox.faults.add({
			service: 'xero',
			method: 'GET',
			path: '/api.xro/2.0/Invoices',
			kind: '500',
			times: 20,
		});
		const [failed] = await x.sandbox.xero.deliverWebhook(host.webhookUrl(), {
			events: [invoiceEvent(first, x.uk, '2026-11-23T12:00:00.000')],
		});
		await host.idle();
		expect(failed.status).toBe(200);
		// Answered already: webhook() returns normally, so n8n still saves the pending ids...
		expect(host.handled.at(-1)?.error).toBeUndefined();
		expect(
			(host.staticData['node:Invoice Paid'] as { xero: { pending: string[][] } }).xero.pending.map(
				([id]) => id,
			),
		).toEqual([first]);
		// ...and the execution it starts fails with the reason, which the user sees in n8n.
		const [execution] = await host.executions();
		expect(execution.error?.message).toMatch(/Looking up 1 invoice\(s\) named by a delivery failed/);
		expect(String(execution.error?.description)).toMatch(/looked up again with every later delivery/);
		expect(emittedIds()).toEqual([]);

		x.sandbox.faults.clear();
		resetTestSeams();
		x.sandbox.xero.payInvoice(x.uk, second);
		await x.sandbox.xero.deliverWebhook(host.webhookUrl(), {
			events: [invoiceEvent(second, x.uk, '2026-11-23T12:05:00.000')],
		});
		await host.idle();
		expect(emittedIds().sort()).toEqual([first, second].sort());
	});
});
