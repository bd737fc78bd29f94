/**
 * The Invoice Paid polling trigger against the sandbox, for both ledgers: polls run through
 * n8n-core's PollContext with static data saved between them (see triggerHost.ts).
 */
import type { INodeParameters } from 'n8n-workflow';

import { createEasyBillLedger, type EasyBillLedger } from '../../core/easybill';
import type { Invoice } from '../../core/model';
import { InvoicePaidPollTrigger } from '../../nodes/InvoicePaidPollTrigger/InvoicePaidPollTrigger.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import { httpSend, scaledClock } from '../helpers/http';
import { packageNodeType, TestCredentialsHelper } from '../node/harness';
import { salesInvoice, startXero, type XeroFixture } from '../sandbox/xero-client';
import { resetTestSeams, testSeams } from '../../nodes/shared/testSeams';
import { TriggerHost } from './triggerHost';

function ids(result: Awaited<ReturnType<TriggerHost['poll']>>): string[] {
	return (result?.[0] ?? []).map((item) => String(item.json.ledgerId));
}

describe('Invoice Paid polling trigger, Xero', () => {
	let x: XeroFixture;
	let credentialsHelper: TestCredentialsHelper;
	const hosts: TriggerHost[] = [];

	async function pollHost(options: INodeParameters = {}, tenantId = x.uk): Promise<TriggerHost> {
		const host = new TriggerHost({
			type: packageNodeType('invoicePaidPollTrigger'),
			nodeType: new InvoicePaidPollTrigger(),
			parameters: {
				ledger: 'xero',
				tenantId: { __rl: true, mode: 'id', value: tenantId },
				options,
			},
			credentials: { xeroAccountingSyncOAuth2Api: { id: '1', name: 'Xero' } },
			credentialsHelper,
		});
		hosts.push(host);
		return host;
	}

	async function createPaid(
		count: number,
		options: { pay?: number | 'none' } = {},
	): Promise<string[]> {
		const created: string[] = [];
		for (let start = 0; start < count; start += 50) {
			const batch = Array.from({ length: Math.min(50, count - start) }, (_, i) =>
				salesInvoice(`Poll Customer ${start + i}`),
			);
			const response = await x.api.put('/Invoices', { Invoices: batch });
			expect(response.status).toBe(200);
			created.push(
				...response.data.Invoices.map((invoice: { InvoiceID: string }) => invoice.InvoiceID),
			);
		}
		if (options.pay !== 'none') {
			for (const id of created) x.sandbox.xero.payInvoice(x.uk, id, options.pay);
		}
		return created;
	}

	beforeAll(async () => {
		x = await startXero();
		const tokens = x.sandbox.xero.issueTokens();
		credentialsHelper = new TestCredentialsHelper({
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
		});
	});

	afterAll(async () => {
		await x?.sandbox.stop();
	});

	// Each test its own rate budget: the process-wide governor would otherwise pace this file's
	// hundreds of Xero reads as one organisation's 60 a minute.
	beforeEach(() => resetTestSeams());

	it('starts from now, then emits invoices paid since across 3 pages once each', async () => {
		const before = await createPaid(3);
		const host = await pollHost();
		x.sandbox.log.clear();
		// The baseline read: what was paid before activation is seen, not emitted.
		expect(await host.poll()).toBeNull();
		expect(
			x.sandbox.log.entries({ service: 'xero', path: '/api.xro/2.0/Invoices', method: 'GET' }),
		).toHaveLength(1);

		const paid = await createPaid(230);
		const partPaid = await createPaid(2, { pay: 10 });
		x.sandbox.log.clear();
		const first = await host.poll();
		expect(ids(first).sort()).toEqual([...paid].sort());
		expect(ids(first)).not.toEqual(expect.arrayContaining([before[0]]));
		expect(ids(first)).not.toEqual(expect.arrayContaining(partPaid));
		const pages = x.sandbox.log.entries({
			service: 'xero',
			path: '/api.xro/2.0/Invoices',
			method: 'GET',
		});
		expect(pages.map((entry) => new URLSearchParams(entry.query).get('page'))).toEqual([
			'1',
			'2',
			'3',
		]);

		expect(await host.poll()).toBeNull();

		const [between] = await createPaid(1);
		expect(ids(await host.poll())).toEqual([between]);
		expect(await host.poll()).toBeNull();

		// The part-paid ones settle: each emitted once now.
		for (const id of partPaid) x.sandbox.xero.payInvoice(x.uk, id);
		expect(ids(await host.poll()).sort()).toEqual([...partPaid].sort());
		expect(await host.poll()).toBeNull();
	});

	it('with a look-back, emits invoices paid before activation on the first poll', async () => {
		const earlier = await createPaid(2);
		const host = await pollHost({ lookbackDays: 1 });
		const first = ids(await host.poll());
		expect(first).toEqual(expect.arrayContaining(earlier));
		expect(await host.poll()).toBeNull();
	});

	it('"Fetch test event" returns the latest paid invoice and leaves the cursor alone', async () => {
		const host = await pollHost();
		await host.poll();
		const saved = JSON.stringify(host.staticData);
		const [latest] = await createPaid(1);
		const manual = await host.poll('manual');
		expect(manual?.[0]).toHaveLength(1);
		expect(manual?.[0][0].json).toMatchObject({
			ledger: 'xero',
			state: 'paid',
			trigger: { source: 'manual' },
		});
		expect(JSON.stringify(host.staticData)).toBe(saved);
		// The real poll still sees it as new.
		expect(ids(await host.poll())).toContain(latest);
	});

	it('emits an invoice paid through a payment back-dated before the last poll', async () => {
		const [invoiceId] = await createPaid(1, { pay: 'none' });
		const host = await pollHost();
		expect(await host.poll()).toBeNull();
		const fiveDaysAgo = new Date(x.sandbox.clock.now() - 5 * 86_400_000).toISOString().slice(0, 10);
		const payment = await x.api.put('/Payments', {
			Payments: [
				{
					Invoice: { InvoiceID: invoiceId },
					Account: { Code: '090' },
					Date: fiveDaysAgo,
					Amount: 120,
				},
			],
		});
		expect(payment.status).toBe(200);
		const polled = await host.poll();
		expect(ids(polled)).toEqual([invoiceId]);
		expect(polled?.[0][0].json).toMatchObject({ settledBy: 'payment' });
		expect(await host.poll()).toBeNull();
	});

	it('resumes inside one UpdatedDateUTC shared by hundreds of invoices: each emitted once (n8n 2.41 poll budget)', async () => {
		const batch = await createPaid(350, { pay: 'none' });
		const host = await pollHost();
		expect(await host.poll()).toBeNull();
		x.sandbox.xero.payInvoicesTogether(x.uk, batch);
		const stamps = x.sandbox.xero
			.invoices(x.uk)
			.filter((invoice) => batch.includes(String(invoice.InvoiceID)))
			.map((invoice) => String(invoice.UpdatedDateUTC));
		expect(new Set(stamps).size).toBe(1);
		// A budget so short that each poll reads one new page only, as a busy host would allow.
		const emitted: string[] = [];
		for (let poll = 0; poll < 10; poll++) emitted.push(...ids(await host.poll('trigger', { budgetMs: 1 })));
		expect(emitted).toHaveLength(350);
		expect(new Set(emitted).size).toBe(350);
		expect([...emitted].sort()).toEqual([...batch].sort());
	});

	it('never emits an invoice again when its payment is reversed and re-applied, months later', async () => {
		const host = await pollHost();
		expect(await host.poll()).toBeNull();
		const [invoiceId] = await createPaid(1);
		expect(ids(await host.poll())).toEqual([invoiceId]);
		// The trigger's own clock moves on (the sandbox's tokens would not survive months).
		for (const days of [4, 40, 120]) {
			testSeams.clock = { now: () => Date.now() + days * 86_400_000, sleep: async () => undefined };
			// The payment is reversed and applied again: the invoice changes, and is PAID again.
			const current = (await x.api.get(`/Invoices/${invoiceId}`)).data.Invoices[0];
			const [payment] = current.Payments as Array<{ PaymentID: string }>;
			const reversed = await x.api.post(`/Payments/${payment.PaymentID}`, { Status: 'DELETED' });
			expect(reversed.status).toBe(200);
			x.sandbox.xero.payInvoice(x.uk, invoiceId);
			expect(await host.poll()).toBeNull();
		}
		resetTestSeams();
	});

	it('"Fetch test event" explains itself when nothing was paid in the window', async () => {
		// The Australian organisation of the sandbox has no paid invoices.
		const host = await pollHost({ testEventWindowDays: 30 }, x.au);
		await expect(host.poll('manual')).rejects.toThrow('No invoice was paid in the last 30 days');
	});
});

