/**
 * What the Invoice Paid trigger reads. Polling: invoices whose `paid_at` (a Berlin calendar date)
 * is on or after the cursor's Berlin date minus the overlap, every page. Webhook path: documents by
 * id, one call each (EasyBill has no id-list filter on /documents), payments in one batched call.
 */
import { toBerlinDate } from '../../dates';
import type { ListPaidOptions, PaidCursor, PaidInvoicesPage } from '../../ledger';
import type { PaidInvoice } from '../../model';
import type { EasyBillContext } from '../context';
import { documentById, paymentsByDocumentIds } from '../lookups';
import { documentToPaidInvoice, isFullyPaid } from '../mapping/document';
import { numericId } from '../validation';
import type { EbDocument } from '../wire';

const DEFAULT_OVERLAP_MS = 24 * 60 * 60 * 1000;
const DEFAULT_MAX_PAGES = 50;
/** paid_at is a date without time; one day past "today" in Berlin covers any clock skew. */
const DAY_MS = 86_400_000;

function isPaidInvoice(doc: EbDocument): boolean {
	return doc.type === 'INVOICE' && isFullyPaid(doc);
}

async function withPayments(ctx: EasyBillContext, docs: EbDocument[]): Promise<PaidInvoice[]> {
	const payments = await paymentsByDocumentIds(
		ctx.api,
		docs.map((d) => d.id),
	);
	return docs.map((doc) => documentToPaidInvoice(doc, payments));
}

export async function listPaidInvoices(
	ctx: EasyBillContext,
	cursor: PaidCursor,
	options: ListPaidOptions = {},
): Promise<PaidInvoicesPage> {
	const scanStartedAt = ctx.clock.now();
	const since = Date.parse(cursor.since);
	if (Number.isNaN(since))
		throw new RangeError(`cursor.since "${cursor.since}" is not an ISO instant`);
	const from = toBerlinDate(since - (options.overlapMs ?? DEFAULT_OVERLAP_MS));
	const to = toBerlinDate(scanStartedAt + DAY_MS);
	const docs = await ctx.api.listAll<EbDocument>(
		'/documents',
		{ type: 'INVOICE', paid_at: `${from},${to}` },
		undefined,
		options.maxPages ?? DEFAULT_MAX_PAGES,
	);
	const paid = docs.filter(isPaidInvoice);
	const invoices = paid.length > 0 ? await withPayments(ctx, paid) : [];
	// The scan saw every invoice paid up to now; paid_at is only a date, so the next scan re-reads
	// today (the overlap) and the trigger's seen-id store drops repeats.
	const next = Math.max(since, scanStartedAt);
	return { invoices, cursor: { since: new Date(next).toISOString() } };
}

async function documentsByIds(ctx: EasyBillContext, ids: string[]): Promise<EbDocument[]> {
	const docs: EbDocument[] = [];
	for (const id of [...new Set(ids.map((id, i) => numericId(id, `ids[${i}]`)))]) {
		const doc = await documentById(ctx.api, id);
		if (doc) docs.push(doc);
	}
	return docs;
}

export async function getPaidInvoicesByIds(
	ctx: EasyBillContext,
	ids: string[],
): Promise<PaidInvoice[]> {
	const paid = (await documentsByIds(ctx, ids)).filter(isPaidInvoice);
	return paid.length > 0 ? withPayments(ctx, paid) : [];
}

export async function getInvoiceState(
	ctx: EasyBillContext,
	id: string,
): Promise<PaidInvoice | undefined> {
	const [doc] = await documentsByIds(ctx, [id]);
	if (!doc || doc.type !== 'INVOICE') return undefined;
	const [invoice] = await withPayments(ctx, [doc]);
	return invoice;
}
