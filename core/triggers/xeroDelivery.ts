/**
 * Reads a (verified) Xero webhook delivery. Xero has no "invoice paid" event: an `INVOICE` event
 * names an invoice that was created or changed in one organisation, and the invoice must be fetched
 * to see whether it is now a paid sales invoice. One app URL receives every connected
 * organisation's events, so events of other tenants are dropped here.
 */
import { createHash } from 'node:crypto';

export interface XeroInvoiceEvent {
	invoiceId: string;
	tenantId: string;
	eventDateUtc: string;
	/** Identifies the event across repeated deliveries: a short hash, since it lives in static data. */
	key: string;
}

export interface XeroDelivery {
	/** Xero's intent-to-receive check sends deliveries with an empty `events` list. */
	intentToReceive: boolean;
	/** Total events in the delivery, of every category and tenant. */
	eventCount: number;
	/** `INVOICE` events of the chosen tenant, in delivery order. */
	invoiceEvents: XeroInvoiceEvent[];
}

/** Thrown for a body that is not a Xero delivery; the node answers 400. */
export class MalformedDeliveryError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MalformedDeliveryError';
	}
}

/** 96 bits of SHA-256: collisions are out of reach for a store of a few thousand keys. */
function eventKey(identity: string): string {
	return createHash('sha256').update(identity).digest('base64url').slice(0, 16);
}

export function parseXeroDelivery(rawBody: Buffer | string, tenantId: string): XeroDelivery {
	let body: unknown;
	try {
		body = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
	} catch {
		throw new MalformedDeliveryError('The delivery body is not JSON');
	}
	const events = (body as { events?: unknown } | null)?.events;
	if (!Array.isArray(events)) throw new MalformedDeliveryError('The delivery has no events list');
	const wanted = tenantId.trim().toLowerCase();
	const invoiceEvents: XeroInvoiceEvent[] = [];
	for (const event of events) {
		if (typeof event !== 'object' || event === null) continue;
		const {
			eventCategory,
			resourceId,
			tenantId: eventTenant,
			eventDateUtc,
			eventType,
		} = event as Record<string, unknown>;
		if (eventCategory !== 'INVOICE') continue;
		if (typeof eventTenant !== 'string' || eventTenant.toLowerCase() !== wanted) continue;
		if (typeof resourceId !== 'string' || !resourceId) continue;
		const date = typeof eventDateUtc === 'string' ? eventDateUtc : '';
		invoiceEvents.push({
			invoiceId: resourceId,
			tenantId: eventTenant,
			eventDateUtc: date,
			// GUIDs compare case-insensitively; the type keeps a CREATE and an UPDATE at the same instant apart.
			key: eventKey(
				`${resourceId.toLowerCase()}|${date}|${typeof eventType === 'string' ? eventType : ''}`,
			),
		});
	}
	return { intentToReceive: events.length === 0, eventCount: events.length, invoiceEvents };
}
