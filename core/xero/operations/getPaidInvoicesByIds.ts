/** The webhook path: the invoices named by events, in one `IDs=` call per 50, kept when paid. */
import type { PaidInvoice } from '../../model';
import { getInvoicesById } from '../lookups/invoices';
import { isPaidSalesInvoice, toPaidInvoice } from '../mapping/invoice';
import type { XeroContext } from './context';

export async function getPaidInvoicesByIds(
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
				invoice !== undefined && isPaidSalesInvoice(invoice),
		)
		.map((invoice) => toPaidInvoice(invoice, ctx.tenantId));
}
