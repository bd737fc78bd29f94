/**
 * Attach File on Xero: invoices resolved in batched lookups, then per invoice its attachment list
 * (`GET /Invoices/{id}/Attachments`); a same-named file is downloaded and compared byte for byte
 * (core/attachments). New: `PUT /Invoices/{id}/Attachments/{FileName}`; other content, replaced:
 * `POST` to the same name, which Xero treats as an update of that file. Both keyed by content, so
 * a retry or a concurrent run attaches once.
 */
import { decideAttachment, fileNameProblem, sha256 } from '../../attachments';
import { LedgerError } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { AttachedFile, AttachFile } from '../../lifecycle';
import { XeroSingleCalls } from '../api';
import { idempotencyKey } from '../idempotency';
import { resolveInvoiceRefs } from '../lookups/invoices';
import type { XeroAttachment } from '../wire';
import type { XeroContext } from './context';
import { invoiceNotFound } from './getInvoices';

const sameName = (a: string | undefined, b: string) => (a ?? '').toLowerCase() === b.toLowerCase();

function recordOf(attachment: XeroAttachment | undefined, invoiceId: string, request: AttachFile, data: Buffer): AttachedFile {
	return {
		ledgerId: attachment?.AttachmentID ?? '',
		invoiceLedgerId: invoiceId,
		fileName: attachment?.FileName ?? request.fileName,
		mimeType: attachment?.MimeType ?? request.mimeType,
		fileSize: data.length,
		sha256: sha256(data),
	};
}

export async function attachFiles(
	ctx: XeroContext,
	requests: AttachFile[],
): Promise<ItemResult<AttachedFile>[]> {
	const results: ItemResult<AttachedFile>[] = [];
	const valid = requests.map((request, index) => fileNameProblem(request, index));
	const found = await resolveInvoiceRefs(ctx.api, requests.map((r) => r.invoice));
	const calls = new XeroSingleCalls(ctx.api.client, ctx.tenantId, ctx.api.baseUrl);
	for (const [index, request] of requests.entries()) {
		const problem = valid[index];
		if (problem) {
			results.push({ index, action: 'failed', error: problem });
			continue;
		}
		const invoiceId = found[index]?.InvoiceID;
		if (!invoiceId) {
			results.push({ index, action: 'failed', error: invoiceNotFound(request.invoice, index) });
			continue;
		}
		try {
			const base = `/Invoices/${invoiceId}/Attachments`;
			const path = `${base}/${encodeURIComponent(request.fileName)}`;
			const attached = (await ctx.api.get(base)).Attachments ?? [];
			const existing = attached.find((a) => sameName(a.FileName, request.fileName));
			if (!existing) {
				const key = idempotencyKey(ctx.tenantId, 'attachfile', [invoiceId, request.fileName], { sha256: sha256(request.data) });
				const answer = await calls.sendFile('PUT', path, request.data, request.mimeType, key);
				results.push({ index, action: 'created', ledgerId: invoiceId, record: recordOf(answer.Attachments?.[0], invoiceId, request, request.data) });
				continue;
			}
			const current = await calls.getFile(path, existing.MimeType || 'application/octet-stream');
			const decision = decideAttachment(request, current, index);
			if (decision.action === 'conflict') {
				results.push({ index, action: 'failed', error: decision.error });
				continue;
			}
			if (decision.action === 'unchanged') {
				results.push({ index, action: 'unchanged', ledgerId: invoiceId, record: recordOf(existing, invoiceId, request, current), ...(decision.differences ? { differences: decision.differences } : {}) });
				continue;
			}
			const key = idempotencyKey(ctx.tenantId, 'replacefile', [invoiceId, request.fileName], { from: sha256(current), to: sha256(request.data) });
			const answer = await calls.sendFile('POST', path, request.data, request.mimeType, key);
			results.push({ index, action: 'updated', ledgerId: invoiceId, record: recordOf(answer.Attachments?.[0] ?? existing, invoiceId, request, request.data) });
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			results.push({ index, action: 'failed', error: error.forItem(index) });
		}
	}
	return results;
}
