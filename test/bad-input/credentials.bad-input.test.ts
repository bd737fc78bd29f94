/**
 * Bad-input corpus, the credentials and the Xero organisation: a credential with a field left
 * empty or edited into what n8n's form would not produce (an EasyBill API Key that is empty or
 * pasted with a line break, a Xero credential never connected or without its Client Secret, a base
 * URL that is not one, a webhook key of spaces), and no organisation chosen. Each is refused
 * before any API call, with an error naming the field as the credential or node shows it and the
 * credential the node selected, on every item of the run (Continue On Fail) and as the run's error
 * without it; nothing is written; the same items go through once the credential is fixed. The
 * Invoice Paid triggers refuse the same credentials on a poll and on activation.
 */
import axios from 'axios';
import type { ICredentialDataDecryptedObject, IDataObject, INodeCredentials, INodeParameters } from 'n8n-workflow';

import { XeroAccountingSyncWebhookApi } from '../../credentials/XeroAccountingSyncWebhookApi.credentials';
import { AccountingSyncTrigger } from '../../nodes/AccountingSync/AccountingSyncTrigger.node';
import { InvoicePaidPollTrigger } from '../../nodes/InvoicePaidPollTrigger/InvoicePaidPollTrigger.node';
import { signXeroPayload } from '../../sandbox';
import { packageNodeType } from '../node/harness';
import { startNodeEnv, type LedgerName, type NodeEnv } from '../node/nodeEnv';
import { knownSecrets, secretHits } from '../secrets/scan';
import { TriggerHost } from '../trigger/triggerHost';
import { contactParams, recordsWithSource } from './corpus';

type Data = ICredentialDataDecryptedObject;

interface CredentialCase {
	name: string;
	/** The stored credential data as the user left it. */
	edit(stored: Data): Data;
	/** Every part must appear in the error. */
	label: string[];
}

const TYPE: Record<LedgerName, string> = { xero: 'xeroAccountingSyncOAuth2Api', easybill: 'easyBillAccountingSyncApi' };
const CREDENTIAL_NAME: Record<LedgerName, string> = { xero: 'Xero sandbox', easybill: 'EasyBill sandbox' };
const WEBHOOK_KEY = 'xeroAccountingSyncWebhookApi';

const without = (data: Data, field: string): Data => Object.fromEntries(Object.entries(data).filter(([k]) => k !== field));
const tokens = (data: Data) => (data.oauthTokenData ?? {}) as IDataObject;

const cases: Record<LedgerName, CredentialCase[]> = {
	easybill: [
		{ name: 'API Key empty', edit: (d) => ({ ...d, apiKey: '' }), label: ['API Key'] },
		{ name: 'API Key only spaces', edit: (d) => ({ ...d, apiKey: '   ' }), label: ['API Key'] },
		{ name: 'API Key missing', edit: (d) => without(d, 'apiKey'), label: ['API Key'] },
		{ name: 'API Key pasted with a line break', edit: (d) => ({ ...d, apiKey: `${String(d.apiKey)}\n` }), label: ['API Key', 'line breaks'] },
		{ name: 'Plan empty', edit: (d) => ({ ...d, plan: '' }), label: ['Plan'] },
		{ name: 'Plan unknown', edit: (d) => ({ ...d, plan: 'enterprise' }), label: ['Plan'] },
		{ name: 'Base URL not a web address', edit: (d) => ({ ...d, baseUrl: 'api.easybill.de rest' }), label: ['Base URL'] },
	],
	xero: [
		{ name: 'Client ID empty', edit: (d) => ({ ...d, clientId: '' }), label: ['Client ID'] },
		{ name: 'Client Secret empty', edit: (d) => ({ ...d, clientSecret: '' }), label: ['Client Secret'] },
		{ name: 'Client Secret missing', edit: (d) => without(d, 'clientSecret'), label: ['Client Secret'] },
		{ name: 'never connected', edit: (d) => without(d, 'oauthTokenData'), label: ['not connected', 'Connect my account'] },
		{
			name: 'access token empty',
			edit: (d) => ({ ...d, oauthTokenData: { ...tokens(d), access_token: '' } }),
			label: ['not connected', 'Connect my account'],
		},
		{ name: 'API Base URL not a web address', edit: (d) => ({ ...d, apiBaseUrl: 'ftp://api.xero.com' }), label: ['API Base URL'] },
		{ name: 'Identity Base URL not a web address', edit: (d) => ({ ...d, identityBaseUrl: 'identity' }), label: ['Identity Base URL'] },
	],
};

