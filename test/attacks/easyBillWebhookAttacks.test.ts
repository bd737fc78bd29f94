/**
 * Attacks on the Invoice Paid trigger's EasyBill webhook (n8n-core WebhookContext behind a real
 * HTTP endpoint, see test/trigger/triggerHost.ts). EasyBill signs nothing, so the registration's
 * secret token in the URL is what admits a delivery. Every attack names an invoice that really is
 * paid, so a delivery that got through would show as an execution: each must be refused (401) or
 * ignored with 0 executions, and valid deliveries must still work afterwards.
 */
import { createEasyBillLedger, type EasyBillLedger } from '../../core/easybill';
import type { Invoice } from '../../core/model';
import { AccountingSyncTrigger } from '../../nodes/AccountingSync/AccountingSyncTrigger.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import { httpSend, scaledClock } from '../helpers/http';
import { packageNodeType, TestCredentialsHelper } from '../node/harness';
import { captureN8nLogs, capturedLogLines } from '../../scripts/soak/capture';
import { knownSecrets, requestLogTexts, secretHits } from '../secrets/scan';
import { TriggerHost } from '../trigger/triggerHost';
import { slowLoris, waitFor } from './slowLoris';

let sandbox: Sandbox;
let seeder: EasyBillLedger;
let host: TriggerHost;
/** The URL EasyBill was given at activation, with its token. */
let registered: URL;
let paidId: number;

/** Every answer, emitted item and error the attacks produced, for the secrets scan at the end. */
const captured: unknown[] = [];
captureN8nLogs();

let seq = 0;
async function invoice(): Promise<number> {
	seq += 1;
	const input: Invoice = {
		sourceId: `attack-inv-${seq}`,
		contact: { contact: { sourceId: `attack-cus-${seq}`, name: `Attack Target ${seq} GmbH` } },
		issueDate: '2026-11-20',
		currency: 'EUR',
		taxMode: 'exclusive',
		status: 'final',
		lines: [{ description: 'Seats', quantity: 1, unitPriceMinor: 10000, taxRatePercent: 19 }],
	};
	const [result] = await seeder.createInvoices([input]);
	if (result.action === 'failed') throw result.error;
	return Number(result.ledgerId);
}

const token = () => registered.searchParams.get('token') ?? '';
const withQuery = (query: string) => `${host.webhookUrl()}${query}`;
const documentBody = (id: number) => JSON.stringify(sandbox.easybill.documents().find((d) => d.id === id));

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<number> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'X-easybill-Event': 'document.payment_add', ...headers },
		body,
	});
	captured.push(await response.text());
	await host.idle();
	return response.status;
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
	host = await new TriggerHost({
		type: packageNodeType('accountingSyncTrigger'),
		nodeType: new AccountingSyncTrigger(),
		parameters: { ledger: 'easybill', emitOn: 'paid', options: {} },
		credentials: { easyBillAccountingSyncApi: { id: '1', name: 'EasyBill' } },
		credentialsHelper: new TestCredentialsHelper({
			easyBillAccountingSyncApi: { apiKey, plan: 'business', baseUrl: sandbox.urls.easybill },
		}),
	}).start();
	// Paid before the hook was registered: the attacks below name it, so any that got in would emit.
	paidId = await invoice();
	await sandbox.easybill.payDocument(paidId);
	await host.activate();
	registered = new URL(sandbox.easybill.webhooks()[0].url);
	host.handled.length = 0;
});

afterAll(async () => {
	await host?.stop();
	await sandbox?.stop();
});

beforeEach(() => {
	captured.push(host.handled.map((h) => ({ status: h.status, items: h.workflowData, error: h.error?.message })));
	host.handled.length = 0;
	sandbox.log.clear();
});

const documentReads = () =>
	sandbox.log.entries({ service: 'easybill' }).filter((e) => e.method === 'GET' && e.path.includes('/documents')).length;

