/** Download Invoice PDF: refs resolved in batched lookups, then one PDF GET per invoice (Xero has no batch PDF). */
import { LedgerError } from '../../errors';
import type { ItemResult } from '../../ledger';
import { pdfFileName, type InvoicePdf } from '../../lifecycle';
import type { InvoiceRef } from '../../model';
import { XeroSingleCalls } from '../api';
import { resolveInvoiceRefs } from '../lookups/invoices';
import type { XeroContext } from './context';
import { invoiceNotFound } from './getInvoices';

export async function downloadPdfs(ctx: XeroContext, refs: InvoiceRef[]): Promise<ItemResult<InvoicePdf>[]> {
	const found = await resolveInvoiceRefs(ctx.api, refs);
	const calls = new XeroSingleCalls(ctx.api.client, ctx.tenantId, ctx.api.baseUrl);
	const results: ItemResult<InvoicePdf>[] = [];
	for (const [index, ref] of refs.entries()) {
		const invoice = found[index];
		if (!invoice?.InvoiceID) {
			results.push({ index, action: 'failed', error: invoiceNotFound(ref, index) });
			continue;
		}
		try {
			const data = await calls.getPdf(`/Invoices/${invoice.InvoiceID}`);
			const number = invoice.InvoiceNumber || undefined;
			results.push({
				index,
				action: 'unchanged',
				ledgerId: invoice.InvoiceID,
				record: { ledgerId: invoice.InvoiceID, ...(number ? { number } : {}), fileName: pdfFileName(number, invoice.InvoiceID), mimeType: 'application/pdf', data },
			});
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			results.push({ index, action: 'failed', error: error.forItem(index) });
		}
	}
	return results;
}
