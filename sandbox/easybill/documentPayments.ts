/**
 * `/document-payments`: money received against a completed document. Each payment moves the
 * document's `paid_amount`; `paid_at` (a Berlin date) is set once the payments cover the amount,
 * or earlier when the client forces it with `?paid=true`, and cleared again if a deletion uncovers it.
 * Payments beyond the amount are accepted (EasyBill records overpayments rather than refusing them).
 */
import { berlinDate } from './berlinTime';
import {
	type EasyBillContext,
	type EasyBillRoute,
	parseId,
	pickFields,
	requireObjectBody,
} from './context';
import { escapeEnabled, matchesDateFilter, paginate, splitFilterList } from './listQuery';
import {
	type EasyBillResponse,
	HttpError,
	errorResponse,
	jsonResponse,
	specErrorResponse,
} from './responses';
import { type DocumentRecord, type PaymentRecord, sortedById } from './state';

export interface PaymentInput {
	document_id: number;
	/** Cents; the UI default is the open amount. */
	amount?: number;
	payment_at?: string;
	reference?: string;
	provider?: string;
	type?: string;
	notice?: string;
	is_overdue_fee?: boolean;
}

/** Re-derives paid_amount and paid_at from the document's payments. */
function settle(ctx: EasyBillContext, document: DocumentRecord): DocumentRecord {
	const payments = sortedById(ctx.state.payments.values()).filter(
		(p) => p.document_id === document.id,
	);
	let paidAmount = 0;
	let paidAt: string | null = null;
	for (const payment of payments) {
		paidAmount += payment.amount;
		if (paidAt === null && (paidAmount >= document.amount || payment.forcedPaid))
			paidAt = payment.payment_at;
	}
	if (paidAmount < document.amount && !payments.some((p) => p.forcedPaid)) paidAt = null;
	const settled = { ...document, paid_amount: paidAmount, paid_at: paidAt };
	ctx.state.documents.set(settled.id, settled);
	return settled;
}

/**
 * Commits a payment and starts the `document.payment_add` deliveries. Shared by the API route and
 * the inspector's `payDocument` (the user paying in EasyBill's UI).
 */
export function recordPayment(
	ctx: EasyBillContext,
	input: PaymentInput,
	forcePaid = false,
): { payment: PaymentRecord; document: DocumentRecord; deliveries: Promise<void> } {
	const document = ctx.state.documents.get(input.document_id);
	if (!document) throw new HttpError(400, `Document with id ${input.document_id} not found.`);
	if (document.is_draft) {
		throw new HttpError(
			400,
			'Payments can only be added to completed documents; call PUT /documents/{id}/done first.',
		);
	}
	const amount = input.amount ?? document.amount - document.paid_amount;
	if (amount === 0) throw new HttpError(400, 'The payment amount must not be 0.');
	const payment: PaymentRecord = {
		id: ctx.state.nextId('payment'),
		document_id: document.id,
		login_id: ctx.state.loginId,
		amount,
		payment_at: input.payment_at ?? berlinDate(ctx.clock.now()),
		type: input.type ?? '',
		provider: input.provider ?? '',
		reference: input.reference ?? '',
		notice: input.notice ?? '',
		is_overdue_fee: input.is_overdue_fee ?? false,
	};
	if (forcePaid) payment.forcedPaid = true;
	ctx.state.payments.set(payment.id, payment);
	const settled = settle(ctx, document);
	return {
		payment,
		document: settled,
		deliveries: ctx.webhooks.dispatch('document.payment_add', settled),
	};
}

/** The API shape: our bookkeeping flag stays internal. */
export function publicPayment({ forcedPaid: _forced, ...payment }: PaymentRecord): PaymentRecord {
	return payment as PaymentRecord;
}

function filterPayments(route: EasyBillRoute, payments: PaymentRecord[]): PaymentRecord[] {
	const escape = escapeEnabled(route.headers);
	const documentIds = route.query.get('document_id');
	if (documentIds !== null) {
		const wanted = new Set(splitFilterList(documentIds, escape));
		payments = payments.filter((p) => wanted.has(String(p.document_id)));
	}
	const references = route.query.get('reference');
	if (references !== null) {
		const wanted = new Set(splitFilterList(references, escape));
		payments = payments.filter((p) => wanted.has(String(p.reference)));
	}
	const paymentAt = route.query.get('payment_at');
	if (paymentAt !== null)
		payments = payments.filter((p) => matchesDateFilter(p.payment_at, paymentAt));
	return payments;
}

export function handleDocumentPayments(
	ctx: EasyBillContext,
	route: EasyBillRoute,
): EasyBillResponse {
	const [, rawId, extra] = route.segments;
	if (extra !== undefined) return errorResponse(404, 'Not found');
	if (rawId === undefined) {
		if (route.method === 'GET') {
			const payments = filterPayments(route, sortedById(ctx.state.payments.values()));
			return jsonResponse(200, paginate(payments.map(publicPayment), route.query));
		}
		if (route.method !== 'POST') return errorResponse(405, 'Method not allowed');
		const body = requireObjectBody(route.body);
		const specErrors = ctx.validator.validate('DocumentPayment', body);
		if (specErrors.length > 0) return specErrorResponse(specErrors);
		const fields = pickFields(
			body,
			ctx.validator.writableFields('DocumentPayment'),
		) as unknown as PaymentInput;
		const { payment } = recordPayment(ctx, fields, route.query.get('paid') === 'true');
		return jsonResponse(201, publicPayment(payment), true);
	}
	const payment = ctx.state.payments.get(parseId(rawId, 'Document payment'));
	if (!payment) return errorResponse(404, 'Document payment not found');
	if (route.method === 'GET') return jsonResponse(200, publicPayment(payment));
	if (route.method === 'DELETE') {
		ctx.state.payments.delete(payment.id);
		const document = ctx.state.documents.get(payment.document_id);
		if (document) void ctx.webhooks.dispatch('document.payment_delete', settle(ctx, document));
		return { status: 204, committed: true };
	}
	return errorResponse(405, 'Method not allowed');
}
