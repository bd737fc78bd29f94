/**
 * What Xero does with an invoice besides storing it: the online-invoice link, the e-mail to the
 * contact and the PDF (the same GET asked with `Accept: application/pdf`). The rules are Xero's:
 * drafts have neither a public link nor an e-mail, and Xero mails only the contact's own address.
 */
import { createHash } from 'node:crypto';

import { renderPdf } from '../common/pdf';
import type { SandboxResponse } from '../common/types';
import { ok, type Call } from './batchWrite';
import { dateString } from './format';
import { NOT_FOUND, validationException } from './responses';
import type { XeroRecord } from './seed';

const APPROVED = new Set(['AUTHORISED', 'PAID']);

function refused(invoice: XeroRecord, message: string): SandboxResponse {
	return validationException([
		{
			InvoiceID: invoice.InvoiceID,
			InvoiceNumber: invoice.InvoiceNumber,
			HasErrors: true,
			ValidationErrors: [{ Message: message }],
		},
	]);
}

/** GET /Invoices/{id}/OnlineInvoice: a stable public link for an approved sales invoice. */
export function onlineInvoice(call: Call, invoice: XeroRecord): SandboxResponse {
	if (invoice.Type !== 'ACCREC') return refused(invoice, 'Online invoices are only available for sales invoices.');
	if (!APPROVED.has(invoice.Status as string)) {
		return refused(invoice, `An online invoice cannot be retrieved for an invoice with status ${invoice.Status}.`);
	}
	const token = createHash('sha256').update(`${call.book.tenantId}/${invoice.InvoiceID}`).digest('base64url');
	return ok(call, { OnlineInvoices: [{ OnlineInvoiceUrl: `https://in.xero.com/${token.slice(0, 40)}` }] });
}

/**
 * POST /Invoices/{id}/Email: sends the invoice to the contact's e-mail address (Xero takes no
 * recipients) and marks it SentToContact. 204 with no body, as Xero answers.
 */
export function emailInvoice(call: Call, invoice: XeroRecord): SandboxResponse {
	const key = call.req.headers['idempotency-key'];
	const previous = key ? call.book.idempotency.get(key) : undefined;
	if (previous) return { status: previous.status, body: previous.body, headers: { 'x-sandbox-idempotent-replay': 'true' } };
	const answer = sendEmail(call, invoice);
	if (key) call.book.idempotency.set(key, { status: answer.status, body: answer.body });
	return answer;
}

function sendEmail(call: Call, invoice: XeroRecord): SandboxResponse {
	if (invoice.Type !== 'ACCREC') return refused(invoice, 'Only sales invoices can be emailed.');
	if (!APPROVED.has(invoice.Status as string)) {
		return refused(invoice, `Invoices with status ${invoice.Status} cannot be emailed; approve it first.`);
	}
	const contact = call.book.get('contacts', invoice.Contact?.ContactID);
	const to = typeof contact?.EmailAddress === 'string' ? contact.EmailAddress.trim() : '';
	if (to === '') return refused(invoice, 'The contact does not have an email address.');
	call.book.put('invoices', invoice.InvoiceID, { ...invoice, SentToContact: true, UpdatedDateUTC: call.now });
	call.book.emails.push({ invoiceId: invoice.InvoiceID, invoiceNumber: invoice.InvoiceNumber, to, at: call.now });
	return { status: 204, committed: true };
}

/** GET /Invoices/{id} with Accept: application/pdf: the invoice rendered as a (small, real) PDF. */
export function invoicePdf(invoice: XeroRecord): SandboxResponse {
	const lines = [
		`To: ${invoice.Contact?.Name ?? ''}`,
		`Date: ${dateString(invoice.Date).slice(0, 10)}`,
		`Status: ${invoice.Status}`,
		...((invoice.LineItems ?? []) as XeroRecord[]).map(
			(line) => `${line.Description} x ${line.Quantity} @ ${line.UnitAmount} = ${line.LineAmount}`,
		),
		`Total: ${invoice.Total} ${invoice.CurrencyCode}`,
	];
	return {
		status: 200,
		headers: { 'content-type': 'application/pdf' },
		body: renderPdf(`Invoice ${invoice.InvoiceNumber ?? invoice.InvoiceID}`, lines),
	};
}

export const wantsPdf = (call: Call) => (call.req.headers.accept ?? '').toLowerCase().includes('application/pdf');

export { NOT_FOUND };