describe('EasyBill webhook attacks: refused or ignored, 0 executions', () => {
	it('a delivery without a token, with an empty one, or with a wrong one', async () => {
		const body = documentBody(paidId);
		const statuses = [
			await post(withQuery(''), body),
			await post(withQuery('?token='), body),
			await post(withQuery('?token=not-the-token'), body),
			await post(withQuery(`?token=${token().slice(0, -1)}`), body),
			await post(withQuery(`?token=${token()}x`), body),
			await post(withQuery(`?token=${token().toUpperCase()}`), body),
			await post(withQuery(`?Token=${token()}`), body),
		];
		expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401]);
		expect(host.runs).toEqual([]);
		expect(documentReads()).toBe(0);
	});

	it('the token anywhere but the query string (a header, the body), or given twice', async () => {
		const body = documentBody(paidId);
		const statuses = [
			await post(withQuery(''), body, { token: token(), authorization: `Bearer ${token()}` }),
			await post(withQuery(''), JSON.stringify({ ...JSON.parse(body), token: token() })),
			await post(withQuery(`?token=${token()}&token=not-the-token`), body),
		];
		expect(statuses).toEqual([401, 401, 401]);
		expect(host.runs).toEqual([]);
	});

	it("a valid signature header EasyBill's way does not stand in for the token", async () => {
		const body = documentBody(paidId);
		const { signEasyBillDelivery } = await import('../../sandbox/easybill/webhookDispatcher');
		expect(await post(withQuery(''), body, { 'X-Easybill-Signature': signEasyBillDelivery(token(), body) })).toBe(401);
		expect(host.runs).toEqual([]);
	});

	it('the token of a registration that was removed', async () => {
		const old = token();
		await host.deactivate();
		await host.activate();
		registered = new URL(sandbox.easybill.webhooks()[0].url);
		expect(token()).not.toBe(old);
		expect(await post(withQuery(`?token=${old}`), documentBody(paidId))).toBe(401);
		expect(host.runs).toEqual([]);
	});

	it('an oversized body without the token', async () => {
		const big = JSON.stringify({ ...JSON.parse(documentBody(paidId)), padding: 'x'.repeat(6_000_000) });
		expect(await post(withQuery('?token=wrong'), big)).toBe(401);
		expect(host.runs).toEqual([]);
	});

	it('with the token, a forged body cannot fake "paid": the document is read, not believed', async () => {
		const unpaid = await invoice();
		const forged = JSON.stringify({ id: unpaid, type: 'INVOICE', paid_at: '2026-11-21', paid_amount: 11900, amount: 11900 });
		const statuses = [
			await post(registered.href, forged),
			// A credit document, a document that does not exist, no id at all, not JSON.
			await post(registered.href, JSON.stringify({ id: unpaid, type: 'CREDIT' })),
			await post(registered.href, JSON.stringify({ id: 'abc', type: 'INVOICE' })),
			await post(registered.href, JSON.stringify({ hello: 'world' })),
			await post(registered.href, '{"id": 1, "type": "INVOICE"'),
		];
		expect(statuses.every((s) => s === 200)).toBe(true);
		expect(host.runs).toEqual([]);
	});

	it('a slow-loris body (headers and the token, then a trickle that never ends) emits nothing and blocks nothing', async () => {
		const before = await invoice();
		const slow = await slowLoris(registered.href, documentBody(paidId), {
			'content-type': 'application/json',
			'X-easybill-Event': 'document.payment_add',
		});
		try {
			// While it trickles, a real delivery is handled and emits.
			await sandbox.easybill.payDocument(before);
			await waitFor(() => host.runs.length === 1);
			expect(host.emitted.map((item) => item.ledgerId)).toEqual([String(before)]);
			expect(slow.bytesSent()).toBeGreaterThan(0);
		} finally {
			slow.abort();
		}
		await host.idle();
		expect(host.runs).toHaveLength(1);
	});

	it('a replayed delivery emits nothing the second time; valid deliveries still work after the attacks', async () => {
		const fresh = await invoice();
		await sandbox.easybill.payDocument(fresh);
		await host.idle();
		expect(host.emitted.map((item) => item.ledgerId)).toEqual([String(fresh)]);
		// The same delivery again (EasyBill retries, or someone replays it).
		expect(await post(registered.href, documentBody(fresh))).toBe(200);
		expect(host.runs).toHaveLength(1);
	});

	it('no secret (API key, URL tokens) in any answer, emitted item, error, n8n log line or request path', async () => {
		captured.push(host.handled.map((h) => ({ status: h.status, items: h.workflowData, error: h.error?.message })));
		const secrets = knownSecrets(sandbox, undefined, [token(), ...sandbox.easybill.webhooks().map((w) => new URL(w.url).searchParams.get('token'))]);
		expect(secrets.length).toBeGreaterThanOrEqual(2);
		expect(secretHits([`?token=${token()}`], secrets)).toHaveLength(1);
		expect(captured.length).toBeGreaterThan(10);
		expect(secretHits([...captured, ...capturedLogLines, ...requestLogTexts(sandbox)], secrets)).toEqual([]);
	});
});
