/**
 * Issue Credit Note: ACCRECCREDIT against a sales invoice, credited in full (the invoice's lines
 * copied), by lines, or by a gross amount; then optionally allocated to the invoice
 * (`PUT /CreditNotes/{id}/Allocations`) and refunded (`PUT /Payments` with `CreditNote`).
 * A credit note that already exists for the source id is not issued again; a missing
 * allocation or refund on it (a run that stopped half-way) is completed.
 */
import { LedgerError, scrubError } from '../../errors';
import type { ItemResult } from '../../ledger';
import { formatMajor, majorNumberToMinor, toMajorNumber } from '../../money';
import type { CreditNote, CreditNoteRecord, TaxMode } from '../../model';
import { elementFailed } from '../errors';
import { idempotencyKey } from '../idempotency';
import { getCreditNotesByReference } from '../lookups/creditNotes';
import { resolveInvoiceRefs } from '../lookups/invoices';
import {
	amountLine,
	copyInvoiceLines,
	fromXeroCreditNote,
	remainingCreditMinor,
	toXeroCreditNote,
} from '../mapping/creditNote';
import { elementError, lineFieldFor } from '../mapping/elementErrors';
import { toXeroLineItem } from '../mapping/invoice';
import { accountRef } from '../mapping/payment';
import { validateCreditNote } from '../validate';
import type {
	XeroAllocation,
	XeroCreditNote,
	XeroInvoice,
	XeroLineItem,
	XeroPayment,
} from '../wire';
import { writeInBatches, type PreparedElement } from './batchWrite';
import type { XeroContext } from './context';
import { resolveLines } from './createInvoices';

const TAX_MODES: Record<string, TaxMode> = {
	Exclusive: 'exclusive',
	Inclusive: 'inclusive',
	NoTax: 'none',
};

function fail(
	index: number,
	kind: 'conflict' | 'not_found',
	field: string,
	message: string,
): ItemResult<CreditNoteRecord> {
	return {
		index,
		action: 'failed',
		error: new LedgerError(`${field}: ${message}`, { kind, field, itemIndex: index }),
	};
}

interface Issued {
	index: number;
	note: CreditNote;
	invoice: XeroInvoice;
	xero: XeroCreditNote;
	action: 'created' | 'unchanged';
}

async function linesFor(
	ctx: XeroContext,
	note: CreditNote,
	invoice: XeroInvoice,
	index: number,
): Promise<{ lines: XeroLineItem[]; lineAmountTypes: string } | ItemResult<CreditNoteRecord>> {
	const invoiceMode = invoice.LineAmountTypes ?? 'Exclusive';
	const creditable =
		majorNumberToMinor(invoice.Total ?? 0, note.currency) -
		majorNumberToMinor(invoice.AmountCredited ?? 0, note.currency);
	if (note.amountMinor !== undefined) {
		if (note.amountMinor > creditable) {
			return fail(
				index,
				'conflict',
				'amountMinor',
				`${formatMajor(note.amountMinor, note.currency)} is more than the ${formatMajor(creditable, note.currency)} left to credit on the invoice`,
			);
		}
		return {
			lines: [amountLine(note, invoice)],
			lineAmountTypes: invoiceMode === 'NoTax' ? 'NoTax' : 'Inclusive',
		};
	}
	if (note.lines) {
		const model = invoice.LineItems?.[0];
		const lines = await resolveLines(
			ctx,
			note.lines,
			TAX_MODES[invoiceMode] ?? 'exclusive',
			{ SalesDefaultAccountCode: model?.AccountCode, AccountsReceivableTaxType: model?.TaxType },
			index,
		);
		return {
			lines: lines.map((l) => toXeroLineItem(l, note.currency)),
			lineAmountTypes: invoiceMode,
		};
	}
	if (majorNumberToMinor(invoice.AmountCredited ?? 0, note.currency) > 0) {
		return fail(
			index,
			'conflict',
			'amountMinor',
			'the invoice is already partly credited: give the amount or lines to credit',
		);
	}
	return { lines: copyInvoiceLines(invoice), lineAmountTypes: invoiceMode };
}

