/**
 * Attacks on the Invoice Paid trigger's Xero webhook (n8n-core WebhookContext behind a real HTTP
 * endpoint, see test/trigger/triggerHost.ts). Every attack names an invoice that really is paid,
 * so a delivery that got through would show as an execution: each must be refused (401) or
 * ignored with 0 executions, and a valid delivery must still work afterwards.
 */
import axios from 'axios';
import { randomBytes } from 'node:crypto';

import { AccountingSyncTrigger } from '../../nodes/AccountingSync/AccountingSyncTrigger.node';
import { signXeroPayload } from '../../sandbox';
import { packageNodeType, TestCredentialsHelper } from '../node/harness';
import { salesInvoice, startXero, type XeroFixture } from '../sandbox/xero-client';
import { TriggerHost, triggerCredentialTypes } from '../trigger/triggerHost';
import { captureN8nLogs, capturedLogLines } from '../../scripts/soak/capture';
import { knownSecrets, requestLogTexts, secretHits } from '../secrets/scan';
import { slowLoris, waitFor } from './slowLoris';

let x: XeroFixture;
let host: TriggerHost;
let paidInvoiceId: string;
let credentialsHelper: TestCredentialsHelper;
/** Every answer, emitted item and error the attacks produced, for the secrets scan at the end. */
const captured: unknown[] = [];
captureN8nLogs();

const event = (tenantId: string, resourceId = paidInvoiceId) => ({
	resourceUrl: `${x.sandbox.urls.xero}/api.xro/2.0/Invoices/${resourceId}`,
	resourceId,
	eventDateUtc: '2026-11-23T12:00:00.000',
	eventType: 'UPDATE',
	eventCategory: 'INVOICE',
	tenantId,
	tenantType: 'ORGANISATION',
});

const body = (events: object[]) =>
	JSON.stringify({ events, firstEventSequence: 1, lastEventSequence: events.length, entropy: 'ABCDEFGHIJ' });

async function post(raw: string, signature?: string) {
	const response = await axios.post(host.webhookUrl(), raw, {
		headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-xero-signature': signature }) },
		validateStatus: () => true,
		maxBodyLength: Infinity,
	});
	await host.idle();
	captured.push(response.data);
	return response.status;
}

beforeAll(async () => {
	x = await startXero();
	const tokens = x.sandbox.xero.issueTokens();
	credentialsHelper = new TestCredentialsHelper(
		{
			xeroAccountingSyncWebhookApi: { signingSecret: x.sandbox.xero.webhookKey },
			xeroAccountingSyncOAuth2Api: {
				clientId: x.sandbox.xero.clientId,
				clientSecret: x.sandbox.xero.clientSecret,
				apiBaseUrl: x.sandbox.urls.xero,
				identityBaseUrl: x.sandbox.urls.xero,
				scopePreset: 'granular',
				oauthTokenData: { access_token: tokens.accessToken, refresh_token: tokens.refreshToken, token_type: 'Bearer' },
			},
		},
		triggerCredentialTypes(),
	);
	host = await new TriggerHost({
		type: packageNodeType('accountingSyncTrigger'),
		nodeType: new AccountingSyncTrigger(),
		parameters: { ledger: 'xero', tenantId: { __rl: true, mode: 'id', value: x.uk } },
		credentials: {
			xeroAccountingSyncOAuth2Api: { id: '1', name: 'Xero' },
			xeroAccountingSyncWebhookApi: { id: '2', name: 'Xero webhook key' },
		},
		credentialsHelper,
	}).start();
	const created = await x.api.put('/Invoices', { Invoices: [salesInvoice('Attack Target Ltd')] }, { headers: { 'xero-tenant-id': x.uk } });
	paidInvoiceId = created.data.Invoices[0].InvoiceID;
	x.sandbox.xero.payInvoice(x.uk, paidInvoiceId);
});

afterAll(async () => {
	await host?.stop();
	await x?.sandbox.stop();
});

beforeEach(() => {
	captured.push(host.handled.map((h) => ({ status: h.status, items: h.workflowData, error: h.error?.message })));
	host.handled.length = 0;
	x.sandbox.log.clear();
});

const key = () => x.sandbox.xero.webhookKey;
const apiCalls = () => x.sandbox.log.entries({ service: 'xero' }).length;

