/**
 * List search for the node's pickers. EasyBill filters only on exact values, so a search term is
 * matched case-insensitively in the page EasyBill returns (name, e-mail, number).
 */
import type { ContactSummary, InvoiceSummary } from '../../model';
import type { EasyBillContext } from '../context';
import { customerDisplayName } from '../mapping/contact';
import { documentState, documentToInvoiceRecord } from '../mapping/document';
import type { EbCustomer, EbDocument, EbList } from '../wire';

const PAGE_SIZE = 100;

function matches(term: string | undefined, ...values: Array<string | null | undefined>): boolean {
	if (!term || term.trim() === '') return true;
	const needle = term.trim().toLowerCase();
	return values.some((v) => typeof v === 'string' && v.toLowerCase().includes(needle));
}

export async function searchCustomers(
	ctx: EasyBillContext,
	term?: string,
	page = 1,
): Promise<ContactSummary[]> {
	const list = await ctx.api.get<EbList<EbCustomer>>('/customers', { limit: PAGE_SIZE, page });
	return (list?.items ?? [])
		.filter((c) => matches(term, customerDisplayName(c), c.number, ...(c.emails ?? [])))
		.map((c) => {
			const item: ContactSummary = {
				ledgerId: String(c.id),
				name: customerDisplayName(c),
			};
			if (c.emails?.[0]) item.email = c.emails[0];
			return item;
		});
}

export async function searchInvoices(
	ctx: EasyBillContext,
	term?: string,
	page = 1,
): Promise<InvoiceSummary[]> {
	const list = await ctx.api.get<EbList<EbDocument>>('/documents', {
		type: 'INVOICE',
		limit: PAGE_SIZE,
		page,
	});
	return (list?.items ?? [])
		.map((doc) => ({ doc, record: documentToInvoiceRecord(doc) }))
		.filter(({ doc, record }) => matches(term, doc.number, doc.external_id, record.contact.name))
		.map(({ doc, record }) => {
			const item: InvoiceSummary = {
				ledgerId: record.ledgerId,
				totalMinor: record.totalMinor,
				amountDueMinor: record.amountDueMinor,
				currency: record.currency,
				state: documentState(doc),
			};
			if (record.number) item.number = record.number;
			if (record.contact.name) item.contactName = record.contact.name;
			return item;
		});
}
