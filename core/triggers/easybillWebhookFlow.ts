/**
 * What the EasyBill webhook trigger does with an admitted delivery, without n8n: fetch the named
 * document's real state and emit it once when it is an invoice that is now fully paid, or, in
 * "every payment" mode, once per payment of the invoice.
 *
 * Like the Xero flow, ids whose fetch failed wait in `pending` and are retried with the next
 * delivery, because the trigger has already answered EasyBill.
 */
import type { PaidInvoice, PaymentRecord } from '../model';
import { DedupeStore, type DedupeState } from './dedupeStore';
import type { EasyBillDelivery } from './easybillDelivery';
import { invoiceKey, isFullyPaid, isSalesInvoice } from './paidFilter';
import { EMITTED_INVOICE_LIMITS, MAX_PENDING_IDS } from './xeroWebhookFlow';

export type EasyBillEmitMode = 'paid' | 'everyPayment';

export interface EasyBillWebhookState {
	emitted?: DedupeState;
	pending?: string[];
}

export interface EasyBillEmission {
	invoice: PaidInvoice;
	/** In "every payment" mode: the payment that caused the delivery, when it can be told. */
	payment?: { ledgerId?: string; amountMinor: number; date?: string };
}

export interface EasyBillWebhookOutcome {
	emit: EasyBillEmission[];
	fetchedIds: string[];
	state: EasyBillWebhookState;
	error?: unknown;
}

/** Events worth a fetch: a payment added (or, where registered, a document update). */
const RELEVANT_EVENTS = new Set(['document.payment_add', 'document.update']);

export function isRelevantEasyBillDelivery(delivery: EasyBillDelivery): boolean {
	if (delivery.documentId === undefined) return false;
	if (delivery.event !== undefined && !RELEVANT_EVENTS.has(delivery.event)) return false;
	// The body states the type for free; credits and quotes never become paid invoices.
	return delivery.documentType === undefined || delivery.documentType === 'INVOICE';
}

export async function processEasyBillDelivery(input: {
	delivery: EasyBillDelivery;
	mode: EasyBillEmitMode;
	state: EasyBillWebhookState | undefined;
	now: number;
	getInvoiceState(documentId: string): Promise<PaidInvoice | undefined>;
}): Promise<EasyBillWebhookOutcome> {
	const { delivery, mode, now } = input;
	const emitted = new DedupeStore(EMITTED_INVOICE_LIMITS, input.state?.emitted);
	const pending = Array.isArray(input.state?.pending)
		? input.state.pending.filter((id): id is string => typeof id === 'string' && id !== '')
		: [];
	const ids = [
		...new Set([
			...pending,
			...(isRelevantEasyBillDelivery(delivery) ? [delivery.documentId!] : []),
		]),
	];
	const snapshot = (pendingIds: string[]): EasyBillWebhookState => ({
		emitted: emitted.toState(now),
		pending: pendingIds.slice(-MAX_PENDING_IDS),
	});

	const emit: EasyBillEmission[] = [];
	const failed: string[] = [];
	let error: unknown;
	// One document per delivery (plus any left over from a failed one): EasyBill has no batch read by ids.
	for (const id of ids) {
		let invoice: PaidInvoice | undefined;
		try {
			invoice = await input.getInvoiceState(id);
		} catch (caught) {
			// One retry per id, as for Xero: a document that already failed once is dropped.
			if (!pending.includes(id)) failed.push(id);
			error ??= caught;
			continue;
		}
		if (!invoice || !isSalesInvoice(invoice)) continue;
		if (mode === 'paid') {
			const key = invoiceKey(invoice);
			if (!isFullyPaid(invoice) || emitted.has(key, now)) continue;
			emitted.mark(key, now);
			emit.push({ invoice });
			continue;
		}
		emit.push(
			...newPayments(invoice, emitted, now, id === delivery.documentId ? delivery : undefined),
		);
	}
	return { emit, fetchedIds: ids, state: snapshot(failed), error };
}

/** Payments older than this on an invoice seen for the first time predate the trigger: not news. */
export const EVERY_PAYMENT_HORIZON_MS = 30 * 24 * 3600_000;

/**
 * "Every payment" mode: each payment of the invoice not emitted before, keyed by its id. Reading
 * the payment list (not the amount in the delivery) keeps two payments in quick succession apart
 * even when the first delivery is processed after both were recorded.
 */
function newPayments(
	invoice: PaidInvoice,
	emitted: DedupeStore,
	now: number,
	delivery: EasyBillDelivery | undefined,
): EasyBillEmission[] {
	const base = invoiceKey(invoice);
	if (!invoice.payments || invoice.payments.length === 0) {
		// No payment list: fall back to the running paid amount, which grows with every payment.
		const key = `${base}@${invoice.amountPaidMinor}`;
		if (invoice.amountPaidMinor <= 0 || emitted.has(key, now)) return [];
		emitted.mark(key, now);
		const amountMinor = delivery?.paymentAmountMinor;
		return [
			{
				invoice,
				payment:
					amountMinor === undefined ? undefined : { ledgerId: delivery?.paymentId, amountMinor },
			},
		];
	}
	const horizon = new Date(now - EVERY_PAYMENT_HORIZON_MS).toISOString().slice(0, 10);
	const out: EasyBillEmission[] = [];
	for (const payment of sortedPayments(invoice.payments)) {
		const key = `${base}#${payment.ledgerId}`;
		if (emitted.has(key, now)) continue;
		emitted.mark(key, now);
		if (payment.date < horizon) continue;
		out.push({
			invoice,
			payment: { ledgerId: payment.ledgerId, amountMinor: payment.amountMinor, date: payment.date },
		});
	}
	return out;
}

function sortedPayments(payments: PaymentRecord[]): PaymentRecord[] {
	// Numeric ids grow with time in EasyBill; the date orders ids that are not numeric.
	return [...payments].sort(
		(a, b) => Number(a.ledgerId) - Number(b.ledgerId) || a.date.localeCompare(b.date),
	);
}
