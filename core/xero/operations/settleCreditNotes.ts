/**
 * The second half of Issue Credit Note: allocating each issued (or found) credit note to its
 * invoice and refunding what is left, where asked and still missing. A failure here leaves the
 * credit note issued; the item fails with a message saying so, and a re-run completes it.
 */
import { LedgerError, scrubError } from '../../errors';
import type { ItemResult } from '../../ledger';
import { majorNumberToMinor, toMajorNumber } from '../../money';
import type { CreditNote, CreditNoteRecord } from '../../model';
import { elementFailed, refusedByXero } from '../errors';
import { claimWrite } from '../claim';
import { idempotencyKey } from '../idempotency';
import { getAllCreditNotesByReference } from '../lookups/creditNotes';
import { fromXeroCreditNote, remainingCreditMinor } from '../mapping/creditNote';
import { fromXeroPayment } from '../mapping/invoice';
import { elementError } from '../mapping/elementErrors';
import { accountRef } from '../mapping/payment';
import type { XeroAllocation, XeroCreditNote, XeroInvoice, XeroPayment } from '../wire';
import { writeInBatches, type PreparedElement } from './batchWrite';
import type { XeroContext } from './context';

export interface IssuedCreditNote {
	index: number;
	note: CreditNote;
	invoice: XeroInvoice;
	xero: XeroCreditNote;
	action: 'created' | 'unchanged';
	/**
	 * Issued by another execution at this same moment (a replayed create, or the copy kept over
	 * this execution's own): completing its allocation or refund is that work, not an
	 * update of an existing note, so the item stays `unchanged`.
	 */
	concurrent?: boolean;
}

/** Allocation and refund for each issued (or found) credit note, where asked and still missing. */
export async function settleCreditNotes(
	ctx: XeroContext,
	issued: IssuedCreditNote[],
): Promise<Array<ItemResult<CreditNoteRecord>>> {
	const out: Array<ItemResult<CreditNoteRecord>> = [];
	const dueLeft = new Map<string, number>();
	const refunds: Array<PreparedElement<XeroPayment>> = [];
	const state = new Map<
		number,
		{ item: IssuedCreditNote; record: CreditNoteRecord; changed: boolean; error?: LedgerError }
	>();

	for (const item of issued) {
		const { note, invoice, xero, index } = item;
		const invoiceId = invoice.InvoiceID ?? '';
		const record = fromXeroCreditNote(xero, invoiceId);
		const entry = { item, record, changed: false } as {
			item: IssuedCreditNote;
			record: CreditNoteRecord;
			changed: boolean;
			error?: LedgerError;
		};
		state.set(index, entry);
		let remaining = remainingCreditMinor(xero);
		const allocatedHere = (xero.Allocations ?? []).some(
			(a) => a.IsDeleted !== true && a.Invoice?.InvoiceID === invoiceId,
		);
		if (note.allocate && !allocatedHere) {
			const due =
				dueLeft.get(invoiceId) ?? majorNumberToMinor(invoice.AmountDue ?? 0, note.currency);
			const amount = Math.min(remaining, due);
			if (amount > 0) {
				try {
					// Not ours when another execution allocated it at the same moment (see ../claim).
					const ours = await allocate(ctx, xero.CreditNoteID ?? '', invoiceId, amount, note, index);
					record.allocatedMinor += amount;
					remaining -= amount;
					dueLeft.set(invoiceId, due - amount);
					entry.changed ||= ours;
				} catch (error) {
					if (!(error instanceof LedgerError)) throw error;
					entry.error = new LedgerError(
						`credit note ${xero.CreditNoteNumber ?? xero.CreditNoteID} was issued but not allocated: ${error.message}`,
						{ ...error.details(), itemIndex: index, field: 'allocate' },
					);
				}
			}
		}
		const refunded = (xero.Payments ?? []).some((p) => p.Status !== 'DELETED');
		if (note.refund && !refunded && remaining > 0 && !entry.error) {
			const account = note.refund.bankAccount?.trim() || (await bankAccountOr(ctx, index, entry));
			if (account) {
				refunds.push({
					index,
					sourceId: note.sourceId.trim(),
					body: {
						CreditNote: { CreditNoteID: xero.CreditNoteID },
						Account: accountRef(account),
						Amount: toMajorNumber(remaining, note.currency),
						Date: note.refund.date,
						Reference: note.refund.reference?.trim() || note.sourceId.trim(),
					},
				});
			}
		}
	}

	const refundResults = await writeInBatches(ctx, refunds, {
		method: 'PUT',
		path: '/Payments',
		key: 'Payments',
		operation: 'creditnoterefunds',
		claim: '/Payments',
		toResult: (answer, element): ItemResult<XeroPayment> => {
			const payment = answer as XeroPayment;
			if (elementFailed(payment) || !payment?.PaymentID) {
				const locate = (m: string) =>
					/account/i.test(m) ? 'refund.bankAccount' : /date/i.test(m) ? 'refund.date' : undefined;
				return {
					index: element.index,
					action: 'failed',
					error: elementError(payment, element.index, locate, 'the refund'),
				};
			}
			return {
				index: element.index,
				action: 'created',
				ledgerId: payment.PaymentID,
				record: payment,
			};
		},
	});
	for (const result of await refundedMeanwhile(ctx, refundResults, refunds, state)) {
		const entry = state.get(result.index)!;
		if (result.action === 'failed') {
			const name = entry.item.xero.CreditNoteNumber ?? entry.item.xero.CreditNoteID;
			entry.error = new LedgerError(
				`credit note ${name} was issued but not refunded: ${result.error.message}`,
				{
					...result.error.details(),
					itemIndex: result.index,
				},
			);
		} else {
			entry.record.refundedMinor += majorNumberToMinor(
				result.record.Amount ?? 0,
				entry.item.note.currency,
			);
			entry.record.refundLedgerId = result.ledgerId;
			entry.changed ||= result.action === 'created';
		}
	}

	for (const [index, entry] of state) {
		if (entry.error) out.push({ index, action: 'failed', error: entry.error });
		else {
			const action =
				entry.item.action === 'created'
					? 'created'
					: entry.changed && !entry.item.concurrent
						? 'updated'
						: 'unchanged';
			out.push({ index, action, ledgerId: entry.record.ledgerId, record: entry.record });
		}
	}
	return out;
}

