/** The webhook path: the invoices named by events, in one `IDs=` call per batch. */
import type { PaidInvoice } from '../../model';
import { getInvoicesById } from '../lookups/invoices';
import { isPaidSalesInvoice, toPaidInvoice } from '../mapping/invoice';
import type { XeroContext } from './context';

/** The named sales invoices (ACCREC), whatever their status; others and unknown ids are omitted. */
export async function getSalesInvoicesByIds(
	ctx: XeroContext,
	ids: string[],
): Promise<PaidInvoice[]> {
	const wanted = [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];
	if (wanted.length === 0) return [];
	const found = await getInvoicesById(ctx.api, wanted);
	return wanted
		.map((id) => found.get(id))
		.filter(
			(invoice): invoice is NonNullable<typeof invoice> =>
				invoice !== undefined && invoice.Type === 'ACCREC',
		)
		.map((invoice) => toPaidInvoice(invoice, ctx.tenantId));
}

/** Only the PAID ones of the named sales invoices. */
export async function getPaidInvoicesByIds(
	ctx: XeroContext,
	ids: string[],
): Promise<PaidInvoice[]> {
	const invoices = await getSalesInvoicesByIds(ctx, ids);
	return invoices.filter((invoice) => isPaidSalesInvoice(invoice.raw as never));
}
