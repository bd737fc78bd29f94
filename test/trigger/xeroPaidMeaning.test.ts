/**
 * What "paid" means for the Xero webhook trigger, and where its signing key lives, through
 * n8n-core's contexts against the sandbox: credit-note settlements, mixed settlements, voided
 * invoices, the "On Every Payment" mode, and the key moving from a parameter to a credential.
 */
import type { INode, INodeParameters } from 'n8n-workflow';

import { AccountingSyncTrigger } from '../../nodes/AccountingSync/AccountingSyncTrigger.node';
import { packageNodeType, TestCredentialsHelper } from '../node/harness';
import { salesInvoice, startXero, type XeroFixture } from '../sandbox/xero-client';
import { TriggerHost, triggerCredentialTypes } from './triggerHost';

let x: XeroFixture;
let credentialsHelper: TestCredentialsHelper;
const hosts: TriggerHost[] = [];
let seq = 0;

const XERO = { xeroAccountingSyncOAuth2Api: { id: '1', name: 'Xero' } };
const WITH_KEY: INode['credentials'] = {
	...XERO,
	xeroAccountingSyncWebhookApi: { id: '2', name: 'Xero webhook key' },
};

async function host(
	parameters: INodeParameters = {},
	options: { credentials?: INode['credentials']; typeVersion?: number } = {},
): Promise<TriggerHost> {
	const started = await new TriggerHost({
		type: packageNodeType('accountingSyncTrigger'),
		nodeType: new AccountingSyncTrigger(),
		parameters: { ledger: 'xero', tenantId: { __rl: true, mode: 'id', value: x.uk }, ...parameters },
		credentials: options.credentials ?? WITH_KEY,
		credentialsHelper,
		typeVersion: options.typeVersion,
	}).start();
	hosts.push(started);
	return started;
}

async function invoice(): Promise<{ InvoiceID: string; Contact: { ContactID: string } }> {
	seq += 1;
	const response = await x.api.put('/Invoices', { Invoices: [salesInvoice(`Meaning ${seq} Ltd`)] });
	expect(response.status).toBe(200);
	return response.data.Invoices[0];
}

/** An AUTHORISED credit note for the invoice's contact, allocated to it (120.00 is the whole invoice). */
async function credit(target: { InvoiceID: string; Contact: { ContactID: string } }, net: number) {
	const note = await x.api.put('/CreditNotes', {
		CreditNotes: [
			{
				Type: 'ACCRECCREDIT',
				Contact: { ContactID: target.Contact.ContactID },
				Date: '2026-11-20',
				Status: 'AUTHORISED',
				LineAmountTypes: 'Exclusive',
				LineItems: [
					{ Description: 'Cancelled', Quantity: 1, UnitAmount: net, AccountCode: '200', TaxType: 'OUTPUT2' },
				],
			},
		],
	});
	expect(note.status).toBe(200);
	const { CreditNoteID, Total } = note.data.CreditNotes[0];
	const allocation = await x.api.put(`/CreditNotes/${CreditNoteID}/Allocations`, {
		Allocations: [{ Invoice: { InvoiceID: target.InvoiceID }, Amount: Total, Date: '2026-11-21' }],
	});
	expect(allocation.status).toBe(200);
}

async function deliverTo(target: TriggerHost): Promise<void> {
	const results = await x.sandbox.xero.deliverWebhook(target.webhookUrl());
	await target.idle();
	expect(results.every((r) => r.status === 200)).toBe(true);
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
				oauthTokenData: {
					access_token: tokens.accessToken,
					refresh_token: tokens.refreshToken,
					token_type: 'Bearer',
				},
			},
		},
		triggerCredentialTypes(),
	);
});

afterAll(async () => {
	for (const h of hosts) await h.stop();
	await x?.sandbox.stop();
});

beforeEach(async () => {
	await x.sandbox.xero.deliverWebhook('http://127.0.0.1:9/discard');
});

