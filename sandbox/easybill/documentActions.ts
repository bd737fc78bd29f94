/**
 * What EasyBill does with a completed document besides storing it: `cancel` (a storno document that
 * mirrors the invoice and is linked both ways through `cancel_id` / `ref_id`), `send` (a post box
 * entry by e-mail, fax or post) and `pdf`. Drafts can only be deleted, not cancelled or sent.
 */
import { renderPdf } from '../common/pdf';
import type { EasyBillContext, EasyBillRoute } from './context';
import { requireObjectBody } from './context';
import { berlinDate, berlinDateTime } from './berlinTime';
import { type EasyBillResponse, errorResponse, jsonResponse, specErrorResponse } from './responses';
import type { DocumentRecord, PostBoxRecord } from './state';

const SEND_TYPES = ['email', 'fax', 'post'] as const;

/** POST /documents/{id}/cancel: 200 with the new STORNO document; the invoice gets its cancel_id. */
export function cancelDocument(ctx: EasyBillContext, document: DocumentRecord): EasyBillResponse {
	if (document.type !== 'INVOICE') return errorResponse(400, 'Only documents of type INVOICE can be cancelled.');
	if (document.is_draft) {
		return errorResponse(400, 'A draft cannot be cancelled: delete it instead (DELETE /documents/{id}).');
	}
	if (document.cancel_id !== null && document.cancel_id !== undefined) {
		return errorResponse(400, `Document ${document.number} is already cancelled (storno ${document.cancel_id}).`);
	}
	const now = ctx.clock.now();
	const storno: DocumentRecord = {
		...structuredClone(document),
		id: ctx.state.nextId('document'),
		type: 'STORNO',
		number: ctx.state.nextDocumentNumberValue('STORNO'),
		ref_id: document.id,
		cancel_id: null,
		external_id: null,
		amount: -document.amount,
		amount_net: -document.amount_net,
		paid_amount: 0,
		paid_at: null,
		items: document.items.map((item) => ({
			...item,
			id: ctx.state.nextId('position'),
			quantity: -Number(item.quantity ?? 1),
			total_price_net: -Number(item.total_price_net ?? 0),
			total_price_gross: -Number(item.total_price_gross ?? 0),
			total_vat: -Number(item.total_vat ?? 0),
		})),
		document_date: berlinDate(now),
		created_at: berlinDateTime(now),
		edited_at: berlinDateTime(now),
	};
	const cancelled: DocumentRecord = { ...document, cancel_id: storno.id, edited_at: berlinDateTime(now) };
	ctx.state.documents.set(storno.id, storno);
	ctx.state.documents.set(cancelled.id, cancelled);
	void ctx.webhooks.dispatch('document.update', cancelled);
	return jsonResponse(200, storno, true);
}

/** POST /documents/{id}/send/{type}: 204; e-mail goes to `to` or the customer's first address. */
export function sendDocument(
	ctx: EasyBillContext,
	route: EasyBillRoute,
	document: DocumentRecord,
	type: string,
): EasyBillResponse {
	if (!(SEND_TYPES as readonly string[]).includes(type)) return errorResponse(404, 'Not found');
	const body = requireObjectBody(route.body);
	const specErrors = ctx.validator.validate('PostBoxRequest', body);
	if (specErrors.length > 0) return specErrorResponse(specErrors);
	if (document.is_draft) return errorResponse(400, 'A draft cannot be sent: complete it first (PUT /documents/{id}/done).');
	const customer = ctx.state.customers.get(document.customer_id);
	const to = typeof body.to === 'string' && body.to.trim() !== '' ? body.to.trim() : (customer?.emails?.[0] ?? '');
	if (type === 'email' && to === '') {
		return errorResponse(400, 'No recipient: give "to" or store an e-mail address on the customer.');
	}
	const record: PostBoxRecord = {
		document_id: document.id,
		type: type as PostBoxRecord['type'],
		to,
		cc: typeof body.cc === 'string' ? body.cc : '',
		subject: typeof body.subject === 'string' ? body.subject : '',
		message: typeof body.message === 'string' ? body.message : '',
		send_with_attachment: body.send_with_attachment !== false,
	};
	ctx.state.postBoxes.push(record);
	return { status: 204, committed: true };
}

/** GET /documents/{id}/pdf: the document as a (small, real) PDF. */
export function documentPdf(document: DocumentRecord): EasyBillResponse {
	const label = document.type === 'INVOICE' ? 'Rechnung' : document.type === 'CREDIT' ? 'Gutschrift' : 'Storno';
	const cents = (value: number) => (value / 100).toFixed(2);
	const lines = [
		`Datum: ${document.document_date}`,
		...document.items.map(
			(item) => `${item.description ?? ''} x ${item.quantity} = ${cents(Number(item.total_price_net ?? 0))}`,
		),
		`Summe: ${cents(document.amount)} ${document.currency}`,
	];
	return {
		status: 200,
		headers: { 'content-type': 'application/pdf' },
		body: renderPdf(`${label} ${document.number ?? `Entwurf ${document.id}`}`, lines),
	};
}
