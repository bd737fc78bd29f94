/**
 * Executions whose Record Payment batches differ (another worker sends the same payment alone, or
 * with other payments) carry different Idempotency-Keys, so Xero does not join them: each one
 * looked the invoice up, found no payment for the source id and booked one. A payment for the
 * whole amount due cannot be booked twice (Xero refuses the second as more than is outstanding),
 * but a part payment can. So after its writes an execution reads the invoices it paid in part
 * again and, where one invoice holds more than one live payment for a source id, keeps the one
 * made first (../creationOrder: Xero's `UpdatedDateUTC`, which only a deletion changes). An execution that
 * saw only its own payment saw the first one, so the payment an execution reported `created` is
 * never one another removes. The loser deletes its own payment (`Status: DELETED`, which reopens
 * what it paid) and reports the one kept: `unchanged` when it holds the same amount and date, else
 * a conflict naming both values.
 *
 * A write Xero refused (the invoice was paid in full or is overpaid by it meanwhile) is looked up
 * the same way: when the invoice now holds a payment for the source id, another execution booked
 * it at the same moment, and the item reports that one instead of a refusal.
 */
import { LedgerError } from '../errors';
import type { ItemResult } from '../ledger';
import type { Payment, PaymentRecord } from '../model';
import { paymentConflict } from '../paymentConflict';
import { firstCreated, paymentCreationOrder } from './creationOrder';
import { refusedByXero } from './errors';
import { getInvoicesById } from './lookups/invoices';
import { fromXeroPayment } from './mapping/invoice';
import { isSamePayment } from './mapping/payment';
import type { XeroContext } from './operations/context';
import { deletePayment, paymentsFor } from './operations/reversePayments';
import type { XeroInvoice, XeroPayment } from './wire';

/** What one item's write asked for, and what it was decided on. */
export interface WrittenPayment {
	payment: Payment;
	/** The invoice as looked up before the write. */
	invoice: XeroInvoice;
	/** What was still due on it then (less what the same batch paid before this item). */
	dueMinor: number;
	/** Xero's answer to the write, when it booked one. */
	answer?: XeroPayment;
}

type Check = { result: ItemResult<PaymentRecord>; written: WrittenPayment };

/**
 * The results of an execution's payment writes once each part payment it booked, and each it was
 * refused, is checked against what other executions booked for the same source id. A re-check
 * that cannot be read leaves the results as they are: a failed check never turns a write into
 * `unchanged` on a guess.
 */
export async function settleRecordedPayments(
	ctx: XeroContext,
	results: Array<ItemResult<PaymentRecord>>,
	writtenBy: (index: number) => WrittenPayment | undefined,
): Promise<Array<ItemResult<PaymentRecord>>> {
	const checks: Check[] = [];
	for (const result of results) {
		const written = writtenBy(result.index);
		if (!written) continue;
		const booked = result.action === 'created' || result.action === 'unchanged';
		const part = written.payment.amountMinor < written.dueMinor;
		if ((booked && part) || refusedByXero(result)) checks.push({ result, written });
	}
	if (checks.length === 0) return results;
	let listed: XeroPayment[];
	try {
		listed = await paymentsOfSources(ctx, checks);
	} catch (error) {
		if (!(error instanceof LedgerError)) throw error;
		return results;
	}
	const settled = new Map<number, ItemResult<PaymentRecord>>();
	for (const check of checks) {
		const outcome = await settleOne(ctx, check, listed);
		if (outcome) settled.set(check.result.index, outcome);
	}
	return results.map((r) => settled.get(r.index) ?? r);
}

/**
 * The payments each check's invoice holds for its source id. The invoices are read again (`IDs=`,
 * up to 100 per call), since their `Payments` list each payment's id, amount, date and reference;
 * only where a source id turns out to have two payments on one invoice are those read in full
 * (`GET /Payments`, by `PaymentID`) for the `UpdatedDateUTC` that orders them.
 */
