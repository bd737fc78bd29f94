/**
 * Reads an EasyBill webhook delivery (already admitted by its URL token). EasyBill documents the
 * events but not the body, so this accepts the shapes a delivery can take: the document itself
 * (`{id, type, ...}`, what `document.*` events carry), a payment (`{document_id, amount, ...}`), or
 * either wrapped in `data`/`document`/`payment`. Only the document id is trusted; the trigger then
 * fetches the document for its real state, so a stale or out-of-order body cannot fake "paid".
 */

export interface EasyBillDelivery {
	/** From the `X-easybill-Event` header, e.g. `document.payment_add`. */
	event?: string;
	documentId?: string;
	/** The document type the body states, when it is a document (`INVOICE`, `CREDIT`, ...). */
	documentType?: string;
	/** When the body is a payment: its id and amount in cents. */
	paymentId?: string;
	paymentAmountMinor?: number;
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Json)
		: undefined;
}

function asId(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
	if (typeof value === 'string' && /^\d+$/.test(value.trim())) return value.trim();
	return undefined;
}

export function parseEasyBillDelivery(
	body: unknown,
	eventHeader?: string | string[],
): EasyBillDelivery {
	const event = (Array.isArray(eventHeader) ? eventHeader[0] : eventHeader)?.trim() || undefined;
	const root = asObject(body);
	if (!root) return { event };
	const candidates = [
		root,
		asObject(root.data),
		asObject(root.document),
		asObject(root.payment),
	].filter((candidate): candidate is Json => candidate !== undefined);
	const delivery: EasyBillDelivery = { event };
	for (const candidate of candidates) {
		const paymentDocument = asId(candidate.document_id);
		if (paymentDocument !== undefined) {
			delivery.documentId ??= paymentDocument;
			delivery.paymentId ??= asId(candidate.id);
			if (typeof candidate.amount === 'number' && Number.isSafeInteger(candidate.amount)) {
				delivery.paymentAmountMinor ??= candidate.amount;
			}
			continue;
		}
		const documentId = asId(candidate.id);
		if (documentId !== undefined && typeof candidate.type === 'string') {
			delivery.documentId ??= documentId;
			delivery.documentType ??= candidate.type;
		}
	}
	return delivery;
}
