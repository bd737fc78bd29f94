/**
 * The total a new credit note will carry, worked out before it is written, and the check of what
 * Xero booked: by amount the lines are tax-inclusive and sum to the amount; by lines the per-line
 * total from the organisation's rates (core/xero/totals); a full credit copies the invoice's lines,
 * so it books the invoice's total. Expected Total is checked against it before the PUT (a credit
 * note is written AUTHORISED); a credit note Xero booked at another total is a `mismatch` and is
 * neither allocated nor refunded.
 */
import { expectedTotalMismatch } from '../../compare';
import type { LedgerError } from '../../errors';
import { majorNumberToMinor } from '../../money';
import type { CreditNote, InvoiceLine, TaxMode } from '../../model';
import { bookedTotalMismatch, xeroExpectedTotal } from '../totals';
import type { XeroCreditNote, XeroInvoice } from '../wire';
import type { XeroContext } from './context';

export async function plannedCreditTotal(
	ctx: XeroContext,
	note: CreditNote,
	invoice: XeroInvoice,
	lines: { resolved?: InvoiceLine[]; taxMode: TaxMode },
): Promise<number | undefined> {
	if (note.amountMinor !== undefined) return note.amountMinor;
	if (lines.resolved) return xeroExpectedTotal(ctx, lines.resolved, lines.taxMode);
	return majorNumberToMinor(invoice.Total ?? 0, note.currency);
}

/** Expected Total against the planned total, before anything is written. */
export function plannedMismatch(
	note: CreditNote,
	plannedMinor: number | undefined,
	index: number,
): LedgerError | undefined {
	return expectedTotalMismatch(note.expectedTotalMinor, plannedMinor, note.currency, 'this credit note', index);
}

/** Expected Total against an existing credit note's booked total. */
export function bookedMismatch(note: CreditNote, xero: XeroCreditNote, index: number): LedgerError | undefined {
	return expectedTotalMismatch(
		note.expectedTotalMinor,
		majorNumberToMinor(xero.Total ?? 0, note.currency),
		note.currency,
		`credit note ${xero.CreditNoteNumber ?? xero.CreditNoteID}`,
		index,
	);
}

/** What Xero booked for a credit note just written, against what the input comes to. */
export function writtenMismatch(
	note: CreditNote,
	plannedMinor: number | undefined,
	xero: XeroCreditNote,
	index: number,
): LedgerError | undefined {
	const expected = note.expectedTotalMinor ?? plannedMinor;
	const booked = majorNumberToMinor(xero.Total ?? 0, note.currency);
	if (expected === undefined || booked === expected) return undefined;
	return bookedTotalMismatch(
		`credit note ${xero.CreditNoteNumber ?? xero.CreditNoteID}`,
		'created',
		xero.CreditNoteID ?? '',
		booked,
		expected,
		note.currency,
		index,
		note.expectedTotalMinor === undefined ? undefined : 'expectedTotalMinor',
	);
}
