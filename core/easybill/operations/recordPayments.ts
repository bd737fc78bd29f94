/**
 * Record Payment: `POST /document-payments` with `reference` = the payment's source id (the caller's
 * reference goes to `notice`), which is how a payment already recorded is recognised; found with
 * another amount or date it is a conflict (`GET /document-payments?document_id=` in batched
 * lists). Refused before the call: a payment on a draft, in another currency, or above the open
 * amount (EasyBill itself would book the overpayment).
 */
import { invalidInput, LedgerError, ledgerRefusal } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { Payment, PaymentRecord } from '../../model';
import { formatMajor } from '../../money';
import { fromCents, toWholeCents } from '../cents';
import { paymentConflict } from '../../paymentConflict';
import type { EasyBillContext } from '../context';
import { createOnce } from '../createOnce';
import { settleCreateRace } from '../createRace';
import { describeRef, paymentsByDocumentIds, resolveInvoiceRefs } from '../lookups';
import { openAmount, paymentToRecord } from '../mapping/document';
import { failed, inOrder, validateAll } from '../results';
import { validatePayment } from '../validation';
import type { EbDocument, EbPayment, EbPaymentInput } from '../wire';

/** The document a payment or credit names, checked to be an invoice. */
export function requireInvoice(doc: EbDocument | undefined, ref: Payment['invoice']): EbDocument {
	if (!doc)
		throw new LedgerError(`invoice: no EasyBill invoice with ${describeRef(ref)}`, {
			kind: 'not_found',
			field: 'invoice',
		});
	if (doc.type !== 'INVOICE')
		throw invalidInput('invoice', `EasyBill document ${doc.id} is a ${doc.type}, not an INVOICE`);
	return doc;
}

/** Posts a payment unless one with the same reference is on the document already. */
export async function addPayment(
	ctx: EasyBillContext,
	body: EbPaymentInput,
	known: EbPayment[],
): Promise<{ payment: EbPayment; created: boolean }> {
	const already = known.find(
		(p) => p.document_id === body.document_id && p.reference === body.reference,
	);
	if (already) return { payment: already, created: false };
	const sameReference = async () =>
		(await paymentsByDocumentIds(ctx.api, [body.document_id])).filter(
			(p) => p.reference === body.reference,
		);
	const payment = await createOnce(
		() => ctx.api.post<EbPayment>('/document-payments', body),
		async () => (await sameReference())[0],
	);
	const race = await settleCreateRace(payment, sameReference, (id) =>
		ctx.api.delete(`/document-payments/${id}`),
	);
	known.push(race.winner);
	return { payment: race.winner, created: race.won };
}

export async function recordPayments(
	ctx: EasyBillContext,
	payments: Payment[],
): Promise<ItemResult<PaymentRecord>[]> {
	const { results, valid } = validateAll<PaymentRecord, Payment, Payment>(
		payments,
		validatePayment,
	);
	if (valid.length === 0) return inOrder(results);
	let docs: Array<EbDocument | undefined>;
	let known: EbPayment[];
	try {
		docs = await resolveInvoiceRefs(
			ctx.api,
			valid.map((v) => v.value.invoice),
		);
		known = await paymentsByDocumentIds(ctx.api, [
			...new Set(docs.flatMap((d) => (d ? [d.id] : []))),
		]);
	} catch (error) {
		return inOrder([...results, ...valid.map((v) => failed<PaymentRecord>(v.index, error))]);
	}
	// Later items of the batch must see what earlier ones paid.
	const current = new Map<number, EbDocument>();
	for (const [i, { index, value: payment }] of valid.entries()) {
		try {
			const found = requireInvoice(docs[i], payment.invoice);
			const doc = current.get(found.id) ?? found;
			const already = known.find(
				(p) => p.document_id === doc.id && p.reference === payment.sourceId,
			);
			if (already) {
				const record = paymentToRecord(already, doc.currency);
				const differs = paymentConflict(record, payment, index);
				if (differs) throw differs;
				results.push({
					index,
					action: 'unchanged',
					ledgerId: String(already.id),
					record,
				});
				continue;
			}
			if (doc.is_draft)
				throw ledgerRefusal(
					'invoice',
					`invoice ${doc.id} is a draft; EasyBill takes payments only on finalised invoices`,
				);
			if (doc.currency !== payment.currency) {
				throw ledgerRefusal(
					'currency',
					`the invoice is in ${doc.currency}, the payment in ${payment.currency}`,
				);
			}
			const amount = toWholeCents(payment.amountMinor, doc.currency, 'amountMinor');
			const open = openAmount(doc);
			if (amount > open) {
				throw ledgerRefusal(
					'amountMinor',
					`${formatMajor(payment.amountMinor, doc.currency)} ${doc.currency} is more than the open amount of ${formatMajor(fromCents(open, doc.currency), doc.currency)} ${doc.currency}`,
				);
			}
			const body: EbPaymentInput = {
				document_id: doc.id,
				amount,
				payment_at: payment.date,
				reference: payment.sourceId,
				is_overdue_fee: false,
			};
			if (payment.reference) body.notice = payment.reference;
			const { payment: created, created: ours } = await addPayment(ctx, body, known);
			current.set(doc.id, { ...doc, paid_amount: (doc.paid_amount ?? 0) + created.amount });
			// Not ours: another execution booked this payment a moment earlier.
			results.push({
				index,
				action: ours ? 'created' : 'unchanged',
				ledgerId: String(created.id),
				record: paymentToRecord(created, doc.currency),
			});
		} catch (error) {
			results.push(failed(index, error));
		}
	}
	return inOrder(results);
}
