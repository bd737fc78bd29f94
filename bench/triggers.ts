/**
 * The Invoice Paid triggers' workloads of `npm run bench`: a Xero webhook delivery of 100 events
 * (what it costs and how fast the node answers Xero, which wants an answer within 5 s) and
 * polling 5,000 paid invoices. The trigger nodes run in n8n-core's WebhookContext / PollContext
 * behind test/trigger/triggerHost.ts (a real HTTP endpoint for deliveries, static data saved
 * between calls); the sandbox is the bench's child process at Xero's real limits.
 */
import type { INodeType } from 'n8n-workflow';

import { resetTestSeams, testSeams } from '../nodes/shared/testSeams';
import { packageNodeType, TestCredentialsHelper } from '../test/node/harness';
import { TriggerHost, triggerCredentialTypes } from '../test/trigger/triggerHost';
import { Child, measure, type Info } from './harness';

// tsx resolves '<name>.node' to the codex JSON beside it, so name the .ts files.
/* eslint-disable @typescript-eslint/no-require-imports */
const { AccountingSyncTrigger } = require('../nodes/AccountingSync/AccountingSyncTrigger.node.ts') as typeof import('../nodes/AccountingSync/AccountingSyncTrigger.node');
const { InvoicePaidPollTrigger } = require('../nodes/InvoicePaidPollTrigger/InvoicePaidPollTrigger.node.ts') as typeof import('../nodes/InvoicePaidPollTrigger/InvoicePaidPollTrigger.node');
/* eslint-enable @typescript-eslint/no-require-imports */

const WEBHOOK_EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 100);
const POLL_PAID = Number(process.env.BENCH_POLL_PAID ?? 5000);
/** Xero disables a webhook whose endpoint does not answer within 5 seconds. */
const XERO_ANSWER_MS = 5000;

interface Delivery {
	status: number;
	ms: number;
}

async function triggerHost(child: Child, type: string, nodeType: INodeType, webhook: boolean): Promise<TriggerHost> {
	const info = await child.ask<Info>({ cmd: 'info' });
	const clock = {
		now: () => Math.floor(info.emulatedNow + (Date.now() - info.realNow) * info.timeScale),
		sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms / info.timeScale))),
	};
	resetTestSeams();
	testSeams.clock = clock;
	testSeams.ledgerOptions = { pacingMarginMs: 5 * info.timeScale };
	const credentialsHelper = new TestCredentialsHelper(
		{
			xeroAccountingSyncWebhookApi: { signingSecret: await child.ask<string>({ cmd: 'webhookKey' }) },
			xeroAccountingSyncOAuth2Api: {
				clientId: info.clientId,
				clientSecret: info.clientSecret,
				apiBaseUrl: info.urls.xero,
				identityBaseUrl: info.urls.xero,
				scopePreset: 'granular',
				oauthTokenData: {
					access_token: info.tokens.accessToken,
					refresh_token: info.tokens.refreshToken,
					token_type: 'Bearer',
					expires_in: info.tokens.expiresIn,
				},
			},
		},
		triggerCredentialTypes(),
	);
	const host = new TriggerHost({
		type: packageNodeType(type),
		nodeType,
		parameters: {
			ledger: 'xero',
			tenantId: { __rl: true, mode: 'id', value: info.tenantId },
			...(webhook ? {} : { options: {} }),
		},
		credentials: {
			xeroAccountingSyncOAuth2Api: { id: 'xero-bench', name: 'Xero sandbox' },
			...(webhook ? { xeroAccountingSyncWebhookApi: { id: 'xero-webhook-bench', name: 'Xero webhook key' } } : {}),
		},
		credentialsHelper,
	});
	return webhook ? await host.start() : host;
}

function onceEach(emitted: string[], expected: string[]): { failed: number; duplicates: number } {
	const distinct = new Set(emitted);
	return {
		failed: expected.filter((id) => !distinct.has(id)).length,
		duplicates: emitted.length - distinct.size,
	};
}

export async function webhookDelivery(): Promise<void> {
	const child = await Child.start({});
	const host = await triggerHost(child, 'accountingSyncTrigger', new AccountingSyncTrigger(), true);
	try {
		const ids = await child.ask<string[]>({ cmd: 'seedInvoices', prefix: 'wh', count: WEBHOOK_EVENTS });
		const events = await child.ask<number>({ cmd: 'payInvoices', ids });
		let answerMs = 0;
		await measure(
			child,
			'xero',
			60,
			{ workload: `Xero: webhook delivery of ${events} events (${ids.length} invoices paid)`, client: 'package', items: events },
			async () => {
				const started = Date.now();
				const deliveries = await child.ask<Delivery[]>({ cmd: 'deliverWebhook', url: host.webhookUrl() });
				answerMs = Math.max(...deliveries.map((d) => d.ms));
				await host.idle();
				const emittedMs = Date.now() - started;
				const emitted = host.emitted.map((item) => String(item.ledgerId));
				const bad = deliveries.filter((d) => d.status !== 200).length;
				const { failed, duplicates } = onceEach(emitted, ids);
				return {
					failed: failed + bad,
					duplicates,
					detail: `${deliveries.length} delivery answered ${deliveries.map((d) => d.status).join(', ')} in ${answerMs} ms real; all emitted ${emittedMs} ms real after sending, in ${host.runs.length} execution(s)`,
				};
			},
			(r) => ({
				text: `answered within ${XERO_ANSWER_MS / 1000} s, each paid invoice once, <= 2 calls`,
				pass: answerMs < XERO_ANSWER_MS && r.failed === 0 && r.duplicates === 0 && r.calls <= 2 && r.rateLimited === 0,
			}),
		);
	} finally {
		await host.stop();
		await child.ask({ cmd: 'stop' });
	}
}

export async function pollPaid(): Promise<void> {
	const child = await Child.start({});
	const host = await triggerHost(child, 'invoicePaidPollTrigger', new InvoicePaidPollTrigger(), false);
	try {
		const ids = await child.ask<string[]>({ cmd: 'seedInvoices', prefix: 'pp', count: POLL_PAID });
		await host.poll('trigger'); // the activation's baseline: nothing is paid yet
		await child.ask<number>({ cmd: 'payInvoices', ids });
		await measure(
			child,
			'xero',
			60,
			{ workload: `Xero: polling ${POLL_PAID} paid invoices`, client: 'package', items: POLL_PAID },
			async () => {
				const emitted: string[] = [];
				let polls = 0;
				// Polls until one finds nothing new, as n8n's poller would run them minute after minute.
				for (; polls < 20; polls++) {
					const result = await host.poll('trigger');
					const found = (result?.[0] ?? []).map((item) => String(item.json.ledgerId));
					emitted.push(...found);
					if (found.length === 0 && polls > 0) break;
				}
				const staticBytes = JSON.stringify(host.staticData).length;
				return {
					...onceEach(emitted, ids),
					detail: `${polls + 1} polls; static data ${Math.round(staticBytes / 1024)} KB after`,
				};
			},
			(r) => ({
				text: 'each paid invoice once, 0 × 429',
				pass: r.failed === 0 && r.duplicates === 0 && r.rateLimited === 0,
			}),
		);
	} finally {
		await child.ask({ cmd: 'stop' });
	}
}
