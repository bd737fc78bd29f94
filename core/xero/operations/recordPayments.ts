/**
 * Record Payment. The invoices are looked up in one batch first; that answer already says
 * whether the payment is there (its source id in a payment's `Reference` on the invoice; found with
 * another amount or date it is a conflict), whether the invoice is a draft,
 * and how much is still due, so those cases fail or return `unchanged` before any write.
 */
import { formatMajor, majorNumberToMinor } from '../../money';
import { LedgerError } from '../../errors';
import { paymentConflict } from '../../paymentConflict';
import type { ItemResult } from '../../ledger';
import type { Payment, PaymentRecord } from '../../model';
import { ensureDailyBudget } from '../dailyBudget';
import { elementFailed } from '../errors';
import { resolveInvoiceRefs } from '../lookups/invoices';
import { elementError } from '../mapping/elementErrors';
import { fromXeroPayment } from '../mapping/invoice';
import { isSamePayment, toXeroPayment } from '../mapping/payment';
import { settleRecordedPayments, type WrittenPayment } from '../paymentRace';
import { validatePayment } from '../validate';
import type { XeroInvoice, XeroPayment } from '../wire';
import { writeInBatches, type PreparedElement } from './batchWrite';
import type { XeroContext } from './context';

function conflict(field: string, message: string, itemIndex: number): LedgerError {
	return new LedgerError(`${field}: ${message}`, { kind: 'conflict', field, itemIndex });
}

/** Why this invoice cannot take a payment now, or undefined when it can. */
export function paymentBlocker(
	invoice: XeroInvoice,
	payment: Payment,
	dueMinor: number,
	itemIndex: number,
): LedgerError | undefined {
	const name = invoice.InvoiceNumber ?? invoice.InvoiceID;
	if (invoice.Status === 'DRAFT' || invoice.Status === 'SUBMITTED') {
		return conflict(
			'invoice',
			`invoice ${name} is a draft: approve it in Xero (or create it as final) before recording a payment`,
			itemIndex,
		);
	}
	if (invoice.Status === 'VOIDED')
		return conflict('invoice', `invoice ${name} is voided and cannot take payments`, itemIndex);
	if (invoice.CurrencyCode && invoice.CurrencyCode !== payment.currency) {
		return conflict(
			'currency',
			`the payment is in ${payment.currency} but invoice ${name} is in ${invoice.CurrencyCode}`,
			itemIndex,
		);
	}
	if (payment.amountMinor > dueMinor) {
		return conflict(
			'amountMinor',
			`${formatMajor(payment.amountMinor, payment.currency)} ${payment.currency} is more than the ${formatMajor(dueMinor, payment.currency)} still due on invoice ${name} (overpayment)`,
			itemIndex,
		);
	}
	return undefined;
}

function paymentFieldFor(message: string): string | undefined {
	if (/account/i.test(message)) return 'bankAccount';
	if (/amount|overpa|exceed|more than/i.test(message)) return 'amountMinor';
	if (/invoice/i.test(message)) return 'invoice';
	if (/date/i.test(message)) return 'date';
	if (/currency/i.test(message)) return 'currency';
	return undefined;
}

function existingPayment(invoice: XeroInvoice, payment: Payment): XeroPayment | undefined {
	return (invoice.Payments ?? []).find((p) => isSamePayment(p, payment));
}

