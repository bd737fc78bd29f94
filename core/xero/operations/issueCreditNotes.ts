/**
 * Issue Credit Note: ACCRECCREDIT against a sales invoice, credited in full (the invoice's lines
 * copied), by lines, or by a gross amount; then optionally allocated to the invoice
 * (`PUT /CreditNotes/{id}/Allocations`) and refunded (`PUT /Payments` with `CreditNote`).
 * A credit note that already exists for the source id is not issued again; a missing
 * allocation or refund on it (a run that stopped half-way) is completed.
 */
import { LedgerError } from '../../errors';
import type { ItemResult } from '../../ledger';
import { formatMajor, majorNumberToMinor } from '../../money';
import type { CreditNote, CreditNoteRecord, InvoiceLine, TaxMode } from '../../model';
import { ensureDailyBudget } from '../dailyBudget';
import { elementFailed } from '../errors';
import { getCreditNotesByReference } from '../lookups/creditNotes';
import { resolveInvoiceRefs } from '../lookups/invoices';
import {
	amountLines,
	copyInvoiceLines,
	fromXeroCreditNote,
	toXeroCreditNote,
} from '../mapping/creditNote';
import { correctionFor } from '../mapping/creditNoteCorrection';
import { elementError, lineFieldFor } from '../mapping/elementErrors';
import { toXeroLineItem } from '../mapping/invoice';
import { resolveLines } from '../mapping/lines';
import { validateCreditNote } from '../validate';
import type { XeroCreditNote, XeroInvoice, XeroLineItem } from '../wire';
import { writeInBatches, type PreparedElement } from './batchWrite';
import type { XeroContext } from './context';
import { bookedMismatch, plannedCreditTotal, plannedMismatch, writtenMismatch } from './creditTotals';
import { settleCreditNotes, type IssuedCreditNote } from './settleCreditNotes';
import type { CreatedCopy } from '../createRace';
import { CreditNoteRecheck } from '../creditNoteRace';

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

async function linesFor(
	ctx: XeroContext,
	note: CreditNote,
	invoice: XeroInvoice,
	index: number,
): Promise<
	| { lines: XeroLineItem[]; lineAmountTypes: string; resolved?: InvoiceLine[] }
	| ItemResult<CreditNoteRecord>
