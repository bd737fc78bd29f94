/**
 * EasyBill's attachments (spec: `/attachments`): `POST` takes multipart/form-data with one `file`
 * part and creates the file in the global context; `PUT /attachments/{id}` moves it into one
 * context (`document_id`, `customer_id` or `project_id`, never two); `GET /attachments/{id}` and
 * `…/content` read it back; `DELETE` removes it. A document lists its files in `attachment_ids`.
 * There is no way to change a file's bytes: another content is another attachment.
 */
import type { EasyBillContext } from './context';
import { errorResponse, jsonResponse, specErrorResponse, type EasyBillResponse } from './responses';

export interface AttachmentRecord {
	id: number;
	file_name: string;
	size: number;
	created_at: string;
	customer_id: number | null;
	document_id: number | null;
	project_id: number | null;
	content: Buffer;
	mimeType: string;
}

export interface AttachmentRequest {
	method: string;
	segments: string[];
	contentType: string;
	rawBody: Buffer;
}

const CONTEXTS = ['customer_id', 'document_id', 'project_id'] as const;

function publicAttachment(a: AttachmentRecord) {
	const { content: _bytes, mimeType: _type, ...rest } = a;
	return rest;
}

/** The parts of a multipart/form-data body: name, file name, type and bytes of each. */
export function parseMultipart(contentType: string, body: Buffer) {
	const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
	if (!/^multipart\/form-data/i.test(contentType) || !boundary) return undefined;
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: Array<{ name?: string; fileName?: string; type?: string; data: Buffer }> = [];
	let start = body.indexOf(delimiter);
	while (start !== -1) {
		const next = body.indexOf(delimiter, start + delimiter.length);
		if (next === -1) break;
		const chunk = body.subarray(start + delimiter.length + 2, next - 2); // CRLF after the delimiter, before the next
		const headerEnd = chunk.indexOf('\r\n\r\n');
		if (headerEnd !== -1) {
			const headers = chunk.subarray(0, headerEnd).toString('utf8');
			parts.push({
				name: /name="([^"]*)"/i.exec(headers)?.[1],
				fileName: /filename="([^"]*)"/i.exec(headers)?.[1],
				type: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim(),
				data: Buffer.from(chunk.subarray(headerEnd + 4)),
			});
		}
		start = next;
	}
	return parts;
}

export function handleAttachments(ctx: EasyBillContext, req: AttachmentRequest): EasyBillResponse {
	const { state } = ctx;
	const id = req.segments[1] === undefined ? undefined : Number(req.segments[1]);
	if (id === undefined) {
		if (req.method === 'GET') {
			const items = [...state.attachments.values()].map(publicAttachment);
			return jsonResponse(200, { page: 1, pages: 1, limit: items.length, total: items.length, items });
		}
		if (req.method !== 'POST') return errorResponse(405, 'Method not allowed');
		const parts = parseMultipart(req.contentType, req.rawBody);
		const file = parts?.find((p) => p.name === 'file' && p.fileName !== undefined);
		if (!file) return specErrorResponse(['formData parameter "file" is required (multipart/form-data)']);
		const record: AttachmentRecord = {
			id: state.nextId('attachment'),
			file_name: file.fileName as string,
			size: file.data.length,
			created_at: new Date(ctx.clock.now()).toISOString().slice(0, 10),
			customer_id: null,
			document_id: null,
			project_id: null,
			content: file.data,
			mimeType: file.type ?? 'application/octet-stream',
		};
		state.attachments.set(record.id, record);
		return jsonResponse(201, publicAttachment(record), true);
	}
	const found = Number.isInteger(id) ? state.attachments.get(id) : undefined;
	if (!found) return errorResponse(404, 'Not found');
	if (req.segments[2] === 'content') {
		if (req.method !== 'GET') return errorResponse(405, 'Method not allowed');
		return { status: 200, headers: { 'content-type': found.mimeType }, body: found.content };
	}
	if (req.method === 'GET') return jsonResponse(200, publicAttachment(found));
	if (req.method === 'DELETE') {
		state.attachments.delete(found.id);
		if (found.document_id !== null) unlist(ctx, found.document_id, found.id);
		return { status: 204, committed: true };
	}
	if (req.method !== 'PUT') return errorResponse(405, 'Method not allowed');
	let body: Record<string, unknown>;
	try {
		body = JSON.parse(req.rawBody.toString('utf8')) as Record<string, unknown>;
	} catch {
		return errorResponse(400, 'The request body is not valid JSON.');
	}
	const readOnly = ['id', 'file_name', 'size', 'created_at'].filter((f) => f in body);
	if (readOnly.length > 0) return specErrorResponse(readOnly.map((f) => `${f} is read-only`));
	const given = CONTEXTS.filter((c) => body[c] !== undefined && body[c] !== null);
	if (given.length > 1) return errorResponse(400, 'Only one context (customer_id, document_id, project_id) is allowed.');
	const documentId = body.document_id;
	if (documentId !== undefined && documentId !== null && !state.documents.has(Number(documentId)))
		return errorResponse(400, `document_id ${String(documentId)} does not exist`);
	if (found.document_id !== null) unlist(ctx, found.document_id, found.id);
	for (const c of CONTEXTS) found[c] = given.includes(c) ? Number(body[c]) : null;
	if (found.document_id !== null) {
		const doc = state.documents.get(found.document_id);
		if (doc) doc.attachment_ids = [...((doc.attachment_ids as number[]) ?? []), found.id];
	}
	return jsonResponse(200, publicAttachment(found), true);
}

function unlist(ctx: EasyBillContext, documentId: number, attachmentId: number): void {
	const doc = ctx.state.documents.get(documentId);
	if (doc) doc.attachment_ids = ((doc.attachment_ids as number[]) ?? []).filter((a) => a !== attachmentId);
}