let env: NodeEnv;
let good: Record<string, Data>;

beforeAll(async () => {
	env = await startNodeEnv();
	env.credentialsHelper.addType(new XeroAccountingSyncWebhookApi());
	env.credentialsHelper.set(WEBHOOK_KEY, { signingSecret: env.sandbox.xero.webhookKey });
	good = Object.fromEntries([...Object.values(TYPE), WEBHOOK_KEY].map((t) => [t, structuredClone(env.credentialsHelper.get(t)!)]));
});

afterAll(async () => {
	const specErrors = env.specErrors();
	await env.stop();
	expect(specErrors).toEqual([]);
});

const restore = () => {
	for (const [type, data] of Object.entries(good)) env.credentialsHelper.set(type, structuredClone(data));
};

const contacts = (ledger: LedgerName, tag: string): IDataObject[] =>
	[1, 2, 3].map((n) => ({ id: `c_cred_${ledger}_${tag}_${n}`, name: `Credential ${n} Ltd`, emails: `c${n}@cred.example`, country: 'DE' }));

/** What is wrong with one refusal (empty when it holds): the message, calls made, secrets shown. */
function refusalProblems(name: string, message: string | undefined, label: string[], texts: unknown[]): string[] {
	const problems: string[] = [];
	if (message === undefined) problems.push(`${name}: accepted`);
	else if (!label.every((part) => message.includes(part))) problems.push(`${name}: "${message}" does not name ${label.join(' / ')}`);
	const calls = env.sandbox.log.entries();
	if (calls.length) problems.push(`${name}: ${calls.length} API call(s) before refusing (${calls[0].method} ${calls[0].path})`);
	const hits = secretHits(texts, knownSecrets(env.sandbox, env.credentialsHelper, Object.values(good).flatMap((g) => [g.apiKey, g.clientSecret])));
	if (hits.length) problems.push(`${name}: a secret in what the run showed (${hits.join(', ')})`);
	return problems;
}

describe.each<LedgerName>(['easybill', 'xero'])('credentials on %s', (ledger) => {
	afterEach(restore);

	it('Accounting Sync: each bad credential fails every item naming its field, before any call; fixed, the same items are created', async () => {
		const problems: string[] = [];
		const items = contacts(ledger, 'node');
		for (const c of cases[ledger]) {
			restore();
			env.credentialsHelper.set(TYPE[ledger], c.edit(structuredClone(good[TYPE[ledger]])));
			env.sandbox.log.clear();
			const run = await env.run(ledger, items, contactParams, { continueOnFail: true });
			const errors = run.json.map((j) => (j.error as IDataObject | undefined)?.message as string | undefined);
			if (run.error) problems.push(`${c.name}: the execution failed under Continue On Fail: ${run.error.message}`);
			if (run.json.length !== items.length) problems.push(`${c.name}: ${run.json.length} outputs for ${items.length} items`);
			errors.forEach((message, i) =>
				problems.push(...refusalProblems(`${c.name}, item ${i}`, message, [...c.label, CREDENTIAL_NAME[ledger]], [run.output])),
			);
			const stopped = await env.run(ledger, items, contactParams);
			problems.push(...refusalProblems(`${c.name}, without Continue On Fail`, stopped.error?.message, c.label, [stopped.error?.message, stopped.error?.description]));
			for (const item of items) {
				if (recordsWithSource(env, ledger, String(item.id))) problems.push(`${c.name}: ${String(item.id)} was written`);
			}
		}
		expect(problems).toEqual([]);
		restore();
		const fixed = await env.run(ledger, items, contactParams);
		expect(fixed.error).toBeUndefined();
		expect(fixed.json.map((j) => j.action)).toEqual(['created', 'created', 'created']);
	});

	it('Invoice Paid (polling and webhook): each bad credential fails the poll and refuses activation naming its field, before any call', async () => {
		const credentials: INodeCredentials = { [TYPE[ledger]]: { id: `${ledger}-1`, name: CREDENTIAL_NAME[ledger] } };
		if (ledger === 'xero') credentials[WEBHOOK_KEY] = { id: 'xero-webhook-1', name: 'Xero webhooks key' };
		const parameters: INodeParameters = {
			ledger,
			...(ledger === 'xero' ? { tenantId: { __rl: true, mode: 'id', value: env.tenantId } } : {}),
		};
		const problems: string[] = [];
		for (const c of cases[ledger]) {
			restore();
			env.credentialsHelper.set(TYPE[ledger], c.edit(structuredClone(good[TYPE[ledger]])));
			const poller = new TriggerHost({
				type: packageNodeType('invoicePaidPollTrigger'),
				nodeType: new InvoicePaidPollTrigger(),
				parameters,
				credentials,
				credentialsHelper: env.credentialsHelper,
			});
			for (const mode of ['trigger', 'manual'] as const) {
				env.sandbox.log.clear();
				const message = await poller.poll(mode).then(
					() => undefined,
					(error: Error) => error.message,
				);
				problems.push(...refusalProblems(`${c.name}, ${mode} poll`, message, c.label, [message]));
			}
			if (JSON.stringify(poller.staticData) !== '{}') problems.push(`${c.name}: the poll saved a cursor`);
			const webhook = await new TriggerHost({
				type: packageNodeType('accountingSyncTrigger'),
				nodeType: new AccountingSyncTrigger(),
				parameters: { ...parameters, emitOn: 'paid', options: {} },
				credentials,
				credentialsHelper: env.credentialsHelper,
			}).start();
			try {
				env.sandbox.log.clear();
				const message = await webhook.activate().then(
					() => undefined,
					(error: Error) => error.message,
				);
				problems.push(...refusalProblems(`${c.name}, activation`, message, c.label, [message]));
				if (env.sandbox.easybill.webhooks().length) problems.push(`${c.name}: a webhook was registered`);
			} finally {
				await webhook.stop();
			}
		}
		expect(problems).toEqual([]);
	});
});

