/**
 * Which of two sales invoices (or two credit notes) Xero made first. An invoice created without an `InvoiceNumber`
 * gets the next number of the organisation's invoice settings (`INV-0041`, `INV-0042`, ...), and
 * the package never sets one on an invoice identified by its source id, so the number's
 * sequence is the creation order: of two invoices for one source id, the one with the lower
 * number existed first, and an execution that re-checks after its own create sees every invoice
 * numbered before its own. Numbers that do not share a prefix (one typed by hand, the
 * organisation's prefix changed in between) fall back to `UpdatedDateUTC` (which a later edit
 * moves), then to `InvoiceID`, so every execution still orders the same set the same way.
 * Credit notes are numbered the same way from their own sequence (`CN-0001`, ...).
 *
 * Payments have no number: `paymentCreationOrder` orders them by `UpdatedDateUTC` (Xero's clock,
 * in milliseconds; a payment is never edited, only deleted), then `PaymentID`.
 */
import { parseXeroDate } from '../dates';
import type { XeroCreditNote, XeroInvoice, XeroPayment } from './wire';

/** A sales invoice or a credit note: both are numbered from a sequence of their own. */
export type NumberedDocument = Pick<XeroInvoice, 'InvoiceNumber' | 'InvoiceID' | 'UpdatedDateUTC'> &
	Pick<XeroCreditNote, 'CreditNoteNumber' | 'CreditNoteID'>;

const numberOf = (d: NumberedDocument) => d.InvoiceNumber ?? d.CreditNoteNumber ?? '';
const idOf = (d: NumberedDocument) => d.InvoiceID ?? d.CreditNoteID ?? '';

const SEQUENCED = /^(.*?)(\d+)$/;

function sequence(document: NumberedDocument): { prefix: string; n: bigint } | undefined {
	const match = SEQUENCED.exec(numberOf(document).trim());
	return match ? { prefix: match[1].toLowerCase(), n: BigInt(match[2]) } : undefined;
}

function updatedAt(record: { UpdatedDateUTC?: string }): number {
	try {
		return record.UpdatedDateUTC ? parseXeroDate(String(record.UpdatedDateUTC)) : Infinity;
	} catch {
		return Infinity;
	}
}

/** Negative when `a` was created before `b` (a sort comparator: the first created sorts first). */
export function creationOrder(a: NumberedDocument, b: NumberedDocument): number {
	const sa = sequence(a);
	const sb = sequence(b);
	if (sa && sb && sa.prefix === sb.prefix && sa.n !== sb.n) return sa.n < sb.n ? -1 : 1;
	const ua = updatedAt(a);
	const ub = updatedAt(b);
	if (ua !== ub) return ua < ub ? -1 : 1;
	return byId(idOf(a), idOf(b));
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Negative when payment `a` was made before `b`. */
export function paymentCreationOrder(a: XeroPayment, b: XeroPayment): number {
	const ua = updatedAt(a);
	const ub = updatedAt(b);
	if (ua !== ub) return ua < ub ? -1 : 1;
	return byId((a.PaymentID ?? '').toLowerCase(), (b.PaymentID ?? '').toLowerCase());
}

/** The record created first of those given (undefined for none), by `order`. */
export function firstCreated<T extends NumberedDocument>(records: T[]): T | undefined;
export function firstCreated<T>(records: T[], order: (a: T, b: T) => number): T | undefined;
export function firstCreated<T>(
	records: T[],
	order: (a: T, b: T) => number = creationOrder as never,
): T | undefined {
	return records.reduce<T | undefined>(
		(first, candidate) => (!first || order(candidate, first) < 0 ? candidate : first),
		undefined,
	);
}