export async function issueCreditNotes(
	ctx: XeroContext,
	notes: CreditNote[],
): Promise<Array<ItemResult<CreditNoteRecord>>> {
	const results = new Map<number, ItemResult<CreditNoteRecord>>();
	const work: Array<{ index: number; note: CreditNote }> = [];
	notes.forEach((note, index) => {
		const error = validateCreditNote(note, index);
		if (error) results.set(index, { index, action: 'failed', error });
		else work.push({ index, note });
	});
	if (work.length === 0) return notes.map((_n, i) => results.get(i)!);

	const [invoices, existing] = await Promise.all([
		resolveInvoiceRefs(
			ctx.api,
			work.map((w) => w.note.invoice),
		),
		getCreditNotesByReference(
			ctx.api,
			work.map((w) => w.note.sourceId.trim()),
		),
	]);

	const issued: Issued[] = [];
	const prepared: Array<PreparedElement<XeroCreditNote>> = [];
	const pending = new Map<
		number,
		{ note: CreditNote; invoice: XeroInvoice; lines: XeroLineItem[] }
	>();
	for (const [i, { index, note }] of work.entries()) {
		const invoice = invoices[i];
		if (!invoice?.InvoiceID) {
			results.set(index, fail(index, 'not_found', 'invoice', 'no Xero sales invoice matches it'));
			continue;
		}
		const already = existing.get(note.sourceId.trim());
		if (already) {
			issued.push({ index, note, invoice, xero: already, action: 'unchanged' });
			continue;
		}
		if (invoice.Status !== 'AUTHORISED' && invoice.Status !== 'PAID') {
			results.set(
				index,
				fail(
					index,
					'conflict',
					'invoice',
					`invoice ${invoice.InvoiceNumber ?? invoice.InvoiceID} is ${invoice.Status ?? 'not approved'}: only approved invoices can be credited`,
				),
			);
			continue;
		}
		if (invoice.CurrencyCode && invoice.CurrencyCode !== note.currency) {
			results.set(
				index,
				fail(
					index,
					'conflict',
					'currency',
					`the credit note is in ${note.currency} but the invoice is in ${invoice.CurrencyCode}`,
				),
			);
			continue;
		}
		try {
			const built = await linesFor(ctx, note, invoice, index);
			if ('action' in built) {
				results.set(index, built);
				continue;
			}
			prepared.push({
				index,
				sourceId: note.sourceId.trim(),
				body: toXeroCreditNote(note, invoice, built.lines, built.lineAmountTypes),
			});
			pending.set(index, { note, invoice, lines: built.lines });
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			results.set(index, { index, action: 'failed', error: error.forItem(index) });
		}
	}

	const written = await writeInBatches(ctx, prepared, {
		method: 'PUT',
		path: '/CreditNotes',
		key: 'CreditNotes',
		operation: 'creditnotes',
		// The copied invoice lines may carry four-decimal unit prices.
		query: { unitdp: 4 },
		toResult: (answer, element): ItemResult<CreditNoteRecord> => {
			const xero = answer as XeroCreditNote;
			const { note, invoice, lines } = pending.get(element.index)!;
			if (elementFailed(xero) || !xero?.CreditNoteID) {
				const locate = (m: string) =>
					/amount|total/i.test(m)
						? 'amountMinor'
						: lineFieldFor(
								m,
								lines.map((l) => ({ accountCode: l.AccountCode, taxType: l.TaxType })),
							);
				return {
					index: element.index,
					action: 'failed',
					error: elementError(xero, element.index, locate, 'the credit note'),
				};
			}
			issued.push({ index: element.index, note, invoice, xero, action: 'created' });
			return {
				index: element.index,
				action: 'created',
				ledgerId: xero.CreditNoteID,
				record: fromXeroCreditNote(xero, invoice.InvoiceID),
			};
		},
		recover: async (elements) => {
			const found = await getCreditNotesByReference(
				ctx.api,
				elements.map((e) => e.sourceId),
			);
			const recovered = new Map<number, ItemResult<CreditNoteRecord>>();
			for (const element of elements) {
				const xero = found.get(element.sourceId);
				const { note, invoice } = pending.get(element.index)!;
				if (!xero?.CreditNoteID) continue;
				issued.push({ index: element.index, note, invoice, xero, action: 'created' });
				recovered.set(element.index, {
					index: element.index,
					action: 'created',
					ledgerId: xero.CreditNoteID,
					record: fromXeroCreditNote(xero, invoice.InvoiceID),
				});
			}
			return recovered;
		},
	});
	for (const result of written) results.set(result.index, result);

	for (const result of await settle(ctx, issued)) results.set(result.index, result);
	return notes.map((_n, index) => results.get(index)!);
}

/** Allocation and refund for each issued (or found) credit note, where asked and still missing. */
async function settle(
	ctx: XeroContext,
	issued: Issued[],
): Promise<Array<ItemResult<CreditNoteRecord>>> {
	const out: Array<ItemResult<CreditNoteRecord>> = [];
	const dueLeft = new Map<string, number>();
	const refunds: Array<PreparedElement<XeroPayment>> = [];
	const state = new Map<
		number,
		{ item: Issued; record: CreditNoteRecord; changed: boolean; error?: LedgerError }
	>();

	for (const item of issued) {
		const { note, invoice, xero, index } = item;
		const invoiceId = invoice.InvoiceID ?? '';
		const record = fromXeroCreditNote(xero, invoiceId);
		const entry = { item, record, changed: false } as {
			item: Issued;
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
					await allocate(ctx, xero.CreditNoteID ?? '', invoiceId, amount, note, index);
					record.allocatedMinor += amount;
					remaining -= amount;
					dueLeft.set(invoiceId, due - amount);
					entry.changed = true;
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
	for (const result of refundResults) {
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
			entry.changed = true;
		}
	}

	for (const [index, entry] of state) {
		if (entry.error) out.push({ index, action: 'failed', error: entry.error });
		else {
			const action =
				entry.item.action === 'created' ? 'created' : entry.changed ? 'updated' : 'unchanged';
			out.push({ index, action, ledgerId: entry.record.ledgerId, record: entry.record });
		}
	}
	return out;
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
): Promise<void> {
	const allocation: XeroAllocation = {
		Invoice: { InvoiceID: invoiceId },
		Amount: toMajorNumber(amountMinor, note.currency),
		Date: note.date,
	};
	const [answer] = await ctx.api.writeBatch(
		'PUT',
		`/CreditNotes/${encodeURIComponent(creditNoteId)}/Allocations`,
		'Allocations',
		[allocation],
		{
			idempotencyKey: idempotencyKey(ctx.tenantId, 'allocation', [note.sourceId.trim()], {
				creditNoteId,
				invoiceId,
				amountMinor,
			}),
		},
	);
	if (elementFailed(answer as XeroAllocation)) {
		throw scrubError(
			elementError(answer as XeroAllocation, index, () => 'allocate', 'the allocation'),
			ctx.secrets,
		);
	}
}
