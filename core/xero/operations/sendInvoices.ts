/**
 * Send Invoice: `POST /Invoices/{id}/Email`, which mails the invoice to the contact's own address.
 * Xero takes no recipients, subject or message (the template decides), so an item that names any
 * is refused rather than sent somewhere else. The Idempotency-Key holds the invoice and the day, so
 * a retry or a re-run the same day sends once while a reminder on another day goes out.
 */
import { LedgerError } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { SendInvoice, SentInvoice } from '../../lifecycle';
import { XeroSingleCalls } from '../api';
import { idempotencyKey } from '../idempotency';
import { resolveInvoiceRefs } from '../lookups/invoices';
import type { XeroContact } from '../wire';
import type { XeroContext } from './context';
import { invoiceNotFound } from './getInvoices';

export function xeroSendProblem(request: SendInvoice, index: number): LedgerError | undefined {
	const extra = [
		(request.to ?? []).length > 0 ? 'recipients' : undefined,
		request.subject ? 'a subject' : undefined,
		request.message ? 'a message' : undefined,
	].filter(Boolean);
	if (extra.length === 0) return undefined;
	return new LedgerError(
		`to: Xero e-mails an invoice only to its contact's own address with the organisation's template, so it cannot take ${extra.join(', ')}; change the contact's e-mail (Upsert Contact) or leave these empty`,
		{ kind: 'validation', field: (request.to ?? []).length > 0 ? 'to' : request.subject ? 'subject' : 'message', itemIndex: index },
	);
}

export async function sendInvoices(
	ctx: XeroContext,
	requests: SendInvoice[],
	today: string,
): Promise<ItemResult<SentInvoice>[]> {
	const found = await resolveInvoiceRefs(ctx.api, requests.map((r) => r.invoice));
	const calls = new XeroSingleCalls(ctx.api.client, ctx.tenantId, ctx.api.baseUrl);
	const contacts = new Map<string, XeroContact | undefined>();
	const results: ItemResult<SentInvoice>[] = [];
	for (const [index, request] of requests.entries()) {
		const problem = xeroSendProblem(request, index);
		if (problem) {
			results.push({ index, action: 'failed', error: problem });
			continue;
		}
		const invoice = found[index];
		if (!invoice?.InvoiceID) {
			results.push({ index, action: 'failed', error: invoiceNotFound(request.invoice, index) });
			continue;
		}
		const name = invoice.InvoiceNumber ?? invoice.InvoiceID;
		if (invoice.Status !== 'AUTHORISED' && invoice.Status !== 'PAID') {
			results.push({
				index,
				action: 'failed',
				error: new LedgerError(`invoice: ${name} is ${invoice.Status}; Xero e-mails only approved invoices`, { kind: 'conflict', field: 'invoice', itemIndex: index }),
			});
			continue;
		}
		try {
			await calls.post(`/Invoices/${invoice.InvoiceID}/Email`, {}, idempotencyKey(ctx.tenantId, 'emailinvoice', [invoice.InvoiceID], { day: today }));
			const contactId = invoice.Contact?.ContactID ?? '';
			if (!contacts.has(contactId)) {
				const envelope = contactId ? await ctx.api.get(`/Contacts/${contactId}`) : {};
				contacts.set(contactId, envelope.Contacts?.[0]);
			}
			const email = contacts.get(contactId)?.EmailAddress;
			results.push({
				index,
				action: 'created',
				ledgerId: invoice.InvoiceID,
				record: { ledgerId: invoice.InvoiceID, ...(invoice.InvoiceNumber ? { number: invoice.InvoiceNumber } : {}), to: email ? [email] : [], channel: 'email' },
			});
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			results.push({ index, action: 'failed', error: error.forItem(index) });
		}
	}
	return results;
}
