/**
 * What the Invoice Paid trigger reads. Polling: the documents of payments recorded since the last
 * poll, found by payment id (newPayments.ts), because `paid_at`/`payment_at` are dates the user
 * types and are often days back. Only the first scan (and "Fetch Test Event") reads by `paid_at`,
 * to look back over invoices paid before activation. Webhook path: documents by id, one call each
 * (EasyBill has no id-list filter on /documents), payments in one batched call.
 */
import { toBerlinDate } from '../../dates';
import type { ListPaidOptions, PaidCursor, PaidInvoicesPage } from '../../ledger';
import type { PaidInvoice } from '../../model';
import type { EasyBillContext } from '../context';
import { documentById, paymentsByDocumentIds } from '../lookups';
import { documentToPaidInvoice, isFullyPaid } from '../mapping/document';
import { numericId } from '../validation';
import type { EbDocument, EbList, EbPayment } from '../wire';
import { paymentsAfter } from './newPayments';

const DEFAULT_OVERLAP_MS = 24 * 60 * 60 * 1000;
const DEFAULT_MAX_PAGES = 50;
/** paid_at is a date without time; one day past "today" in Berlin covers any clock skew. */
const DAY_MS = 86_400_000;
/** Documents read per poll at most (one call each); the payment cursor resumes after them. */
export const MAX_DOCUMENTS_PER_POLL = 100;

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
	const next = new Date(Math.max(since, scanStartedAt)).toISOString();
	const afterId = positionOf(cursor.position);
	if (afterId === undefined) {
		// First scan: remember the newest payment before reading, so one recorded meanwhile is
		// read (again) by the next scan rather than missed; the trigger drops repeats.
		const newest = await newestPaymentId(ctx);
		const invoices = await paidByDate(ctx, since - (options.overlapMs ?? DEFAULT_OVERLAP_MS), {
			...options,
			scanStartedAt,
		});
		// A baseline leaves out invoices with a payment after `newest`: the next scan, reading the
		// payments after it, finds them as news (a payment made while this read was under way).
		const before =
			options.baselineAt === undefined
				? invoices
				: invoices.filter((invoice) => !(invoice.payments ?? []).some((p) => Number(p.ledgerId) > newest));
		return { invoices: before, cursor: { since: next, position: String(newest) } };
	}
	const found = await paymentsAfter(ctx.api, afterId, {
		maxPages: options.maxPages ?? DEFAULT_MAX_PAGES,
		shouldContinue: options.shouldContinue,
	});
	const documentIds: number[] = [];
	let lastId = afterId;
	for (const payment of found.payments) {
		if (!documentIds.includes(payment.document_id)) {
			if (documentIds.length >= MAX_DOCUMENTS_PER_POLL) break;
			if (documentIds.length > 0 && options.shouldContinue?.() === false) break;
			documentIds.push(payment.document_id);
		}
		lastId = payment.id;
	}
	const docs = await documentsByIds(ctx, documentIds.map(String));
	const paid = docs.filter(isPaidInvoice);
	const invoices = paid.length > 0 ? await withPayments(ctx, paid) : [];
	return { invoices, cursor: { since: next, position: String(lastId) } };
}

/** Invoices whose `paid_at` (a Berlin date) lies between `fromMs` and tomorrow, every page. */
async function paidByDate(
	ctx: EasyBillContext,
	fromMs: number,
	options: ListPaidOptions & { scanStartedAt: number },
): Promise<PaidInvoice[]> {
	const from = toBerlinDate(fromMs);
	const to = toBerlinDate(options.scanStartedAt + DAY_MS);
	const docs = await ctx.api.listAll<EbDocument>(
		'/documents',
		{ type: 'INVOICE', paid_at: `${from},${to}` },
		undefined,
		options.maxPages ?? DEFAULT_MAX_PAGES,
	);
	const paid = docs.filter(isPaidInvoice);
	return paid.length > 0 ? await withPayments(ctx, paid) : [];
}

/** The newest payment's id (0 when there is none): payments are listed by id, oldest first. */
async function newestPaymentId(ctx: EasyBillContext): Promise<number> {
	const first = await ctx.api.get<EbList<EbPayment>>('/document-payments', { limit: 1, page: 1 });
	const total = first?.total ?? first?.items?.length ?? 0;
	if (total <= 1) return first?.items?.[0]?.id ?? 0;
	const last = await ctx.api.get<EbList<EbPayment>>('/document-payments', {
		limit: 1,
		page: total,
	});
	return last?.items?.[0]?.id ?? first.items?.[0]?.id ?? 0;
}

function positionOf(position: string | undefined): number | undefined {
	if (position === undefined || !/^\d+$/.test(position)) return undefined;
	return Number(position);
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
