/**
 * Bad-input corpus, the trigger settings: both Invoice Paid triggers (polling on both ledgers, the
 * webhook trigger's activation on both) with settings an expression or an edited workflow can
 * bring and n8n's editor would not allow. Each fails with an error naming the setting as the node
 * shows it, before any API call and without touching the trigger's saved state, and the trigger
 * works with valid settings afterwards. (Triggers have no input items, so there is no Continue On
 * Fail: a bad setting is one failed poll or a refused activation.)
 */
import type { IDataObject, INodeCredentials, INodeParameters } from 'n8n-workflow';

import { AccountingSyncTrigger } from '../../nodes/AccountingSync/AccountingSyncTrigger.node';
import { InvoicePaidPollTrigger } from '../../nodes/InvoicePaidPollTrigger/InvoicePaidPollTrigger.node';
import { resetTestSeams } from '../../nodes/shared/testSeams';
import { startSandbox, type Sandbox } from '../../sandbox';
import { packageNodeType, TestCredentialsHelper } from '../node/harness';
import { triggerCredentialTypes, TriggerHost } from '../trigger/triggerHost';
import { knownSecrets, secretHits } from '../secrets/scan';

type LedgerName = 'xero' | 'easybill';

interface SettingCase {
	name: string;
	parameters: INodeParameters;
	/** The setting as the node shows it: every part must appear in the error. */
	label: string[];
	mode?: 'trigger' | 'manual';
	/** Credential data replacing the valid one. */
	credential?: IDataObject;
}

const OVERLAP = 'Overlap Window (Minutes)';
const LOOKBACK = 'Include Invoices Paid in the Last (Days)';
const TEST_WINDOW = 'Test Event Window (Days)';
const CREDIT_ONLY = 'Also Emit Invoices Settled Only by Credit Notes';

const pollCases = (ledger: LedgerName): SettingCase[] => {
	const option = (name: string, options: unknown, label: string, mode?: 'manual'): SettingCase => ({
		name,
		parameters: { options } as INodeParameters,
		label: ['Options', label],
		mode,
	});
	const cases: SettingCase[] = [
		option('look-back days not a number', { lookbackDays: 'abc' }, LOOKBACK),
		option('negative look-back days', { lookbackDays: -1 }, LOOKBACK),
		option('look-back days above 365', { lookbackDays: 1000 }, LOOKBACK),
		option('look-back days NaN', { lookbackDays: Number.NaN }, LOOKBACK),
		option('negative overlap', { overlapMinutes: -5 }, OVERLAP),
		option('overlap as words', { overlapMinutes: 'ten' }, OVERLAP),
		option('overlap above a day', { overlapMinutes: 100_000 }, OVERLAP),
		option('overlap Infinity', { overlapMinutes: Number.POSITIVE_INFINITY }, OVERLAP),
		option('test event window of 0 days', { testEventWindowDays: 0 }, TEST_WINDOW, 'manual'),
		option('test event window as text', { testEventWindowDays: 'a month' }, TEST_WINDOW, 'manual'),
		option('credit-only switch as text', { emitCreditOnly: 'yes' }, CREDIT_ONLY),
	];
	if (ledger === 'xero') {
		cases.push(
			{ name: 'no organisation', parameters: { tenantId: { __rl: true, mode: 'id', value: '' } }, label: ['Organisation'] },
			{ name: 'organisation blank', parameters: { tenantId: { __rl: true, mode: 'id', value: '   ' } }, label: ['Organisation'] },
		);
	}
	return cases;
};

const webhookCases: SettingCase[] = [
	{ name: 'unknown Emit choice', parameters: { emitOn: 'sometimes' }, label: ['Emit'] },
	{ name: 'Emit left empty', parameters: { emitOn: '' }, label: ['Emit'] },
	{ name: 'credit-only switch as a number', parameters: { options: { emitCreditOnly: 1 } }, label: ['Options', CREDIT_ONLY] },
	{ name: 'credit-only switch as text', parameters: { options: { emitCreditOnly: 'true' } }, label: ['Options', CREDIT_ONLY] },
];

let sandbox: Sandbox;
let credentialsHelper: TestCredentialsHelper;
let tenantId: string;

beforeAll(async () => {
	sandbox = await startSandbox({ easybillPerMinute: 1000 });
	tenantId = sandbox.xero.tenants[0].tenantId;
	const tokens = sandbox.xero.issueTokens();
	credentialsHelper = new TestCredentialsHelper(
		{
			xeroAccountingSyncOAuth2Api: {
				clientId: sandbox.xero.clientId,
				clientSecret: sandbox.xero.clientSecret,
				apiBaseUrl: sandbox.urls.xero,
				identityBaseUrl: sandbox.urls.xero,
				scopePreset: 'granular',
				oauthTokenData: { access_token: tokens.accessToken, refresh_token: tokens.refreshToken, token_type: 'Bearer' },
			},
			xeroAccountingSyncWebhookApi: { signingSecret: sandbox.xero.webhookKey },
			easyBillAccountingSyncApi: { apiKey: sandbox.easybill.apiKey, plan: 'business', baseUrl: sandbox.urls.easybill },
		},
		triggerCredentialTypes(),
	);
});