describe('Invoice Paid polling trigger, EasyBill', () => {
	let sandbox: Sandbox;
	let seeder: EasyBillLedger;
	let credentialsHelper: TestCredentialsHelper;
	let seq = 0;

	async function finalInvoice(): Promise<number> {
		seq += 1;
		const invoice: Invoice = {
			sourceId: `poll-inv-${seq}`,
			contact: { contact: { sourceId: `poll-cus-${seq}`, name: `Poll ${seq} GmbH` } },
			issueDate: '2026-11-20',
			currency: 'EUR',
			taxMode: 'exclusive',
			status: 'final',
			lines: [{ description: 'Seats', quantity: 1, unitPriceMinor: 10000, taxRatePercent: 19 }],
		};
		const [result] = await seeder.createInvoices([invoice]);
		if (result.action === 'failed') throw result.error;
		return Number(result.ledgerId);
	}

	function pollHost(options: INodeParameters = {}): TriggerHost {
		return new TriggerHost({
			type: packageNodeType('invoicePaidPollTrigger'),
			nodeType: new InvoicePaidPollTrigger(),
			parameters: { ledger: 'easybill', options },
			credentials: { easyBillAccountingSyncApi: { id: '1', name: 'EasyBill' } },
			credentialsHelper,
		});
	}

	beforeAll(async () => {
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
		await sandbox?.stop();
	});

	it('emits each fully paid invoice once, re-reading the day without repeats, never part-paid ones', async () => {
		const early = await finalInvoice();
		await sandbox.easybill.payDocument(early);
		const host = pollHost();
		expect(await host.poll()).toBeNull();

		const [paid, part] = [await finalInvoice(), await finalInvoice()];
		await sandbox.easybill.payDocument(paid);
		await sandbox.easybill.payDocument(part, 3000);
		const first = await host.poll();
		// paid_at is a date: the same day is read again, and `early` (paid before activation) is not news.
		expect(ids(first)).toEqual([String(paid)]);
		expect(first?.[0][0].json).toMatchObject({
			ledger: 'easybill',
			total: '119.00',
			amountPaid: '119.00',
		});
		expect(await host.poll()).toBeNull();

		await sandbox.easybill.payDocument(part);
		expect(ids(await host.poll())).toEqual([String(part)]);
		expect(await host.poll()).toBeNull();
	});

	it('emits an invoice whose payment is recorded today but dated 5 days back', async () => {
		const documentId = await finalInvoice();
		const host = pollHost();
		expect(await host.poll()).toBeNull();
		const fiveDaysAgo = new Date(sandbox.clock.now() - 5 * 86_400_000).toISOString().slice(0, 10);
		const [recorded] = await seeder.recordPayments([
			{
				sourceId: `poll-backdated-${documentId}`,
				invoice: { ledgerId: String(documentId) },
				amountMinor: 11900,
				currency: 'EUR',
				date: fiveDaysAgo,
			},
		]);
		expect(recorded.action).toBe('created');
		const polled = await host.poll();
		expect(ids(polled)).toEqual([String(documentId)]);
		expect(polled?.[0][0].json).toMatchObject({ paidDate: fiveDaysAgo, settledBy: 'payment' });
		expect(await host.poll()).toBeNull();
	});

	it('finds new payments by id with few calls, however long the payment list', async () => {
		const host = pollHost();
		expect(await host.poll()).toBeNull();
		const documentId = await finalInvoice();
		await sandbox.easybill.payDocument(documentId);
		sandbox.log.clear();
		expect(ids(await host.poll())).toEqual([String(documentId)]);
		const paymentReads = sandbox.log.entries({ service: 'easybill', path: '/rest/v1/document-payments' });
		// Page 1 (for the count), the last page; then the document and its payments.
		expect(paymentReads.length).toBeLessThanOrEqual(3);
	});

	it('"Fetch test event" returns the latest paid invoice', async () => {
		const documentId = await finalInvoice();
		await sandbox.easybill.payDocument(documentId);
		const manual = await pollHost().poll('manual');
		expect(manual?.[0][0].json).toMatchObject({
			ledger: 'easybill',
			state: 'paid',
			trigger: { source: 'manual' },
		});
	});
});