describe('the Xero organisation and webhooks key', () => {
	afterEach(restore);

	it('no organisation (an expression that comes out empty) fails the run naming Organisation, before any call', async () => {
		const items: IDataObject[] = contacts('xero', 'org').map((item) => ({ ...item, tenant: '  ' }));
		env.sandbox.log.clear();
		const run = await env.run('xero', items, { ...contactParams, tenantId: { __rl: true, mode: 'id', value: '={{ $json.tenant }}' } });
		expect(refusalProblems('no organisation', run.error?.message, ['Organisation'], [run.error?.message])).toEqual([]);
		for (const item of items) expect(recordsWithSource(env, 'xero', String(item.id))).toBe(0);
	});

	it.each([
		['empty', ''],
		['only spaces', '   '],
	])('a Webhooks Key that is %s refuses activation naming it and the credential', async (_name, key) => {
		env.credentialsHelper.set(WEBHOOK_KEY, { signingSecret: key });
		const webhook = await new TriggerHost({
			type: packageNodeType('accountingSyncTrigger'),
			nodeType: new AccountingSyncTrigger(),
			parameters: { ledger: 'xero', tenantId: { __rl: true, mode: 'id', value: env.tenantId }, emitOn: 'paid', options: {} },
			credentials: {
				xeroAccountingSyncOAuth2Api: { id: 'xero-1', name: 'Xero sandbox' },
				[WEBHOOK_KEY]: { id: 'xero-webhook-1', name: 'Xero webhooks key' },
			},
			credentialsHelper: env.credentialsHelper,
		}).start();
		try {
			await expect(webhook.activate()).rejects.toThrow('Webhooks Key in the credential "Xero webhooks key" is empty');
			// A delivery signed with that key (anyone can guess it) is refused, and none is emitted.
			const raw = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: 'ABCDEFGHIJ' });
			const answer = await axios.post(webhook.webhookUrl(), raw, {
				headers: { 'content-type': 'application/json', 'x-xero-signature': signXeroPayload(raw, key) },
				validateStatus: () => true,
			});
			await webhook.idle();
			expect(answer.status).toBe(401);
			expect(webhook.handled.filter((h) => h.workflowData)).toEqual([]);
		} finally {
			await webhook.stop();
		}
	});
});
