/**
 * Paid sales invoices changed since a cursor, for the polling trigger. Xero filters by
 * `If-Modified-Since`; ordering by `UpdatedDateUTC ASC` means the scan can stop at a page bound
 * and resume there. A scan that stops early keeps its `since` and records the page to resume at
 * (`position`), re-reading that last page because invoices changed meanwhile move to the end and
 * shift the rest forward. So a bound never moves the cursor into the middle of one timestamp, even
 * when thousands of invoices share an `UpdatedDateUTC`. A payment back-dated before the last poll
 * still changes its invoice's `UpdatedDateUTC`, which is what is read here.
 */
import type { ListPaidOptions, PaidCursor, PaidInvoicesPage } from '../../ledger';
import type { PaidInvoice } from '../../model';
import { XERO_PAGE_SIZE } from '../api';
import { isPaidSalesInvoice, toPaidInvoice, updatedAt } from '../mapping/invoice';
import { whereEquals } from '../where';
import type { XeroContext } from './context';

const DEFAULT_MAX_PAGES = 50;

/** `p<page>@<from ms>`: an unfinished scan from `from`, to resume at `page`. */
function readPosition(position: string | undefined): { page: number; from: number } | undefined {
	const match = /^p(\d+)@(\d+)$/.exec(position ?? '');
	if (!match) return undefined;
	return { page: Math.max(1, Number(match[1])), from: Number(match[2]) };
}

export async function listPaidInvoices(
	ctx: XeroContext,
	cursor: PaidCursor,
	options: ListPaidOptions = {},
): Promise<PaidInvoicesPage> {
	const since = Date.parse(cursor.since);
	const resume = readPosition(cursor.position);
	const from = resume?.from ?? (Number.isNaN(since) ? 0 : Math.max(0, since - (options.overlapMs ?? 0)));
	const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
	const seen = new Set<string>();
	const paid: PaidInvoice[] = [];
	let newest = Number.isNaN(since) ? 0 : since;
	let laterThanBaseline = Number.POSITIVE_INFINITY;
	let page = resume?.page ?? 1;
	let pagesRead = 0;
	let complete = false;
	// A resumed scan re-reads one page, which must not use up its bound: at least one new page.
	const rereads = resume ? 1 : 0;
	while (
		pagesRead < maxPages + rereads &&
		!(pagesRead > rereads && options.shouldContinue?.() === false)
	) {
		const envelope = await ctx.api.get(
			'/Invoices',
			{
				Statuses: 'PAID',
				where: whereEquals('Type', 'ACCREC'),
				order: 'UpdatedDateUTC ASC',
				page,
				pageSize: XERO_PAGE_SIZE,
			},
			{ 'If-Modified-Since': new Date(from).toISOString() },
		);
		pagesRead++;
		const invoices = envelope.Invoices ?? [];
		for (const invoice of invoices) {
			const changed = updatedAt(invoice);
			if (changed !== undefined && changed > newest) newest = changed;
			// A page boundary can shift while invoices change: the same invoice may show up twice.
			if (!invoice.InvoiceID || seen.has(invoice.InvoiceID) || !isPaidSalesInvoice(invoice))
				continue;
			seen.add(invoice.InvoiceID);
			// Paid after the baseline's start: left for the next scan, which the cursor keeps before it.
			if (options.baselineAt !== undefined && changed !== undefined && changed >= options.baselineAt) {
				laterThanBaseline = Math.min(laterThanBaseline, changed);
				continue;
			}
			paid.push(toPaidInvoice(invoice, ctx.tenantId));
		}
		const pageCount = envelope.pagination?.pageCount;
		if (invoices.length < XERO_PAGE_SIZE || (pageCount !== undefined && page >= pageCount)) {
			complete = true;
			break;
		}
		page++;
	}
	// A second before the first one left out, whatever the overlap (Xero's If-Modified-Since is to the second).
	if (laterThanBaseline !== Number.POSITIVE_INFINITY) newest = Math.min(newest, laterThanBaseline - 1000);
	if (complete) return { invoices: paid, cursor: { since: new Date(newest).toISOString() } };
	// Stopped at the bound: keep `since`, resume at the last page read (re-read for shifts).
	return {
		invoices: paid,
		cursor: { since: cursor.since, position: `p${Math.max(1, page - 1)}@${from}` },
	};
}
