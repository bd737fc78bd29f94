/**
 * Reverse Payment: Xero's only change to a payment is `POST /Payments/{id} {Status: "DELETED"}`,
 * which reopens the invoice. Payments are found in one OR'd `where` per chunk, by the source id
 * Record Payment keeps in `Reference` (`ch_1` or `po_1 [ch_1]`) or by PaymentID. Xero keeps
 * deleted payments listed with `Status: DELETED`, so a payment reversed before is `unchanged` and
 * one never recorded fails `not_found`.
 */
import { LedgerError } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { PaymentRef, ReversedPayment, ReversePayment } from '../../lifecycle';
import { XeroSingleCalls } from '../api';
import { elementFailed } from '../errors';
import { idempotencyKey } from '../idempotency';
import { elementError } from '../mapping/elementErrors';
import { fromXeroPayment } from '../mapping/invoice';
import { isXeroId, orWhereChunks, quoteWhereValue, whereEquals } from '../where';
import type { XeroPayment } from '../wire';
import type { XeroContext } from './context';

const refValue = (ref: PaymentRef) => ('ledgerId' in ref ? ref.ledgerId : ref.sourceId).trim();

function matches(payment: XeroPayment, ref: PaymentRef): boolean {
	if ('ledgerId' in ref) return (payment.PaymentID ?? '').toLowerCase() === refValue(ref).toLowerCase();
	const stored = (payment.Reference ?? '').trim();
	const sourceId = refValue(ref);
	return stored === sourceId || stored.endsWith(` [${sourceId}]`);
}

function clauseFor(ref: PaymentRef): string | undefined {
	const value = refValue(ref);
	if ('ledgerId' in ref) return isXeroId(value) ? `PaymentID==guid(${quoteWhereValue(value)})` : undefined;
	return `(${whereEquals('Reference', value)} OR Reference.EndsWith(${quoteWhereValue(` [${value}]`)}))`;
}

/** Every payment any of the refs names, deleted ones included, in one call per chunk. */
export async function paymentsFor(ctx: XeroContext, refs: PaymentRef[]): Promise<XeroPayment[]> {
	const clauses = refs.map(clauseFor).filter((c): c is string => c !== undefined);
	const found: XeroPayment[] = [];
	for (const where of orWhereChunks(clauses)) found.push(...(await ctx.api.getAll('/Payments', 'Payments', { where })));
	return found;
}

export function reversedRecord(payment: XeroPayment): ReversedPayment {
	const currency = payment.Invoice?.CurrencyCode ?? payment.CreditNote?.CurrencyCode ?? '';
	const record = fromXeroPayment(payment, payment.Invoice?.InvoiceID ?? '', currency);
	return { ...record, state: 'reversed' };
}

/** Deletes one payment; the Idempotency-Key makes a retried or re-run delete land once. */
export async function deletePayment(ctx: XeroContext, paymentId: string, index: number): Promise<ItemResult<ReversedPayment>> {
	const calls = new XeroSingleCalls(ctx.api.client, ctx.tenantId, ctx.api.baseUrl);
	const { element } = await calls.post(
		`/Payments/${paymentId}`,
		{ Status: 'DELETED' },
		idempotencyKey(ctx.tenantId, 'reversepayment', [paymentId]),
		'Payments',
	);
	const answer = element as XeroPayment | undefined;
	if (!answer || elementFailed(answer)) {
		return { index, action: 'failed', error: elementError(answer, index, () => 'payment', 'the payment reversal') };
	}
	return { index, action: 'updated', ledgerId: paymentId, record: reversedRecord(answer) };
}

export async function reversePayments(ctx: XeroContext, requests: ReversePayment[]): Promise<ItemResult<ReversedPayment>[]> {
	const refs = requests.map((r) => r.payment);
	const known = await paymentsFor(ctx, refs.filter((ref) => refValue(ref) !== ''));
	const results: ItemResult<ReversedPayment>[] = [];
	const done = new Map<string, ItemResult<ReversedPayment>>();
	for (const [index, ref] of refs.entries()) {
		const candidates = known.filter((p) => matches(p, ref));
		const live = candidates.filter((p) => p.Status !== 'DELETED');
		const label = 'ledgerId' in ref ? `payment id ${refValue(ref)}` : `source id ${refValue(ref)}`;
		if (candidates.length === 0) {
			results.push({
				index,
				action: 'failed',
				error: new LedgerError(`payment: Xero has no payment with ${label}`, { kind: 'not_found', field: 'payment', itemIndex: index }),
			});
			continue;
		}
		if (live.length > 1) {
			results.push({
				index,
				action: 'failed',
				error: new LedgerError(`payment: ${live.length} Xero payments carry ${label} (${live.map((p) => p.PaymentID).join(', ')}); reverse one by its payment id`, {
					kind: 'conflict',
					field: 'payment',
					itemIndex: index,
				}),
			});
			continue;
		}
		if (live.length === 0) {
			const record = reversedRecord(candidates[0]);
			results.push({ index, action: 'unchanged', ledgerId: record.ledgerId, record });
			continue;
		}
		const paymentId = live[0].PaymentID ?? '';
		const earlier = done.get(paymentId);
		if (earlier) {
			// The same payment twice in one batch: reversed once, the repeat reports it unchanged.
			results.push(earlier.action === 'failed' ? { ...earlier, index, error: earlier.error.forItem(index) } : { ...earlier, index, action: 'unchanged' });
			continue;
		}
		let result: ItemResult<ReversedPayment>;
		try {
			result = await deletePayment(ctx, paymentId, index);
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			result = { index, action: 'failed', error: error.forItem(index) };
		}
		done.set(paymentId, result);
		results.push(result);
	}
	return results;
}
