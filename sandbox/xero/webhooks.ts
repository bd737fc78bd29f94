/**
 * The webhook sender: turns committed writes into Xero's event payloads, signs them like Xero
 * (base64 HMAC-SHA256 of the raw body with the app's signing key) and POSTs them for real.
 */
import { createHmac, randomBytes } from 'node:crypto';

import type { PendingEvent } from './book';

export interface WebhookEvent {
	resourceUrl: string;
	resourceId: string;
	eventDateUtc: string;
	eventType: 'CREATE' | 'UPDATE';
	eventCategory: 'INVOICE' | 'CONTACT' | 'CREDITNOTE';
	tenantId: string;
	tenantType: 'ORGANISATION';
}

export interface DeliveryOptions {
	events?: WebhookEvent[];
	badSignature?: boolean;
	unsigned?: boolean;
	/** Send the same signed payload this many times (Xero retries and sometimes duplicates). */
	repeat?: number;
	/** Reverse the event order (deliveries can arrive out of order). */
	reverse?: boolean;
	/** Split events into payloads of at most this many (default: all in one payload). */
	batchSize?: number;
}

export interface DeliveryResult {
	status: number;
	body: string;
	ms: number;
}

const RESOURCE_PATHS = { INVOICE: 'Invoices', CONTACT: 'Contacts', CREDITNOTE: 'CreditNotes' };

export const signXeroPayload = (rawBody: string, key: string) =>
	createHmac('sha256', key).update(rawBody, 'utf8').digest('base64');

/** Xero's eventDateUtc has milliseconds and no zone designator. */
const eventDate = (ms: number) => new Date(ms).toISOString().replace('Z', '');

export class WebhookSender {
	readonly webhookKey = randomBytes(48).toString('base64');
	private sequence = 0;

	constructor(private readonly origin: () => string) {}

	toEvents(pending: { tenantId: string; event: PendingEvent }[]): WebhookEvent[] {
		return pending.map(({ tenantId, event }) => ({
			resourceUrl: `${this.origin()}/api.xro/2.0/${RESOURCE_PATHS[event.category]}/${event.resourceId}`,
			resourceId: event.resourceId,
			eventDateUtc: eventDate(event.at),
			eventType: event.type,
			eventCategory: event.category,
			tenantId,
			tenantType: 'ORGANISATION',
		}));
	}

	payload(events: WebhookEvent[]): string {
		const first = events.length === 0 ? 0 : this.sequence + 1;
		this.sequence += events.length;
		return JSON.stringify({
			events,
			firstEventSequence: first,
			lastEventSequence: events.length === 0 ? 0 : this.sequence,
			entropy: randomBytes(10).toString('hex').toUpperCase(),
		});
	}

	async post(
		url: string,
		body: string,
		signature: string | undefined,
		timeoutMs = 10_000,
	): Promise<DeliveryResult> {
		const started = Date.now();
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: {
					'content-type': 'application/json; charset=utf-8',
					'user-agent': 'Xero-Webhooks (sandbox)',
					...(signature !== undefined ? { 'x-xero-signature': signature } : {}),
				},
				body,
				signal: AbortSignal.timeout(timeoutMs),
			});
			return { status: response.status, body: await response.text(), ms: Date.now() - started };
		} catch (error) {
			// Status 0: no answer (refused, reset, or not within the timeout).
			return { status: 0, body: String((error as Error).message), ms: Date.now() - started };
		}
	}

	signature(
		body: string,
		options: { badSignature?: boolean; unsigned?: boolean },
	): string | undefined {
		if (options.unsigned) return undefined;
		const key = options.badSignature ? randomBytes(48).toString('base64') : this.webhookKey;
		return signXeroPayload(body, key);
	}

	async deliver(
		url: string,
		events: WebhookEvent[],
		options: DeliveryOptions,
	): Promise<DeliveryResult[]> {
		const ordered = options.reverse ? [...events].reverse() : events;
		const size =
			options.batchSize && options.batchSize > 0 ? options.batchSize : Math.max(1, ordered.length);
		const batches: WebhookEvent[][] = [];
		for (let i = 0; i < ordered.length; i += size) batches.push(ordered.slice(i, i + size));
		if (batches.length === 0) batches.push([]);
		const results: DeliveryResult[] = [];
		for (const batch of batches) {
			const body = this.payload(batch);
			const signature = this.signature(body, options);
			for (let i = 0; i < Math.max(1, options.repeat ?? 1); i += 1)
				results.push(await this.post(url, body, signature));
		}
		return results;
	}

	/** Xero's intent-to-receive: a signed and a badly signed empty delivery, 200 then 401 within 5 s. */
	async intentToReceive(url: string) {
		const results: { signed: boolean; status: number; body: string; ms: number }[] = [];
		for (const signed of [true, false]) {
			const body = this.payload([]);
			const result = await this.post(
				url,
				body,
				this.signature(body, { badSignature: !signed }),
				5000,
			);
			results.push({ signed, ...result });
		}
		const [good, bad] = results;
		const ok =
			good.status === 200 &&
			good.body.length === 0 &&
			bad.status === 401 &&
			results.every((r) => r.ms < 5000);
		return { ok, results };
	}
}
