/** Find Invoices: each ref resolved in one batched call per kind (ids, numbers, source ids). */
import type { InvoiceRecord, InvoiceRef } from '../../model';
import { resolveInvoiceRefs } from '../lookups/invoices';
import { fromXeroInvoice } from '../mapping/invoice';
import type { XeroContext } from './context';

export async function findInvoices(
	ctx: XeroContext,
	refs: InvoiceRef[],
): Promise<Array<InvoiceRecord | undefined>> {
	const usable = refs.map((ref) => {
		const value =
			ref &&
			('ledgerId' in ref
				? ref.ledgerId
				: 'number' in ref
					? ref.number
					: 'sourceId' in ref
						? ref.sourceId
						: '');
		return typeof value === 'string' && value.trim() !== '';
	});
	const found = await resolveInvoiceRefs(
		ctx.api,
		refs.filter((_r, i) => usable[i]),
	);
	let next = 0;
	return refs.map((ref, i) => {
		if (!usable[i]) return undefined;
		const xero = found[next++];
		if (!xero) return undefined;
		const record = fromXeroInvoice(xero);
		return 'sourceId' in ref ? { ...record, sourceId: ref.sourceId.trim() } : record;
	});
}