async function paymentsOfSources(ctx: XeroContext, checks: Check[]): Promise<XeroPayment[]> {
	const invoiceIds = [...new Set(checks.map((c) => c.written.invoice.InvoiceID ?? ''))];
	const invoices = await getInvoicesById(ctx.api, invoiceIds);
	const lines: XeroPayment[] = [];
	const toOrder = new Set<string>();
	for (const { result, written } of checks) {
		const invoiceId = written.invoice.InvoiceID ?? '';
		const same = (invoices.get(invoiceId)?.Payments ?? [])
			.filter((p) => p.PaymentID && isSamePayment(p, written.payment))
			.map((p) => ({ ...p, Invoice: { InvoiceID: invoiceId } }));
		lines.push(...same);
		const ids = new Set(same.map((p) => (p.PaymentID ?? '').toLowerCase()));
		if (result.action !== 'failed' && result.ledgerId) ids.add(result.ledgerId.toLowerCase());
		if (ids.size > 1) for (const id of ids) toOrder.add(id);
	}
	if (toOrder.size === 0) return lines;
	const full = await paymentsFor(
		ctx,
		[...toOrder].map((ledgerId) => ({ ledgerId })),
	);
	const byId = new Map(full.map((p) => [(p.PaymentID ?? '').toLowerCase(), p]));
	return [
		...full,
		...lines.filter((p) => !byId.has((p.PaymentID ?? '').toLowerCase())),
	];
}

/** The item's new result, or undefined when it stands as reported. */
async function settleOne(
	ctx: XeroContext,
	{ result, written }: Check,
	listed: XeroPayment[],
): Promise<ItemResult<PaymentRecord> | undefined> {
	const { payment, invoice, answer } = written;
	const index = result.index;
	const invoiceId = invoice.InvoiceID ?? '';
	const seen = new Set<string>();
	const same = listed.filter((p) => {
		const id = (p.PaymentID ?? '').toLowerCase();
		if (!id || seen.has(id) || p.Status === 'DELETED') return false;
		seen.add(id);
		return p.Invoice?.InvoiceID === invoiceId && isSamePayment(p, payment);
	});
	if (result.action === 'failed') {
		const winner = firstCreated(same, paymentCreationOrder);
		return winner ? reportWinner(winner, written, index) : undefined;
	}
	const mine = (result.ledgerId ?? '').toLowerCase();
	// Our own payment counts even if the list did not show it yet.
	const candidates =
		same.some((p) => (p.PaymentID ?? '').toLowerCase() === mine) || !answer ? same : [...same, answer];
	const winner = firstCreated(candidates, paymentCreationOrder);
	if (!winner || (winner.PaymentID ?? '').toLowerCase() === mine) return undefined;
	// Only the execution that booked the copy removes it; a replay of another's (`unchanged`,
	// see ../claim) leaves that to its maker.
	if (result.action === 'created') {
		let removed: Awaited<ReturnType<typeof deletePayment>>;
		try {
			removed = await deletePayment(ctx, result.ledgerId, index);
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			removed = { index, action: 'failed', error };
		}
		if (removed.action === 'failed') {
			const name = invoice.InvoiceNumber ?? invoiceId;
			return {
				index,
				action: 'failed',
				error: new LedgerError(
					`sourceId: another execution recorded payment ${winner.PaymentID} for "${payment.sourceId.trim()}" on invoice ${name} at the same moment, before this execution's ${result.ledgerId}, and deleting ${result.ledgerId} failed (${removed.error.message}): Xero holds both; delete payment ${result.ledgerId} in Xero`,
					{
						kind: 'mismatch',
						field: 'sourceId',
						itemIndex: index,
						ledgerId: result.ledgerId,
						vendorMessage: removed.error.vendorMessage,
					},
				),
			};
		}
	}
	const reported = reportWinner(winner, written, index);
	if (reported.action !== 'failed' || result.action !== 'created') return reported;
	const what = `another execution recorded payment ${winner.PaymentID} for this source id at the same moment, before this execution's ${result.ledgerId} (deleted): `;
	return { ...reported, error: reported.error.prefixed(what) };
}

/** The payment another execution booked first, as this item's result. */
function reportWinner(
	winner: XeroPayment,
	{ payment, invoice }: WrittenPayment,
	index: number,
): ItemResult<PaymentRecord> {
	const record = fromXeroPayment(
		winner,
		invoice.InvoiceID ?? '',
		invoice.CurrencyCode ?? payment.currency,
	);
	const differs = paymentConflict(record, payment, index);
	if (differs) return { index, action: 'failed', error: differs };
	return { index, action: 'unchanged', ledgerId: winner.PaymentID ?? '', record };
}
