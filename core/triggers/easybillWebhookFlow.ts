/**
 * What the EasyBill webhook trigger does with an admitted delivery, without n8n: read the named
 * document's real state (never the body's, which may be stale or out of order) and emit it once
 * when it is an invoice now paid, or, in "every payment" mode, once per new payment. Like the Xero
 * flow, ids whose read failed stay pending and are read again with every later delivery.
 */
import { fromCents } from '../easybill/cents';
import type { PaidInvoice } from '../model';
import type { EasyBillDelivery } from './easybillDelivery';
import type { EmitSettings, StatedPayment } from './emissions';
import { lookUpAndEmit, type LookupOutcome, type LookupState } from './lookupAndEmit';

export type EasyBillWebhookState = LookupState;

/** Events worth a read: a payment added (or, where registered, a document update). */
const RELEVANT_EVENTS = new Set(['document.payment_add', 'document.update']);

export function isRelevantEasyBillDelivery(delivery: EasyBillDelivery): boolean {
	if (delivery.documentId === undefined) return false;
	if (delivery.event !== undefined && !RELEVANT_EVENTS.has(delivery.event)) return false;
	// The body states the type for free; credits and quotes never become paid invoices.
	return delivery.documentType === undefined || delivery.documentType === 'INVOICE';
}

export async function processEasyBillDelivery(input: {
	delivery: EasyBillDelivery;
	settings: EmitSettings;
	state: EasyBillWebhookState | undefined;
	now: number;
	getInvoiceState(documentId: string): Promise<PaidInvoice | undefined>;
}): Promise<LookupOutcome> {
	const { delivery } = input;
	const relevant = isRelevantEasyBillDelivery(delivery);
	const stated = new Map<string, StatedPayment>();
	if (relevant && delivery.paymentAmountMinor !== undefined) {
		stated.set(delivery.documentId!, {
			ledgerId: delivery.paymentId,
			amountMinor: delivery.paymentAmountMinor,
		});
	}
	return await lookUpAndEmit({
		ids: relevant ? [delivery.documentId!] : [],
		state: input.state,
		now: input.now,
		settings: input.settings,
		stated,
		// EasyBill has no batch read by ids: one document per call, each failure kept on its own.
		lookup: async (ids) => {
			const invoices: PaidInvoice[] = [];
			const failed: string[] = [];
			let error: unknown;
			for (const id of ids) {
				try {
					const invoice = await input.getInvoiceState(id);
					if (invoice) invoices.push(invoice);
					// The delivery states EasyBill's hundredths of the unit; the invoice says which unit.
					const said = stated.get(id);
					if (invoice && said?.amountMinor !== undefined) {
						stated.set(id, { ...said, amountMinor: fromCents(said.amountMinor, invoice.currency) });
					}
				} catch (caught) {
					failed.push(id);
					error ??= caught;
				}
			}
			return failed.length > 0 ? { invoices, failed: { ids: failed, error } } : { invoices };
		},
	});
}