describe('Xero webhook trigger: what counts as paid', () => {
	it('does not emit an invoice settled only by a credit note; emits a mixed one with settledBy', async () => {
		const trigger = await host();
		const cancelled = await invoice();
		await credit(cancelled, 100); // 120.00: the whole invoice, no money
		const mixed = await invoice();
		await credit(mixed, 50); // 60.00 credited
		x.sandbox.xero.payInvoice(x.uk, mixed.InvoiceID); // the other 60.00 paid
		const paid = await invoice();
		x.sandbox.xero.payInvoice(x.uk, paid.InvoiceID);
		await deliverTo(trigger);
		expect(trigger.emitted.map((item) => [item.ledgerId, item.settledBy]).sort()).toEqual(
			[
				[mixed.InvoiceID, 'mixed'],
				[paid.InvoiceID, 'payment'],
			].sort(),
		);
	});

	it('with "Also Emit Invoices Settled Only by Credit Notes" emits it, as settledBy credit', async () => {
		const trigger = await host({ options: { emitCreditOnly: true } });
		const cancelled = await invoice();
		await credit(cancelled, 100);
		await deliverTo(trigger);
		expect(trigger.emitted).toEqual([
			expect.objectContaining({ ledgerId: cancelled.InvoiceID, settledBy: 'credit', amountCredited: '120.00' }),
		]);
	});

	it('never emits a voided invoice, in either mode', async () => {
		const paidMode = await host();
		const everyPayment = await host({ emitOn: 'everyPayment' });
		const voided = await invoice();
		const response = await x.api.post(`/Invoices/${voided.InvoiceID}`, {
			Invoices: [{ InvoiceID: voided.InvoiceID, Status: 'VOIDED' }],
		});
		expect(response.status).toBe(200);
		const results = await x.sandbox.xero.deliverWebhook(paidMode.webhookUrl(), {
			events: [
				{
					resourceUrl: `${x.sandbox.urls.xero}/api.xro/2.0/Invoices/${voided.InvoiceID}`,
					resourceId: voided.InvoiceID,
					eventDateUtc: '2026-11-23T12:00:00.000',
					eventType: 'UPDATE',
					eventCategory: 'INVOICE',
					tenantId: x.uk,
					tenantType: 'ORGANISATION',
				},
			],
		});
		expect(results[0].status).toBe(200);
		await paidMode.idle();
		await deliverTo(everyPayment);
		expect(paidMode.runs).toEqual([]);
		expect(everyPayment.runs).toEqual([]);
	});
});

describe('Xero webhook trigger: Emit "On Every Payment" (parity with EasyBill)', () => {
	it('emits each payment once with `payment` on the item, part payments included', async () => {
		const trigger = await host({ emitOn: 'everyPayment' });
		const target = await invoice();
		x.sandbox.xero.payInvoice(x.uk, target.InvoiceID, 20);
		await deliverTo(trigger);
		x.sandbox.xero.payInvoice(x.uk, target.InvoiceID); // the remaining 100.00
		await deliverTo(trigger);
		await deliverTo(trigger); // nothing new
		expect(
			trigger.emitted.map((item) => [
				item.ledgerId,
				(item.payment as { amount: string }).amount,
				item.state,
			]),
		).toEqual([
			[target.InvoiceID, '20.00', 'open'],
			[target.InvoiceID, '100.00', 'paid'],
		]);
		expect(trigger.runs).toHaveLength(2);
	});
});

describe('Xero webhook trigger: the signing key is a credential', () => {
	it('version 2 reads the key from the Xero Webhook credential; none is in the parameters', async () => {
		const trigger = await host();
		expect(JSON.stringify(trigger.staticData)).not.toContain(x.sandbox.xero.webhookKey);
		const check = await x.sandbox.xero.intentToReceive(trigger.webhookUrl());
		expect(check.ok).toBe(true);
	});

	it('a version-1 workflow with the key as a parameter keeps working', async () => {
		const legacy = await host(
			{ signingKey: x.sandbox.xero.webhookKey },
			{ credentials: XERO, typeVersion: 1 },
		);
		await expect(legacy.activate()).resolves.toEqual({ existed: true });
		const check = await x.sandbox.xero.intentToReceive(legacy.webhookUrl());
		expect(check.ok).toBe(true);
		const target = await invoice();
		x.sandbox.xero.payInvoice(x.uk, target.InvoiceID);
		await deliverTo(legacy);
		expect(legacy.emitted.map((item) => item.ledgerId)).toEqual([target.InvoiceID]);
	});

	it('without a key anywhere, activation fails saying what to do, and deliveries get 401', async () => {
		for (const typeVersion of [1, 2]) {
			const keyless = await host({}, { credentials: XERO, typeVersion });
			await expect(keyless.activate()).rejects.toThrow('No Xero webhook signing key is set');
			await expect(keyless.activate()).rejects.toMatchObject({
				description: expect.stringContaining('Xero Webhook Signing Key'),
			});
			const check = await x.sandbox.xero.intentToReceive(keyless.webhookUrl());
			await keyless.idle();
			expect(check.results.map((r) => r.status)).toEqual([401, 401]);
		}
	});

	it('version 2 ignores a key left in the old parameter', async () => {
		const stray = await host({ signingKey: x.sandbox.xero.webhookKey }, { credentials: XERO, typeVersion: 2 });
		await expect(stray.activate()).rejects.toThrow('No Xero webhook signing key is set');
	});
});
