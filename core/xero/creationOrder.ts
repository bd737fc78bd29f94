/**
 * Which of two sales invoices Xero made first. An invoice created without an `InvoiceNumber`
 * gets the next number of the organisation's invoice settings (`INV-0041`, `INV-0042`, ...), and
 * the package never sets one on an invoice identified by its source id, so the number's
 * sequence is the creation order: of two invoices for one source id, the one with the lower
 * number existed first, and an execution that re-checks after its own create sees every invoice
 * numbered before its own. Numbers that do not share a prefix (one typed by hand, the
 * organisation's prefix changed in between) fall back to `UpdatedDateUTC` (which a later edit
 * moves), then to `InvoiceID`, so every execution still orders the same set the same way.
 */
import { parseXeroDate } from '../dates';
import type { XeroInvoice } from './wire';

const SEQUENCED = /^(.*?)(\d+)$/;

function sequence(invoice: XeroInvoice): { prefix: string; n: bigint } | undefined {
	const match = SEQUENCED.exec((invoice.InvoiceNumber ?? '').trim());
	return match ? { prefix: match[1].toLowerCase(), n: BigInt(match[2]) } : undefined;
}

function updatedAt(invoice: XeroInvoice): number {
	try {
		return invoice.UpdatedDateUTC ? parseXeroDate(String(invoice.UpdatedDateUTC)) : Infinity;
	} catch {
		return Infinity;
	}
}

/** Negative when `a` was created before `b` (a sort comparator: the first created sorts first). */
export function creationOrder(a: XeroInvoice, b: XeroInvoice): number {
	const sa = sequence(a);
	const sb = sequence(b);
	if (sa && sb && sa.prefix === sb.prefix && sa.n !== sb.n) return sa.n < sb.n ? -1 : 1;
	const ua = updatedAt(a);
	const ub = updatedAt(b);
	if (ua !== ub) return ua < ub ? -1 : 1;
	const ia = a.InvoiceID ?? '';
	const ib = b.InvoiceID ?? '';
	return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/** The invoice created first of those given (undefined for none). */
export function firstCreated(invoices: XeroInvoice[]): XeroInvoice | undefined {
	return invoices.reduce<XeroInvoice | undefined>(
		(first, candidate) => (!first || creationOrder(candidate, first) < 0 ? candidate : first),
		undefined,
	);
}
