/**
 * Paid sales invoices changed since a cursor, for the polling trigger. Xero filters by
 * `If-Modified-Since`; ordering by `UpdatedDateUTC ASC` and reading every page means a busy
 * day never hides an invoice behind page one, and the cursor can move to the newest change seen.
 */
import type { ListPaidOptions, PaidCursor, PaidInvoicesPage } from '../../ledger';
import type { PaidInvoice } from '../../model';
import { isPaidSalesInvoice, toPaidInvoice, updatedAt } from '../mapping/invoice';
import { whereEquals } from '../where';
import type { XeroContext } from './context';

export async function listPaidInvoices(
	ctx: XeroContext,
	cursor: PaidCursor,
	options: ListPaidOptions = {},
): Promise<PaidInvoicesPage> {
	const since = Date.parse(cursor.since);
	const from = Number.isNaN(since) ? 0 : since - (options.overlapMs ?? 0);
	const invoices = await ctx.api.getAll(
		'/Invoices',
		'Invoices',
		{ Statuses: 'PAID', where: whereEquals('Type', 'ACCREC'), order: 'UpdatedDateUTC ASC' },
		{
			headers: { 'If-Modified-Since': new Date(Math.max(0, from)).toISOString() },
			maxPages: options.maxPages,
		},
	);
	const seen = new Set<string>();
	const paid: PaidInvoice[] = [];
	let newest = Number.isNaN(since) ? 0 : since;
	for (const invoice of invoices) {
		const changed = updatedAt(invoice);
		if (changed !== undefined && changed > newest) newest = changed;
		// A page boundary can shift while invoices change: the same invoice may show up twice.
		if (!invoice.InvoiceID || seen.has(invoice.InvoiceID) || !isPaidSalesInvoice(invoice)) continue;
		seen.add(invoice.InvoiceID);
		paid.push(toPaidInvoice(invoice, ctx.tenantId));
	}
	return { invoices: paid, cursor: { since: new Date(newest).toISOString() } };
}
