/**
 * The EasyBill side of an invoice's later life: Get Invoice (documents + their payments, batched
 * by document id), Download PDF (`GET /documents/{id}/pdf`) and Send Invoice
 * (`POST /documents/{id}/send/email`, to given addresses or the customer's own).
 */
import { LedgerError } from '../../errors';
import type { ItemResult } from '../../ledger';
import { pdfFileName, type InvoiceDetails, type InvoicePdf, type SendInvoice, type SentInvoice } from '../../lifecycle';
import type { InvoiceRecord, InvoiceRef, PaidInvoice } from '../../model';
import type { EasyBillContext } from '../context';
import { describeRef, documentsByExternalIds, paymentsByDocumentIds, resolveInvoiceRefs } from '../lookups';
import { CREDIT_ALLOCATION_PREFIX, documentToPaidInvoice } from '../mapping/document';
import type { EbDocument, EbPayment } from '../wire';

const creditSourceOf = (payment: EbPayment): string | undefined =>
	(payment.reference ?? '').startsWith(CREDIT_ALLOCATION_PREFIX)
		? (payment.reference ?? '').slice(CREDIT_ALLOCATION_PREFIX.length)
		: undefined;

export function invoiceNotFound(ref: InvoiceRef, index: number): LedgerError {
	return new LedgerError(`invoice: no EasyBill invoice with ${describeRef(ref)}`, { kind: 'not_found', field: 'invoice', itemIndex: index });
}

/** The documents the refs name, kept only when they are invoices. */
export async function invoicesFor(ctx: EasyBillContext, refs: InvoiceRef[]): Promise<Array<EbDocument | undefined>> {
	const found = await resolveInvoiceRefs(ctx.api, refs);
	return found.map((doc) => (doc && doc.type === 'INVOICE' ? doc : undefined));
}

export async function getInvoices(ctx: EasyBillContext, refs: InvoiceRef[]): Promise<ItemResult<InvoiceDetails>[]> {
	const docs = await invoicesFor(ctx, refs);
	const ids = [...new Set(docs.filter((d): d is EbDocument => d !== undefined && d.paid_amount !== 0).map((d) => d.id))];
	const payments = await paymentsByDocumentIds(ctx.api, ids);
	// Issue Credit Note books an allocation as a payment "credit:<source id>": name the credit note itself.
	const creditSources = [...new Set(payments.map(creditSourceOf).filter((s): s is string => s !== undefined))];
	const creditNotes = new Map(
		(await documentsByExternalIds(ctx.api, creditSources, 'CREDIT')).map((d) => [d.external_id ?? '', d]),
	);
	return refs.map((ref, index): ItemResult<InvoiceDetails> => {
		const doc = docs[index];
		if (!doc) return { index, action: 'failed', error: invoiceNotFound(ref, index) };
		const paidView: Partial<PaidInvoice> = documentToPaidInvoice(doc, payments);
		const paid = paidView.payments;
		delete paidView.raw;
		delete paidView.ledger;
		delete paidView.tenantId;
		delete paidView.payments;
		const record = paidView as InvoiceRecord;
		const credits = payments
			.filter((p) => p.document_id === doc.id && creditSourceOf(p) !== undefined)
			.map((p) => {
				const sourceId = creditSourceOf(p) ?? '';
				const note = creditNotes.get(sourceId);
				return {
					ledgerId: note ? String(note.id) : '',
					...(note?.number ? { number: note.number } : {}),
					sourceId,
					amountMinor: p.amount,
					date: p.payment_at.slice(0, 10),
				};
			});
		return { index, action: 'unchanged', ledgerId: String(doc.id), record: { ...record, payments: paid ?? [], credits } };
	});
}

export async function downloadPdfs(ctx: EasyBillContext, refs: InvoiceRef[]): Promise<ItemResult<InvoicePdf>[]> {
	const docs = await invoicesFor(ctx, refs);
	const results: ItemResult<InvoicePdf>[] = [];
	for (const [index, ref] of refs.entries()) {
		const doc = docs[index];
		if (!doc) {
			results.push({ index, action: 'failed', error: invoiceNotFound(ref, index) });
			continue;
		}
		try {
			const response = await ctx.api.client.request(
				{ method: 'GET', url: ctx.api.url(`/documents/${doc.id}/pdf`), headers: { Accept: 'application/pdf' }, responseType: 'binary' },
				{ idempotent: true },
			);
			if (!Buffer.isBuffer(response.body)) throw new LedgerError('EasyBill did not answer with a PDF', { kind: 'unknown' });
			const number = doc.number ?? undefined;
			const ledgerId = String(doc.id);
			results.push({
				index,
				action: 'unchanged',
				ledgerId,
				record: { ledgerId, ...(number ? { number } : {}), fileName: pdfFileName(number, ledgerId), mimeType: 'application/pdf', data: response.body },
			});
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			results.push({ index, action: 'failed', error: error.forItem(index) });
		}
	}
	return results;
}

/**
 * EasyBill sends by e-mail to `to` (comma list) or the customer's first address. A send is not
 * idempotent at EasyBill (each call is a new post-box entry), so a re-run sends again: the node says so.
 */
export async function sendInvoices(ctx: EasyBillContext, requests: SendInvoice[]): Promise<ItemResult<SentInvoice>[]> {
	const docs = await invoicesFor(ctx, requests.map((r) => r.invoice));
	const results: ItemResult<SentInvoice>[] = [];
	for (const [index, request] of requests.entries()) {
		const doc = docs[index];
		if (!doc) {
			results.push({ index, action: 'failed', error: invoiceNotFound(request.invoice, index) });
			continue;
		}
		const name = doc.number ?? String(doc.id);
		if (doc.is_draft) {
			results.push({ index, action: 'failed', error: new LedgerError(`invoice: ${name} is a draft; EasyBill sends only completed documents`, { kind: 'conflict', field: 'invoice', itemIndex: index }) });
			continue;
		}
		const to = (request.to ?? []).map((t) => t.trim()).filter(Boolean);
		const body: Record<string, unknown> = {};
		if (to.length > 0) body.to = to.join(',');
		if (request.subject) body.subject = request.subject;
		if (request.message) body.message = request.message;
		try {
			// POST, not retried after an unknown outcome: a second e-mail is worse than a reported failure.
			await ctx.api.post(`/documents/${doc.id}/send/email`, body);
			const recipients = to.length > 0 ? to : (doc.customer_snapshot?.emails ?? []).slice(0, 1);
			results.push({ index, action: 'created', ledgerId: String(doc.id), record: { ledgerId: String(doc.id), ...(doc.number ? { number: doc.number } : {}), to: recipients, channel: 'email' } });
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			results.push({ index, action: 'failed', error: error.forItem(index) });
		}
	}
	return results;
}