export async function recordPayments(
	ctx: XeroContext,
	payments: Payment[],
): Promise<Array<ItemResult<PaymentRecord>>> {
	const results = new Map<number, ItemResult<PaymentRecord>>();
	const work: Array<{ index: number; payment: Payment }> = [];
	payments.forEach((payment, index) => {
		const error = validatePayment(payment, index);
		if (error) results.set(index, { index, action: 'failed', error });
		else work.push({ index, payment });
	});

	const invoices = work.length
		? await resolveInvoiceRefs(
				ctx.api,
				work.map((w) => w.payment.invoice),
			)
		: [];
	// What is still due, lowered by the payments this same batch adds, so two halves of one
	// batch cannot together overpay.
	const due = new Map<string, number>();
	const seen = new Map<string, number>();
	const repeats = new Map<number, number>();
	const prepared: Array<PreparedElement<XeroPayment>> = [];
	const byIndex = new Map<number, WrittenPayment>();
	for (const [i, { index, payment }] of work.entries()) {
		const invoice = invoices[i];
		if (!invoice?.InvoiceID) {
			const error = new LedgerError('invoice: no Xero sales invoice matches it', {
				kind: 'not_found',
				field: 'invoice',
				itemIndex: index,
			});
			results.set(index, { index, action: 'failed', error });
			continue;
		}
		const invoiceId = invoice.InvoiceID;
		const already = existingPayment(invoice, payment);
		if (already?.PaymentID) {
			const record = fromXeroPayment(already, invoiceId, invoice.CurrencyCode ?? payment.currency);
			const differs = paymentConflict(record, payment, index);
			if (differs) results.set(index, { index, action: 'failed', error: differs });
			else results.set(index, { index, action: 'unchanged', ledgerId: already.PaymentID, record });
			continue;
		}
		const repeatKey = `${invoiceId}\u0000${payment.sourceId.trim()}`;
		const repeatOf = seen.get(repeatKey);
		if (repeatOf !== undefined) {
			repeats.set(index, repeatOf); // the same payment twice in one batch is written once
			continue;
		}
		const dueMinor =
			due.get(invoiceId) ??
			majorNumberToMinor(invoice.AmountDue ?? 0, invoice.CurrencyCode ?? payment.currency);
		const blocker = paymentBlocker(invoice, payment, dueMinor, index);
		if (blocker) {
			results.set(index, { index, action: 'failed', error: blocker });
			continue;
		}
		let bankAccount = payment.bankAccount?.trim();
		try {
			bankAccount ||= await ctx.settings.defaultBankAccount('bankAccount', index);
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			results.set(index, { index, action: 'failed', error });
			continue;
		}
		due.set(invoiceId, dueMinor - payment.amountMinor);
		seen.set(repeatKey, index);
		prepared.push({
			index,
			sourceId: payment.sourceId.trim(),
			body: toXeroPayment(payment, invoiceId, bankAccount),
		});
		byIndex.set(index, { payment, invoice, dueMinor });
	}

	ensureDailyBudget(ctx, { writes: [prepared.length] }, `recording ${prepared.length} payments`);
	const written = await writeInBatches(ctx, prepared, {
		method: 'PUT',
		path: '/Payments',
		key: 'Payments',
		operation: 'payments',
		claim: '/Payments',
		toResult: (answer, element): ItemResult<PaymentRecord> => {
			const xero = answer as XeroPayment;
			const { payment, invoice } = byIndex.get(element.index)!;
			if (elementFailed(xero) || !xero?.PaymentID) {
				return {
					index: element.index,
					action: 'failed',
					error: elementError(xero, element.index, paymentFieldFor, 'the payment'),
				};
			}
			const record = fromXeroPayment(
				xero,
				invoice.InvoiceID ?? '',
				invoice.CurrencyCode ?? payment.currency,
			);
			byIndex.get(element.index)!.answer = xero;
			return { index: element.index, action: 'created', ledgerId: xero.PaymentID, record };
		},
		recover: async (elements) => {
			const again = await resolveInvoiceRefs(
				ctx.api,
				elements.map((e) => ({ ledgerId: byIndex.get(e.index)!.invoice.InvoiceID ?? '' })),
			);
			const recovered = new Map<number, ItemResult<PaymentRecord>>();
			elements.forEach((element, i) => {
				const { payment } = byIndex.get(element.index)!;
				const invoice = again[i];
				const landed = invoice && existingPayment(invoice, payment);
				if (invoice && landed?.PaymentID) {
					const record = fromXeroPayment(
						landed,
						invoice.InvoiceID ?? '',
						invoice.CurrencyCode ?? payment.currency,
					);
					recovered.set(element.index, {
						index: element.index,
						action: 'created',
						ledgerId: landed.PaymentID,
						record,
					});
				}
			});
			return recovered;
		},
	});
	// Another execution may have booked the same source id at the same moment (../paymentRace).
	for (const result of await settleRecordedPayments(ctx, written, (index) => byIndex.get(index)))
		results.set(result.index, result);

	return payments.map((payment, index): ItemResult<PaymentRecord> => {
		const own = results.get(index);
		if (own) return own;
		const first = results.get(repeats.get(index) ?? -1);
		if (first && first.action !== 'failed') {
			const differs = paymentConflict(first.record, payment, index);
			if (differs) return { index, action: 'failed', error: differs };
			return { index, action: 'unchanged', ledgerId: first.ledgerId, record: first.record };
		}
		const error = first
			? first.error.forItem(index)
			: new LedgerError('payment was not processed', { kind: 'unknown', itemIndex: index });
		return { index, action: 'failed', error };
	});
}
