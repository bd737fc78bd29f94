/**
 * What the EasyBill webhook trigger does with an admitted delivery, without n8n: fetch the named
 * document's real state and emit it once when it is an invoice that is now fully paid, or, in
 * "every payment" mode, once per payment (keyed by the running paid amount, which only grows while
 * payments are added).
 *
 * Like the Xero flow, ids whose fetch failed wait in `pending` and are retried with the next
 * delivery, because the trigger has already answered EasyBill.
 */
import type { PaidInvoice, PaymentRecord } from '../model';
import { DedupeStore, type DedupeState } from './dedupeStore';
import type { EasyBillDelivery } from './easybillDelivery';
import { invoiceKey, isFullyPaid } from './paidFilter';
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
	const ids = [...new Set([...pending, ...(isRelevantEasyBillDelivery(delivery) ? [delivery.documentId!] : [])])];
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
			failed.push(id);
			error ??= caught;
			continue;
		}
		if (!invoice || !isInvoiceDocument(invoice)) continue;
		if (mode === 'paid') {
			const key = invoiceKey(invoice);
			if (!isFullyPaid(invoice) || emitted.has(key, now)) continue;
			emitted.mark(key, now);
			emit.push({ invoice });
			continue;
		}
		if (invoice.amountPaidMinor <= 0) continue;
		const key = `${invoiceKey(invoice)}@${invoice.amountPaidMinor}`;
		if (emitted.has(key, now)) continue;
		emitted.mark(key, now);
		emit.push({ invoice, payment: paymentOf(invoice, id === delivery.documentId ? delivery : undefined) });
	}
	return { emit, fetchedIds: ids, state: snapshot(failed), error };
}

function isInvoiceDocument(invoice: PaidInvoice): boolean {
	const type = (invoice.raw as { type?: unknown } | null)?.type;
	return type === undefined || type === 'INVOICE';
}

/** The payment behind a delivery: the body's, else the ledger's newest one. */
function paymentOf(invoice: PaidInvoice, delivery: EasyBillDelivery | undefined): EasyBillEmission['payment'] {
	if (delivery?.paymentAmountMinor !== undefined) {
		const known = invoice.payments?.find((p) => p.ledgerId === delivery.paymentId);
		return { ledgerId: delivery.paymentId, amountMinor: delivery.paymentAmountMinor, date: known?.date };
	}
	const newest = newestPayment(invoice.payments);
	return newest ? { ledgerId: newest.ledgerId, amountMinor: newest.amountMinor, date: newest.date } : undefined;
}

function newestPayment(payments: PaymentRecord[] | undefined): PaymentRecord | undefined {
	if (!payments || payments.length === 0) return undefined;
	// Numeric ids grow with time in EasyBill; the date breaks nothing when ids are not numeric.
	return [...payments].sort((a, b) => a.date.localeCompare(b.date) || Number(a.ledgerId) - Number(b.ledgerId)).at(-1);
}
