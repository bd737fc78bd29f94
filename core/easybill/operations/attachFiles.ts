/**
 * Attach File on EasyBill (spec `/attachments`): the document's `attachment_ids` are read one by
 * one for their file names; a same-named file's content is compared byte for byte
 * (core/attachments). New: `POST /attachments` (multipart, one `file` part), then
 * `PUT /attachments/{id}` with `document_id` to put it on the invoice. EasyBill cannot change a
 * file's bytes, so "replace" uploads the new file, attaches it, then deletes the old one (the new
 * one is on the invoice before the old one goes; `replacedLedgerId` names it).
 */
import { createHash } from 'node:crypto';

import { decideAttachment, fileNameProblem, sha256 } from '../../attachments';
import { LedgerError } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { AttachedFile, AttachFile } from '../../lifecycle';
import type { EasyBillContext } from '../context';
import { invoiceNotFound, invoicesFor } from './invoiceLife';

interface EbAttachment {
	id: number;
	file_name: string;
	size: number;
	document_id: number | null;
}

/** One `file` part; the boundary is derived from the content, so it never occurs inside it by chance of a fixed string. */
function multipart(request: AttachFile): { body: Buffer; contentType: string } {
	const boundary = `accountingsync-${createHash('sha256').update(request.data).digest('hex').slice(0, 32)}`;
	const name = request.fileName.replace(/["\r\n]/g, '_');
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${request.mimeType}\r\n\r\n`,
	);
	return {
		body: Buffer.concat([head, request.data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
		contentType: `multipart/form-data; boundary=${boundary}`,
	};
}

async function upload(ctx: EasyBillContext, request: AttachFile, documentId: number): Promise<EbAttachment> {
	const { body, contentType } = multipart(request);
	// A create: never resent after an unknown outcome (a file EasyBill kept would stay unattached).
	const response = await ctx.api.client.request(
		{ method: 'POST', url: ctx.api.url('/attachments'), headers: { 'Content-Type': contentType }, body },
		{ idempotent: false },
	);
	const created = response.body as EbAttachment;
	return await ctx.api.put<EbAttachment>(`/attachments/${created.id}`, { document_id: documentId });
}

async function content(ctx: EasyBillContext, id: number): Promise<Buffer> {
	const response = await ctx.api.client.request(
		{ method: 'GET', url: ctx.api.url(`/attachments/${id}/content`), headers: { Accept: '*/*' }, responseType: 'binary' },
		{ idempotent: true },
	);
	if (!Buffer.isBuffer(response.body)) throw new LedgerError('EasyBill did not answer with the file', { kind: 'unknown' });
	return response.body;
}

function recordOf(attachment: EbAttachment, documentId: number, request: AttachFile, data: Buffer, replaced?: number): AttachedFile {
	return {
		ledgerId: String(attachment.id),
		invoiceLedgerId: String(documentId),
		fileName: attachment.file_name ?? request.fileName,
		mimeType: request.mimeType,
		fileSize: data.length,
		sha256: sha256(data),
		...(replaced !== undefined ? { replacedLedgerId: String(replaced) } : {}),
	};
}

export async function attachFiles(ctx: EasyBillContext, requests: AttachFile[]): Promise<ItemResult<AttachedFile>[]> {
	const problems = requests.map((request, index) => fileNameProblem(request, index));
	const docs = await invoicesFor(ctx, requests.map((r) => r.invoice));
	const results: ItemResult<AttachedFile>[] = [];
	for (const [index, request] of requests.entries()) {
		const problem = problems[index];
		if (problem) {
			results.push({ index, action: 'failed', error: problem });
			continue;
		}
		const doc = docs[index];
		if (!doc) {
			results.push({ index, action: 'failed', error: invoiceNotFound(request.invoice, index) });
			continue;
		}
		try {
			const ids = Array.isArray(doc.attachment_ids) ? (doc.attachment_ids as number[]) : [];
			let existing: EbAttachment | undefined;
			for (const id of ids) {
				const attachment = await ctx.api.get<EbAttachment>(`/attachments/${id}`);
				if (attachment.file_name?.toLowerCase() === request.fileName.toLowerCase()) {
					existing = attachment;
					break;
				}
			}
			if (!existing) {
				const attached = await upload(ctx, request, doc.id);
				results.push({ index, action: 'created', ledgerId: String(doc.id), record: recordOf(attached, doc.id, request, request.data) });
				continue;
			}
			const current = await content(ctx, existing.id);
			const decision = decideAttachment(request, current, index);
			if (decision.action === 'conflict') {
				results.push({ index, action: 'failed', error: decision.error });
				continue;
			}
			if (decision.action === 'unchanged') {
				results.push({ index, action: 'unchanged', ledgerId: String(doc.id), record: recordOf(existing, doc.id, request, current), ...(decision.differences ? { differences: decision.differences } : {}) });
				continue;
			}
			const attached = await upload(ctx, request, doc.id);
			await ctx.api.delete(`/attachments/${existing.id}`);
			results.push({ index, action: 'updated', ledgerId: String(doc.id), record: recordOf(attached, doc.id, request, request.data, existing.id) });
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			results.push({ index, action: 'failed', error: error.forItem(index) });
		}
	}
	return results;
}
