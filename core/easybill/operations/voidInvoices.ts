/**
 * Void Invoice on EasyBill: a completed invoice is cancelled (`POST /documents/{id}/cancel`, a
 * STORNO document; the invoice gets `cancel_id`), a draft is deleted (EasyBill cannot cancel a
 * draft). One already cancelled is `unchanged`. An invoice with payments is refused unless asked to
 * reverse them (each `DELETE /document-payments/{id}`, then the storno); one with a credit note
 * booked against it is always refused. The cancel POST is never blindly repeated: after an unknown
 * outcome the invoice is read again and its `cancel_id` tells whether the storno landed.
 */
import { LedgerError } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { VoidedAs, VoidedInvoice, VoidInvoice } from '../../lifecycle';
import { formatMajor } from '../../money';
import type { EasyBillContext } from '../context';
import { createOnce } from '../createOnce';
import { documentById, paymentsByDocumentIds } from '../lookups';
import { CREDIT_ALLOCATION_PREFIX } from '../mapping/document';
import type { EbDocument, EbPayment } from '../wire';
import { invoiceNotFound, invoicesFor } from './invoiceLife';

function record(doc: EbDocument, voidedAs: VoidedAs, reversedPayments: string[], cancellationId?: number | null): VoidedInvoice {
	return {
		ledgerId: String(doc.id),
		...(doc.number ? { number: doc.number } : {}),
		...(doc.external_id ? { sourceId: doc.external_id } : {}),
		voidedAs,
		reversedPayments,
		...(cancellationId !== undefined && cancellationId !== null ? { cancellationLedgerId: String(cancellationId) } : {}),
		totalMinor: doc.amount,
		currency: doc.currency,
	};
}

function conflict(message: string, index: number): LedgerError {
	return new LedgerError(`invoice: ${message}`, { kind: 'conflict', field: 'invoice', itemIndex: index });
}

async function voidOne(ctx: EasyBillContext, doc: EbDocument, request: VoidInvoice, payments: EbPayment[], index: number): Promise<ItemResult<VoidedInvoice>> {
	const name = doc.number ?? String(doc.id);
	if (doc.cancel_id !== undefined && doc.cancel_id !== null)
		return { index, action: 'unchanged', ledgerId: String(doc.id), record: record(doc, 'cancelled', [], doc.cancel_id) };
	if (doc.is_draft) {
		await ctx.api.delete(`/documents/${doc.id}`);
		return { index, action: 'updated', ledgerId: String(doc.id), record: record(doc, 'deleted', []) };
	}
	const own = payments.filter((p) => p.document_id === doc.id);
	const credits = own.filter((p) => (p.reference ?? '').startsWith(CREDIT_ALLOCATION_PREFIX));
	if (credits.length > 0) {
		return { index, action: 'failed', error: conflict(`${name} has credit notes booked against it (${credits.map((c) => c.reference).join(', ')}); reverse those in EasyBill before cancelling it`, index) };
	}
	if (own.length > 0 && !request.reversePayments) {
		const paid = own.reduce((sum, p) => sum + p.amount, 0);
		return {
			index,
			action: 'failed',
			error: conflict(`${name} has ${own.length} payment(s) of ${formatMajor(paid, doc.currency)} ${doc.currency} (${own.map((p) => p.reference || p.id).join(', ')}); reverse them first, or turn on "Reverse Payments First"`, index),
		};
	}
	const reversed: string[] = [];
	for (const payment of own) {
		await ctx.api.delete(`/document-payments/${payment.id}`);
		reversed.push(String(payment.id));
	}
	const storno = await createOnce(
		() => ctx.api.post<EbDocument>(`/documents/${doc.id}/cancel`, undefined),
		async () => {
			const again = await documentById(ctx.api, doc.id);
			return again?.cancel_id ? ({ id: again.cancel_id } as EbDocument) : undefined;
		},
	);
	return { index, action: 'updated', ledgerId: String(doc.id), record: record(doc, 'cancelled', reversed, storno.id) };
}

export async function voidInvoices(ctx: EasyBillContext, requests: VoidInvoice[]): Promise<ItemResult<VoidedInvoice>[]> {
	const docs = await invoicesFor(ctx, requests.map((r) => r.invoice));
	const withMoney = [...new Set(docs.filter((d): d is EbDocument => !!d && !d.is_draft && !d.cancel_id && d.paid_amount !== 0).map((d) => d.id))];
	const payments = await paymentsByDocumentIds(ctx.api, withMoney);
	const done = new Map<number, ItemResult<VoidedInvoice>>();
	const results: ItemResult<VoidedInvoice>[] = [];
	for (const [index, request] of requests.entries()) {
		const doc = docs[index];
		if (!doc) {
			results.push({ index, action: 'failed', error: invoiceNotFound(request.invoice, index) });
			continue;
		}
		const earlier = done.get(doc.id);
		if (earlier) {
			results.push(earlier.action === 'failed' ? { ...earlier, index, error: earlier.error.forItem(index) } : { ...earlier, index, action: 'unchanged' });
			continue;
		}
		let result: ItemResult<VoidedInvoice>;
		try {
			result = await voidOne(ctx, doc, request, payments, index);
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			result = { index, action: 'failed', error: error.forItem(index) };
		}
		done.set(doc.id, result);
		results.push(result);
	}
	return results;
}