afterAll(async () => {
	await sandbox?.stop();
});

beforeEach(() => resetTestSeams());

const baseParameters = (ledger: LedgerName): INodeParameters => ({
	ledger,
	...(ledger === 'xero' ? { tenantId: { __rl: true, mode: 'id', value: tenantId } } : {}),
});

const credentials = (ledger: LedgerName): INodeCredentials =>
	ledger === 'xero'
		? {
				xeroAccountingSyncOAuth2Api: { id: '1', name: 'Xero' },
				xeroAccountingSyncWebhookApi: { id: '2', name: 'Xero webhook key' },
			}
		: { easyBillAccountingSyncApi: { id: '3', name: 'EasyBill' } };

/** Runs one setting case; returns what is wrong (empty when the case holds). */
async function problemsOf(run: () => Promise<unknown>, c: SettingCase, state: () => unknown): Promise<string[]> {
	const before = JSON.stringify(state());
	sandbox.log.clear();
	let message: string | undefined;
	try {
		await run();
	} catch (error) {
		message = (error as Error).message;
	}
	const problems: string[] = [];
	if (message === undefined) problems.push(`${c.name}: accepted`);
	else if (!c.label.every((part) => message!.includes(part))) problems.push(`${c.name}: "${message}" does not name ${c.label.join(' → ')}`);
	if (sandbox.log.entries().length > 0) problems.push(`${c.name}: ${sandbox.log.entries().length} API call(s) before refusing`);
	if (JSON.stringify(state()) !== before) problems.push(`${c.name}: the trigger's saved state changed`);
	const hits = secretHits([message], knownSecrets(sandbox, credentialsHelper));
	if (hits.length) problems.push(`${c.name}: a secret in the error`);
	return problems;
}

describe.each<LedgerName>(['xero', 'easybill'])('trigger settings on %s', (ledger) => {
	it('Invoice Paid (polling): each bad setting fails the poll naming it, before any call; valid settings still poll', async () => {
		const valid = new TriggerHost({
			type: packageNodeType('invoicePaidPollTrigger'),
			nodeType: new InvoicePaidPollTrigger(),
			parameters: baseParameters(ledger),
			credentials: credentials(ledger),
			credentialsHelper,
		});
		// A first valid poll sets the cursor; every bad one after it must leave it as it is.
		expect(await valid.poll()).toBeNull();
		const problems: string[] = [];
		for (const c of pollCases(ledger)) {
			const host = new TriggerHost({
				type: packageNodeType('invoicePaidPollTrigger'),
				nodeType: new InvoicePaidPollTrigger(),
				parameters: { ...baseParameters(ledger), ...c.parameters },
				credentials: credentials(ledger),
				credentialsHelper,
			});
			host.staticData = valid.staticData;
			problems.push(...(await problemsOf(() => host.poll(c.mode), c, () => host.staticData)));
		}
		expect(problems).toEqual([]);
		sandbox.log.clear();
		expect(await valid.poll()).toBeNull();
		expect(sandbox.log.entries().length).toBeGreaterThan(0);
	});

	it('Invoice Paid (webhook): each bad setting refuses activation naming it, nothing registered; valid settings activate', async () => {
		const problems: string[] = [];
		for (const c of webhookCases) {
			const host = await new TriggerHost({
				type: packageNodeType('accountingSyncTrigger'),
				nodeType: new AccountingSyncTrigger(),
				parameters: { ...baseParameters(ledger), emitOn: 'paid', options: {}, ...c.parameters },
				credentials: credentials(ledger),
				credentialsHelper,
			}).start();
			try {
				problems.push(...(await problemsOf(() => host.activate(), c, () => [host.staticData, sandbox.easybill.webhooks()])));
			} finally {
				await host.stop();
			}
		}
		expect(problems).toEqual([]);
		const host = await new TriggerHost({
			type: packageNodeType('accountingSyncTrigger'),
			nodeType: new AccountingSyncTrigger(),
			parameters: { ...baseParameters(ledger), emitOn: 'everyPayment', options: { emitCreditOnly: true } },
			credentials: credentials(ledger),
			credentialsHelper,
		}).start();
		try {
			await host.activate();
			if (ledger === 'easybill') expect(sandbox.easybill.webhooks()).toHaveLength(1);
			await host.deactivate();
			expect(sandbox.easybill.webhooks()).toEqual([]);
		} finally {
			await host.stop();
		}
	});
});
