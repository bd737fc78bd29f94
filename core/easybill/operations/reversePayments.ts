/**
 * Reverse Payment on EasyBill: `DELETE /document-payments/{id}`, found by the source id Record
 * Payment keeps in `reference` (one comma-list call per chunk) or by the payment id. EasyBill
 * deletes a payment outright, so a payment reversed before and one never recorded look the same:
 * both come back `unchanged` with a note saying so (the ledger holds no such payment, which is what
 * the reversal asks for).
 */
import { LedgerError } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { PaymentRef, ReversedPayment, ReversePayment } from '../../lifecycle';
import type { EasyBillContext } from '../context';
import { documentById, orUndefinedOn404 } from '../lookups';
import { paymentToRecord } from '../mapping/document';
import type { EbPayment } from '../wire';

const ABSENT_NOTE =
	'EasyBill holds no payment with this id: it was reversed before, or never recorded (EasyBill deletes payments outright and keeps no trace)';

const refValue = (ref: PaymentRef) => ('ledgerId' in ref ? ref.ledgerId : ref.sourceId).trim();

export async function reversePayments(ctx: EasyBillContext, requests: ReversePayment[]): Promise<ItemResult<ReversedPayment>[]> {
	const sourceIds = requests.flatMap((r) => ('sourceId' in r.payment ? [refValue(r.payment)] : []));
	const bySource = await ctx.api.listByValues<EbPayment>('/document-payments', 'reference', [...new Set(sourceIds)]);
	const currencies = new Map<number, string>();
	const deleted = new Map<string, ItemResult<ReversedPayment>>();
	const results: ItemResult<ReversedPayment>[] = [];
	for (const [index, request] of requests.entries()) {
		try {
			const ref = request.payment;
			const value = refValue(ref);
			const matches =
				'ledgerId' in ref
					? [/^\d+$/.test(value) ? await orUndefinedOn404(ctx.api.get<EbPayment>(`/document-payments/${value}`)) : undefined].filter((p): p is EbPayment => p !== undefined)
					: bySource.filter((p) => (p.reference ?? '') === value);
			if (matches.length > 1) {
				throw new LedgerError(`payment: ${matches.length} EasyBill payments carry source id ${value} (${matches.map((p) => p.id).join(', ')}); reverse one by its payment id`, { kind: 'conflict', field: 'payment' });
			}
			const payment = matches[0];
			if (!payment) {
				const earlier = [...deleted.values()].find((r) => r.action !== 'failed' && (r.record.reference === value || r.ledgerId === value));
				results.push(earlier && earlier.action !== 'failed' ? { ...earlier, index, action: 'unchanged' } : { index, action: 'unchanged', ledgerId: '', record: { ledgerId: '', state: 'reversed', note: ABSENT_NOTE } });
				continue;
			}
			const key = String(payment.id);
			const earlier = deleted.get(key);
			if (earlier) {
				results.push(earlier.action === 'failed' ? { ...earlier, index, error: earlier.error.forItem(index) } : { ...earlier, index, action: 'unchanged' });
				continue;
			}
			if (!currencies.has(payment.document_id)) currencies.set(payment.document_id, (await documentById(ctx.api, payment.document_id))?.currency ?? '');
			await ctx.api.delete(`/document-payments/${payment.id}`);
			const record: ReversedPayment = { ...paymentToRecord(payment, currencies.get(payment.document_id) ?? ''), reference: payment.reference ?? undefined, state: 'reversed' };
			const result: ItemResult<ReversedPayment> = { index, action: 'updated', ledgerId: key, record };
			deleted.set(key, result);
			results.push(result);
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			results.push({ index, action: 'failed', error: error.forItem(index) });
		}
	}
	return results;
}
