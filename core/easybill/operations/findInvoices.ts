/** Find Invoices: source ids in batched external_id lists, ledger ids and numbers one call each. */
import type { InvoiceRecord, InvoiceRef } from '../../model';
import type { EasyBillContext } from '../context';
import { resolveInvoiceRefs } from '../lookups';
import { documentToInvoiceRecord } from '../mapping/document';
import { validateInvoiceRef } from '../validation';

export async function findInvoices(
	ctx: EasyBillContext,
	refs: InvoiceRef[],
): Promise<Array<InvoiceRecord | undefined>> {
	const checked = refs.map((ref, i) => validateInvoiceRef(ref, `refs[${i}]`));
	const docs = await resolveInvoiceRefs(ctx.api, checked);
	return docs.map((doc) =>
		doc && doc.type === 'INVOICE' ? documentToInvoiceRecord(doc) : undefined,
	);
}
