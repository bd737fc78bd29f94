/**
 * The Invoice Paid triggers running alongside the soak, as an n8n with both kinds of trigger
 * workflow active would run them: the polling trigger polled at a steady pace, and the instant
 * (webhook) trigger receiving the sandbox's real deliveries (Xero: signed batches sent on a timer,
 * as Xero batches them; EasyBill: the webhook the trigger registered on activation). They share
 * the soak's credentials, so their calls count against the same rate limits and meet the same
 * faults. A poll or delivery that fails is logged and the next one carries on, as in n8n; the
 * first poll (n8n's activation) is done before the first event, and rounds go on after the last
 * one until a round works.
 * What each emitted is compared with the events by the reconciler (`emitted` by source id).
 */
import type { IDataObject, INodeCredentials } from 'n8n-workflow';

import { XeroAccountingSyncWebhookApi } from '../../credentials/XeroAccountingSyncWebhookApi.credentials';
import { AccountingSyncTrigger } from '../../nodes/AccountingSync/AccountingSyncTrigger.node';
import { InvoicePaidPollTrigger } from '../../nodes/InvoicePaidPollTrigger/InvoicePaidPollTrigger.node';
import { packageNodeType } from '../../test/node/harness';
import type { NodeEnv } from '../../test/node/nodeEnv';
import { TriggerHost } from '../../test/trigger/triggerHost';
import type { LedgerName } from './workflows';

export interface TriggerRun {
	/** Source ids emitted, one entry per emission. */
	emitted: string[];
	/** Polls or deliveries that failed (retried by the next one). */
	failures: number;
	rounds: number;
}

export interface SoakTriggers {
	poll: TriggerRun;
	instant: TriggerRun;
	/** Stops the timer, then one last poll and delivery after the last execution. */
	finish(): Promise<void>;
}

const XERO_WEBHOOK_CREDENTIAL = new XeroAccountingSyncWebhookApi().name;

export async function startTriggers(env: NodeEnv, ledger: LedgerName, everyMs: number): Promise<SoakTriggers> {
	const credentials: INodeCredentials =
		ledger === 'xero'
			? { xeroAccountingSyncOAuth2Api: { id: 'xero-1', name: 'Xero sandbox' } }
			: { easyBillAccountingSyncApi: { id: 'easybill-1', name: 'EasyBill sandbox' } };
	const tenant = ledger === 'xero' ? { tenantId: { __rl: true, mode: 'id', value: env.tenantId } } : {};
	if (ledger === 'xero') {
		env.credentialsHelper.addType(new XeroAccountingSyncWebhookApi());
		env.credentialsHelper.set(XERO_WEBHOOK_CREDENTIAL, { signingSecret: env.sandbox.xero.webhookKey });
	}
	const poller = new TriggerHost({
		type: packageNodeType('invoicePaidPollTrigger'),
		nodeType: new InvoicePaidPollTrigger(),
		parameters: { ledger, ...tenant, options: {} },
		credentials,
		credentialsHelper: env.credentialsHelper,
	});
	const instant = await new TriggerHost({
		type: packageNodeType('accountingSyncTrigger'),
		nodeType: new AccountingSyncTrigger(),
		parameters: { ledger, ...tenant },
		credentials:
			ledger === 'xero'
				? { ...credentials, [XERO_WEBHOOK_CREDENTIAL]: { id: 'xero-webhook-1', name: 'Xero webhook' } }
				: credentials,
		credentialsHelper: env.credentialsHelper,
	}).start();
	await instant.activate();

	const poll: TriggerRun = { emitted: [], failures: 0, rounds: 0 };
	const pushed: TriggerRun = { emitted: [], failures: 0, rounds: 0 };
	const sourceIds = (items: IDataObject[]) => items.map((json) => String(json.sourceId ?? json.ledgerId));
	/** One poll and (Xero) one delivery; true when the poll worked and no lookup is left pending. */
	const round = async (options: { deliverPending?: boolean } = {}): Promise<boolean> => {
		poll.rounds += 1;
		let polled = true;
		try {
			const result = await poller.poll();
			poll.emitted.push(...sourceIds((result?.[0] ?? []).map((item) => item.json)));
		} catch {
			poll.failures += 1;
			polled = false;
		}
		pushed.rounds += 1;
		if (ledger === 'xero') {
			try {
				// Ids whose lookup failed wait for the next delivery; when no write is left to send
				// one, the next delivery is an empty batch (Xero's deliveries carry on all day).
				const events = options.deliverPending && pendingLookups() > 0 ? { events: [] } : {};
				await env.sandbox.xero.deliverWebhook(instant.webhookUrl(), events);
			} catch {
				pushed.failures += 1;
			}
		}
		await instant.idle();
		return polled && pendingLookups() === 0;
	};
	const pendingLookups = () => {
		const pending = (instant.staticData.xero as { pending?: unknown[] } | undefined)?.pending;
		return Array.isArray(pending) ? pending.length : 0;
	};
	// n8n activates a polling workflow by running its first poll (and refuses activation if it
	// fails): that baseline read is done before the month's first event, as the trigger workflows
	// are active before the traffic. Started alongside, a baseline read delayed by a fault could
	// see an invoice the month had just paid and take it as paid before activation.
	for (let attempt = 0; attempt < 5 && !(await round()); attempt++);

	let stopped = false;
	const loop = (async () => {
		while (!stopped) {
			await round();
			await new Promise((resolve) => setTimeout(resolve, everyMs));
		}
	})();

	return {
		poll,
		instant: pushed,
		async finish() {
			stopped = true;
			await loop;
			// EasyBill's deliveries are sent as the payments are recorded; let the last ones land.
			await new Promise((resolve) => setTimeout(resolve, 500));
			// n8n polls again after a poll that failed, and a later delivery retries a failed lookup:
			// with the faults still on, the last round may fail, so rounds go on until one works.
			for (let attempt = 0; attempt < 10 && !(await round({ deliverPending: true })); attempt++);
			pushed.emitted = sourceIds(instant.emitted);
			pushed.failures += instant.handled.filter((h) => h.error || (h.status >= 400 && !h.test)).length;
			await instant.deactivate().catch(() => undefined);
			await instant.stop();
		},
	};
}
