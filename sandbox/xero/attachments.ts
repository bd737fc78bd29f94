/**
 * The Attachments API on invoices: `GET /Invoices/{id}/Attachments` lists them, `GET …/{FileName}`
 * (or `…/{AttachmentID}`) returns the bytes, `PUT`/`POST …/{FileName}` upload the raw body (the
 * request's Content-Type becomes the MimeType). A file uploaded under a name the invoice already
 * has replaces it, keeping its AttachmentID. Xero keeps at most 10 attachments per document.
 */
import { randomUUID } from 'node:crypto';

import type { SandboxResponse } from '../common/types';
import { ok, type Call } from './batchWrite';
import { NOT_FOUND, postDataInvalid } from './responses';
import type { XeroRecord } from './seed';

export const MAX_ATTACHMENTS = 10;

const listed = (a: XeroRecord) => {
	const { data: _bytes, ...rest } = a;
	return rest;
};

export function invoiceAttachments(
	call: Call,
	invoice: XeroRecord,
	name: string | undefined,
): SandboxResponse {
	const method = call.req.method;
	const files = call.book.attachmentsOf(invoice.InvoiceID as string);
	if (name === undefined) {
		if (method !== 'GET') return NOT_FOUND;
		return ok(call, { Attachments: files.map(listed) });
	}
	const match = files.find(
		(a) => String(a.FileName).toLowerCase() === name.toLowerCase() || String(a.AttachmentID).toLowerCase() === name.toLowerCase(),
	);
	if (method === 'GET') {
		if (!match) return NOT_FOUND;
		return { status: 200, headers: { 'content-type': String(match.MimeType) }, body: match.data as Buffer };
	}
	if (method !== 'PUT' && method !== 'POST') return NOT_FOUND;
	const key = call.req.headers['idempotency-key'];
	const previous = key ? call.book.idempotency.get(key) : undefined;
	if (previous) return { status: previous.status, body: previous.body, headers: { 'x-sandbox-idempotent-replay': 'true' } };
	const answer = upload(call, invoice, name, match);
	if (key) call.book.idempotency.set(key, { status: answer.status, body: answer.body });
	return answer;
}

function upload(call: Call, invoice: XeroRecord, name: string, match: XeroRecord | undefined): SandboxResponse {
	const data = call.req.rawBody;
	if (data.length === 0) return postDataInvalid(['The attachment has no content']);
	const files = call.book.attachmentsOf(invoice.InvoiceID as string);
	if (!match && files.length >= MAX_ATTACHMENTS)
		return postDataInvalid([`A document can have at most ${MAX_ATTACHMENTS} attachments`]);
	const record: XeroRecord = {
		AttachmentID: match?.AttachmentID ?? randomUUID(),
		FileName: name,
		Url: `https://api.xero.com/api.xro/2.0/Invoices/${String(invoice.InvoiceID)}/Attachments/${encodeURIComponent(name)}`,
		MimeType: (call.req.headers['content-type'] ?? 'application/octet-stream').split(';')[0].trim(),
		ContentLength: data.length,
		IncludeOnline: false,
		data: Buffer.from(data),
	};
	call.book.setAttachments(invoice.InvoiceID as string, match ? files.map((f) => (f === match ? record : f)) : [...files, record]);
	call.book.put('invoices', invoice.InvoiceID as string, { ...invoice, HasAttachments: true });
	return { ...ok(call, { Attachments: [listed(record)] }), committed: true };
}