/**
 * A refund Xero refused because the credit note has no credit left may have been made by another
 * execution that issued or found the same credit note at the same moment (their refund batches
 * differ, so Xero did not join them): when the note, read again, holds a live refund with this
 * refund's reference, amount and date, that one is the refund asked for.
 */
async function refundedMeanwhile(
	ctx: XeroContext,
	results: Array<ItemResult<XeroPayment>>,
	refunds: Array<PreparedElement<XeroPayment>>,
	state: Map<number, { item: IssuedCreditNote }>,
): Promise<Array<ItemResult<XeroPayment>>> {
	const asked = new Map(refunds.map((r) => [r.index, r.body]));
	const refused = results.filter((r) => refusedByXero(r) && asked.has(r.index));
	if (refused.length === 0) return results;
	// The refused notes read again in one list call per chunk (their source ids), not one each.
	let fresh = new Map<string, XeroCreditNote[]>();
	try {
		fresh = await getAllCreditNotesByReference(
			ctx.api,
			refused.map((r) => state.get(r.index)!.item.note.sourceId.trim()),
		);
	} catch (error) {
		if (!(error instanceof LedgerError)) throw error;
		return results; // the refusals stand
	}
	const notes = new Map([...fresh.values()].flat().map((n) => [n.CreditNoteID, n]));
	return results.map((result) => {
		if (!refused.includes(result)) return result;
		const { note, xero } = state.get(result.index)!.item;
		const wanted = fromXeroPayment(asked.get(result.index)!, '', note.currency);
		const made = (notes.get(xero.CreditNoteID)?.Payments ?? []).find((p) => {
			if (p.Status === 'DELETED' || !p.PaymentID) return false;
			const found = fromXeroPayment(p, '', note.currency);
			return (
				found.reference === wanted.reference &&
				found.amountMinor === wanted.amountMinor &&
				found.date === wanted.date
			);
		});
		return made
			? { index: result.index, action: 'unchanged', ledgerId: made.PaymentID ?? '', record: made }
			: result;
	});
}

async function bankAccountOr(
	ctx: XeroContext,
	index: number,
	entry: { error?: LedgerError },
): Promise<string | undefined> {
	try {
		return await ctx.settings.defaultBankAccount('refund.bankAccount', index);
	} catch (error) {
		if (!(error instanceof LedgerError)) throw error;
		entry.error = error;
		return undefined;
	}
}

async function allocate(
	ctx: XeroContext,
	creditNoteId: string,
	invoiceId: string,
	amountMinor: number,
	note: CreditNote,
	index: number,
): Promise<boolean> {
	const allocation: XeroAllocation = {
		Invoice: { InvoiceID: invoiceId },
		Amount: toMajorNumber(amountMinor, note.currency),
		Date: note.date,
	};
	const key = idempotencyKey(ctx.tenantId, 'allocation', [note.sourceId.trim()], {
		creditNoteId,
		invoiceId,
		amountMinor,
	});
	const [answer] = await ctx.api.writeBatch(
		'PUT',
		`/CreditNotes/${encodeURIComponent(creditNoteId)}/Allocations`,
		'Allocations',
		[allocation],
		{
			idempotencyKey: key,
		},
	);
	if (elementFailed(answer as XeroAllocation)) {
		throw scrubError(
			elementError(answer as XeroAllocation, index, () => 'allocate', 'the allocation'),
			ctx.secrets,
		);
	}
	return claimWrite(ctx, `/CreditNotes/${encodeURIComponent(creditNoteId)}`, key, 'Allocated');
}