> {
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
		// Rates only order the parts of a mixed-rate invoice: no read for a single tax type.
		const taxTypes = new Set((invoice.LineItems ?? []).map((l) => l.TaxType ?? ''));
		const rates = new Map(
			taxTypes.size > 1
				? (await ctx.settings.taxRates()).map((r) => [
						r.TaxType ?? '',
						r.EffectiveRate ?? r.DisplayTaxRate,
					])
				: [],
		);
		return {
			lines: amountLines(note, invoice, (taxType) => rates.get(taxType)),
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
			'lines',
			note.currency,
		);
		return {
			lines: lines.map((l) => toXeroLineItem(l, note.currency)),
			lineAmountTypes: invoiceMode,
			resolved: lines,
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

/**
 * A credit note the ledger already holds for the source id: a result when it differs from the
 * input (or its booked total from the Expected Total), else the note to complete as `unchanged`.
 */
function foundNote(
	note: CreditNote,
	already: XeroCreditNote,
	invoice: XeroInvoice,
	index: number,
): { result: ItemResult<CreditNoteRecord> } | { issued: IssuedCreditNote } {
	const decision = correctionFor(note, already, invoice, index);
	if (decision.action === 'conflict') return { result: { index, action: 'failed', error: decision.error } };
	if (decision.action === 'unchanged' && decision.differences) {
		return {
			result: {
				index,
				action: 'unchanged',
				ledgerId: already.CreditNoteID ?? '',
				record: fromXeroCreditNote(already, invoice.InvoiceID),
				differences: decision.differences,
			},
		};
	}
	const mismatch = bookedMismatch(note, already, index);
	if (mismatch) return { result: { index, action: 'failed', error: mismatch } };
	return { issued: { index, note, invoice, xero: already, action: 'unchanged' } };
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

	const issued: IssuedCreditNote[] = [];
	const prepared: Array<PreparedElement<XeroCreditNote>> = [];
	const pending = new Map<
		number,
		{ note: CreditNote; invoice: XeroInvoice; lines: XeroLineItem[]; totalMinor?: number }
	>();
	for (const [i, { index, note }] of work.entries()) {
		const invoice = invoices[i];
		if (!invoice?.InvoiceID) {
			results.set(index, fail(index, 'not_found', 'invoice', 'no Xero sales invoice matches it'));
			continue;
		}
		const already = existing.get(note.sourceId.trim());
		if (already) {
			const found = foundNote(note, already, invoice, index);
			if ('result' in found) results.set(index, found.result);
			else issued.push(found.issued);
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
		// Allocating to an invoice with nothing due would leave an unallocated credit reported as done.
		if (note.allocate && majorNumberToMinor(invoice.AmountDue ?? 0, note.currency) <= 0) {
			results.set(
				index,
				fail(
					index,
					'conflict',
					'allocate',
					`invoice ${invoice.InvoiceNumber ?? invoice.InvoiceID} has nothing left to pay, so the credit cannot be allocated to it: refund the credit instead`,
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
			const totalMinor = await plannedCreditTotal(ctx, note, invoice, {
				resolved: built.resolved,
				taxMode: TAX_MODES[built.lineAmountTypes] ?? 'exclusive',
			});
			const mismatch = plannedMismatch(note, totalMinor, index);
			if (mismatch) throw mismatch;
			prepared.push({
				index,
				sourceId: note.sourceId.trim(),
				body: toXeroCreditNote(note, invoice, built.lines, built.lineAmountTypes),
			});
			pending.set(index, { note, invoice, lines: built.lines, totalMinor });
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			results.set(index, { index, action: 'failed', error: error.forItem(index) });
		}
	}

	// Notes, then their allocations (or refunds): two writes per 50.
	ensureDailyBudget(ctx, { writes: [prepared.length, prepared.length] }, `issuing ${prepared.length} credit notes`);
	const answers = new Map<number, XeroCreditNote>();
	const recheck = new CreditNoteRecheck(ctx);
	const written = await writeInBatches(ctx, prepared, {
		method: 'PUT',
		path: '/CreditNotes',
		key: 'CreditNotes',
		operation: 'creditnotes',
		// The copied invoice lines may carry four-decimal unit prices.
		query: { unitdp: 4 },
		claim: '/CreditNotes',
		onAnswered: (results: Array<ItemResult<CreditNoteRecord>>) =>
			recheck.start(
				results
					.filter((r) => r.action === 'created')
					.map((r) => pending.get(r.index)!.note.sourceId.trim()),
			),
		toResult: (answer, element): ItemResult<CreditNoteRecord> => {
			const xero = answer as XeroCreditNote;
			const { note, invoice, lines, totalMinor } = pending.get(element.index)!;
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
			// Booked at another total: reported, and neither allocated nor refunded.
			const mismatch = writtenMismatch(note, totalMinor, xero, element.index);
			if (mismatch) return { index: element.index, action: 'failed', error: mismatch };
			answers.set(element.index, xero);
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
				const { note, invoice, totalMinor } = pending.get(element.index)!;
				if (!xero?.CreditNoteID) continue;
				const mismatch = writtenMismatch(note, totalMinor, xero, element.index);
				if (mismatch) {
					recovered.set(element.index, { index: element.index, action: 'failed', error: mismatch });
					continue;
				}
				answers.set(element.index, xero);
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
	const copies: Array<CreatedCopy<XeroCreditNote>> = [];
	for (const result of written) {
		results.set(result.index, result);
		const xero = answers.get(result.index);
		if ((result.action !== 'created' && result.action !== 'unchanged') || !xero) continue;
		// `unchanged`: another execution issued it at the same moment (see ../claim).
		copies.push({
			index: result.index,
			reference: pending.get(result.index)!.note.sourceId.trim(),
			xero,
			ours: result.action === 'created',
		});
	}
	// Another execution may have issued the same source id at the same moment (../creditNoteRace):
	// settled before anything is allocated or refunded.
	const races = await recheck.settle(copies);
	for (const copy of copies) {
		const { note, invoice } = pending.get(copy.index)!;
		const race = races.get(copy.index);
		const action = results.get(copy.index)!.action as 'created' | 'unchanged';
		if (!race || race.kept) {
			const concurrent = action === 'unchanged';
			issued.push({ index: copy.index, note, invoice, xero: copy.xero, action, concurrent });
		} else if ('error' in race) {
			results.set(copy.index, { index: copy.index, action: 'failed', error: race.error });
		} else {
			// The kept one stands as if found before the issue: compared, then completed.
			const found = foundNote(note, race.winner, invoice, copy.index);
			const name = (x: XeroCreditNote) => x.CreditNoteNumber ?? x.CreditNoteID;
			const what = `another execution issued credit note ${name(race.winner)} for this source id at the same moment, before this execution's ${name(copy.xero)} (voided): `;
			if (!('result' in found)) issued.push({ ...found.issued, concurrent: true });
			else if (found.result.action !== 'failed') results.set(copy.index, found.result);
			else results.set(copy.index, { ...found.result, error: found.result.error.prefixed(what) });
		}
	}

	for (const result of await settleCreditNotes(ctx, issued)) results.set(result.index, result);
	return notes.map((_n, index) => results.get(index)!);
}