describe('Xero webhook attacks: refused or ignored, 0 executions', () => {
	it('forged signature', async () => {
		const raw = body([event(x.uk)]);
		expect(await post(raw, randomBytes(32).toString('base64'))).toBe(401);
		expect(host.runs).toEqual([]);
		expect(apiCalls()).toBe(0);
	});

	it('missing signature, and an empty one', async () => {
		const raw = body([event(x.uk)]);
		expect([await post(raw), await post(raw, '')]).toEqual([401, 401]);
		expect(host.runs).toEqual([]);
		expect(apiCalls()).toBe(0);
	});

	it('a valid signature over a different body', async () => {
		const signedFor = body([event(x.uk, '00000000-0000-0000-0000-000000000000')]);
		expect(await post(body([event(x.uk)]), signXeroPayload(signedFor, key()))).toBe(401);
		expect(host.runs).toEqual([]);
	});

	it('a valid signature with the body re-serialised (same JSON, other bytes)', async () => {
		const raw = body([event(x.uk)]);
		const reserialised = JSON.stringify(JSON.parse(raw), null, 2);
		expect(await post(reserialised, signXeroPayload(raw, key()))).toBe(401);
		expect(host.runs).toEqual([]);
	});

	it('a signature made with another key', async () => {
		const raw = body([event(x.uk)]);
		expect(await post(raw, signXeroPayload(raw, randomBytes(48).toString('base64')))).toBe(401);
		expect(host.runs).toEqual([]);
	});

	it('an oversized body', async () => {
		const events = Array.from({ length: 20_000 }, () => event(x.uk));
		const raw = body(events);
		expect(raw.length).toBeGreaterThan(5_000_000);
		const status = await post(raw, randomBytes(32).toString('base64'));
		expect(status).toBe(401);
		expect(host.runs).toEqual([]);
	});

	it('a validly signed delivery for another organisation (wrong tenant)', async () => {
		const raw = body([event(x.au)]);
		const status = await post(raw, signXeroPayload(raw, key()));
		expect(status).toBeLessThan(300);
		expect(host.runs).toEqual([]);
	});

	it('a slow-loris body (validly signed, trickled, never finished) emits nothing and blocks nothing', async () => {
		const raw = body([event(x.uk)]);
		const slow = await slowLoris(host.webhookUrl(), raw, {
			'content-type': 'application/json',
			'x-xero-signature': signXeroPayload(raw, key()),
		});
		try {
			// While it trickles, Xero's intent-to-receive check is still answered (not host.idle():
			// that would wait for the slow body too).
			const intent = body([]);
			const answered = await axios.post(host.webhookUrl(), intent, {
				headers: { 'content-type': 'application/json', 'x-xero-signature': signXeroPayload(intent, key()) },
				validateStatus: () => true,
			});
			expect(answered.status).toBe(200);
			await waitFor(() => slow.bytesSent() > 0);
		} finally {
			slow.abort();
		}
		await host.idle();
		expect(host.runs).toEqual([]);
		expect(apiCalls()).toBe(0);
	});

	it('a replayed delivery emits nothing the second time; valid deliveries still work after the attacks', async () => {
		const raw = body([event(x.uk)]);
		const signature = signXeroPayload(raw, key());
		expect(await post(raw, signature)).toBe(200);
		expect(host.emitted.map((item) => item.ledgerId)).toEqual([paidInvoiceId]);
		expect(await post(raw, signature)).toBe(200);
		expect(host.runs).toHaveLength(1);
	});

	it('no secret (signing key, client secret, tokens) in any answer, emitted item, error, n8n log line or request path', async () => {
		captured.push(host.handled.map((h) => ({ status: h.status, items: h.workflowData, error: h.error?.message })));
		const secrets = knownSecrets(x.sandbox, credentialsHelper);
		expect(secrets.length).toBeGreaterThanOrEqual(3);
		expect(secretHits([`Bearer ${secrets[secrets.length - 1]}`], secrets)).toHaveLength(1);
		expect(captured.length).toBeGreaterThan(10);
		expect(secretHits([...captured, ...capturedLogLines, ...requestLogTexts(x.sandbox)], secrets)).toEqual([]);
	});
});
