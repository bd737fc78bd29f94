/**
 * Delivers EasyBill webhooks over real HTTP to every active hook subscribed to the event.
 *
 * What a delivery looks like (the sandbox's choice where EasyBill documents nothing):
 * - `POST <url>`, body = JSON of the affected resource as `GET` would return it (the document for
 *   every `document.*` event including `document.payment_add`, the customer for `customer.*`).
 * - header `X-easybill-Event: <event name>`.
 * - if the hook has a non-empty `secret`: header `X-Easybill-Signature: sha256=<hex>` where hex is
 *   HMAC-SHA256(key = secret, data = raw body bytes). EasyBill itself documents no signature, so a
 *   receiver must not depend on it in production: a secret token in the URL works with both.
 * - hooks registered with `content_type: form` are sent JSON too (form encoding is not emulated).
 * Deliveries run in the background; `idle()` resolves once every delivery started so far was tried.
 */
import { createHmac } from 'node:crypto';
import type { SandboxClock } from '../common/types';
import { berlinDateTime } from './berlinTime';
import type { EasyBillState, Json } from './state';

const DELIVERY_TIMEOUT_MS = 10_000;

export interface DeliveryRecord {
	webhookId: number;
	event: string;
	url: string;
	/** HTTP status, or 0 when the receiver could not be reached. */
	status: number;
	error?: string;
}

export function signEasyBillDelivery(secret: string, rawBody: string): string {
	return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export class WebhookDispatcher {
	private readonly pending = new Set<Promise<void>>();
	readonly deliveries: DeliveryRecord[] = [];

	constructor(
		private readonly state: EasyBillState,
		private readonly clock: SandboxClock,
	) {}

	/** Starts the deliveries for one event; the returned promise settles when all were tried. */
	dispatch(event: string, resource: Json): Promise<void> {
		const hooks = [...this.state.webhooks.values()].filter(
			(hook) => hook.is_active && hook.events.includes(event),
		);
		const rawBody = JSON.stringify(resource);
		const tasks = hooks.map((hook) => this.track(this.deliver(hook.id, event, rawBody)));
		return Promise.all(tasks).then(() => undefined);
	}

	async idle(): Promise<void> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
	}

	private track(task: Promise<void>): Promise<void> {
		this.pending.add(task);
		return task.finally(() => this.pending.delete(task));
	}

	private async deliver(webhookId: number, event: string, rawBody: string): Promise<void> {
		const hook = this.state.webhooks.get(webhookId);
		if (!hook) return;
		const headers: Record<string, string> = {
			'content-type': 'application/json',
			'user-agent': 'easybill-sandbox-webhook',
			'X-easybill-Event': event,
		};
		if (hook.secret) headers['X-Easybill-Signature'] = signEasyBillDelivery(hook.secret, rawBody);
		let record: DeliveryRecord;
		let responseText = '';
		try {
			const response = await fetch(hook.url, {
				method: 'POST',
				headers,
				body: rawBody,
				signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
			});
			responseText = (await response.text()).slice(0, 1000);
			record = { webhookId, event, url: hook.url, status: response.status };
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			record = { webhookId, event, url: hook.url, status: 0, error: message };
			responseText = message;
		}
		this.deliveries.push(record);
		// The hook may have been deleted while the delivery was in flight.
		const current = this.state.webhooks.get(webhookId);
		if (current) {
			current.last_response = {
				date: berlinDateTime(this.clock.now()),
				code: record.status,
				response: responseText,
			};
		}
	}
}
