/**
 * `/documents`: invoices and credits. A document is a draft until `PUT /documents/{id}/done`, which
 * gives it its number and locks it: after that EasyBill refuses edits and deletion (a finalised
 * invoice is a tax record). Amounts are integer cents computed from the positions.
 */
import { addDays, berlinDate, berlinDateTime } from './berlinTime';
import {
	type EasyBillContext,
	type EasyBillRoute,
	parseId,
	pickFields,
	requireObjectBody,
} from './context';
import { cancelDocument, documentPdf, sendDocument } from './documentActions';
import { documentTotals, type PositionInput, positionTotals } from './documentTotals';
import { escapeEnabled, matchesDateFilter, paginate, splitFilterList } from './listQuery';
import {
	type EasyBillResponse,
	HttpError,
	errorResponse,
	jsonResponse,
	specErrorResponse,
} from './responses';
import { type CustomerRecord, type DocumentRecord, type Json, sortedById } from './state';

/** Types the emulator models; the contract allows more (OFFER, DELIVERY, ...), which we refuse clearly. */
const EMULATED_TYPES = ['INVOICE', 'CREDIT'] as const;
const DEFAULT_DUE_IN_DAYS = 14;
const ADDRESS_FIELDS = [
	'salutation',
	'personal',
	'title',
	'first_name',
	'last_name',
	'suffix_1',
	'suffix_2',
	'company_name',
	'street',
	'zip_code',
	'city',
	'state',
	'country',
] as const;

function addressOf(customer: CustomerRecord): Json {
	const address: Json = {};
	for (const field of ADDRESS_FIELDS) address[field] = customer[field] ?? null;
	return address;
}

function buildPositions(ctx: EasyBillContext, items: unknown, calcVatFrom: number): Json[] {
	if (items === undefined || items === null) return [];
	const writable = ctx.validator.writableFields('DocumentPosition');
	return (items as Json[]).map((sent, index) => {
		const item: Json = { ...sent };
		for (const field of ctx.state.ignoredPositionFields) delete item[field];
		const position: Json = {
			number: null,
			description: null,
			document_note: '',
			quantity: 1,
			unit: null,
			type: 'POSITION',
			single_price_net: null,
			vat_percent: 0,
			discount: null,
			discount_type: null,
			booking_account: null,
			itemType: 'UNDEFINED',
			...pickFields(item, writable),
			position: item.position ?? index + 1,
			id: typeof item.id === 'number' ? item.id : ctx.state.nextId('position'),
		};
		return { ...position, ...positionTotals(position as PositionInput, calcVatFrom) };
	});
}

function resolveCustomer(ctx: EasyBillContext, customerId: unknown): CustomerRecord {
	if (customerId === undefined || customerId === null) {
		throw new HttpError(400, 'The field customer_id is required for INVOICE and CREDIT documents.');
	}
	const customer = ctx.state.customers.get(Number(customerId));
	if (!customer) throw new HttpError(400, `Customer with id ${String(customerId)} not found.`);
	return customer;
}

function assertNoDocumentDiscount(fields: Json): void {
	// A document-level discount spreads over positions in ways EasyBill does not document.
	if (fields.discount !== undefined && fields.discount !== null && fields.discount !== '') {
		throw new HttpError(
			400,
			'Document-level discount is not emulated by the sandbox; use position discounts.',
		);
	}
}

/** Recomputes what EasyBill derives: positions' totals, document totals, due date, address. */
function derive(ctx: EasyBillContext, document: DocumentRecord, items: unknown): DocumentRecord {
	const positions = buildPositions(ctx, items, document.calc_vat_from as number);
	const customer = resolveCustomer(ctx, document.customer_id);
	const dueInDays = (document.due_in_days ??
		document.grace_period ??
		DEFAULT_DUE_IN_DAYS) as number;
	return {
		...document,
		items: positions,
		...documentTotals(positions as (PositionInput & ReturnType<typeof positionTotals>)[]),
		due_in_days: dueInDays,
		grace_period: dueInDays,
		due_date: addDays(document.document_date as string, dueInDays),
		address: addressOf(customer),
		label_address: addressOf(customer),
		item_notes: [...new Set(positions.map((p) => p.document_note).filter(Boolean))],
	};
}

function newDocument(ctx: EasyBillContext, fields: Json): DocumentRecord {
	const now = ctx.clock.now();
	const type = (fields.type ?? 'INVOICE') as string;
	if (!(EMULATED_TYPES as readonly string[]).includes(type)) {
		throw new HttpError(
			400,
			`Document type ${type} is not emulated by the sandbox (INVOICE, CREDIT only).`,
		);
	}
	assertNoDocumentDiscount(fields);
	const customer = resolveCustomer(ctx, fields.customer_id);
	if (
		fields.ref_id !== undefined &&
		fields.ref_id !== null &&
		!ctx.state.documents.has(Number(fields.ref_id))
	) {
		throw new HttpError(400, `Reference document with id ${String(fields.ref_id)} not found.`);
	}
	const base: DocumentRecord = {
		title: null,
		text: '',
		text_prefix: '',
		currency: 'EUR',
		calc_vat_from: 0,
		document_date: berlinDate(now),
		due_in_days: (customer.due_in_days as number | null) ?? null,
		external_id: null,
		ref_id: null,
		project_id: null,
		contact_id: null,
		order_number: '',
		buyer_reference: '',
		is_archive: false,
		is_replica: false,
		is_oss: false,
		status: null,
		vat_option: null,
		service_date: { type: 'DEFAULT', date: null, date_from: null, date_to: null, text: null },
		pdf_template: 'DE',
		number: null,
		...fields,
		id: ctx.state.nextId('document'),
		type: type as DocumentRecord['type'],
		customer_id: customer.id,
		is_draft: true,
		amount: 0,
		amount_net: 0,
		paid_amount: 0,
		paid_at: null,
		cancel_id: null,
		root_id: null,
		attachment_ids: [],
		login_id: ctx.state.loginId,
		anonymize_status: 'NOT_ANONYMIZED',
		created_at: berlinDateTime(now),
		edited_at: berlinDateTime(now),
		items: [],
	};
	return derive(ctx, base, fields.items);
}

function createDocument(ctx: EasyBillContext, route: EasyBillRoute): EasyBillResponse {
	const body = requireObjectBody(route.body);
	const specErrors = ctx.validator.validate('Document', body);
	if (specErrors.length > 0) return specErrorResponse(specErrors);
	const document = newDocument(ctx, pickFields(body, ctx.validator.writableFields('Document')));
	ctx.state.documents.set(document.id, document);
	void ctx.webhooks.dispatch('document.create', document);
	return jsonResponse(201, document, true);
}

function lockedResponse(document: DocumentRecord): EasyBillResponse {
	return errorResponse(409, `Document ${document.number ?? document.id} is completed and locked.`);
}

function updateDocument(
	ctx: EasyBillContext,
	route: EasyBillRoute,
	existing: DocumentRecord,
): EasyBillResponse {
	if (!existing.is_draft) return lockedResponse(existing);
	const body = requireObjectBody(route.body);
	const specErrors = ctx.validator.validate('Document', body);
	if (specErrors.length > 0) return specErrorResponse(specErrors);
	const fields = pickFields(body, ctx.validator.writableFields('Document'));
	assertNoDocumentDiscount(fields);
	// `type` "can only set on create"; the API keeps the original silently.
	delete fields.type;
	const merged: DocumentRecord = {
		...existing,
		...fields,
		id: existing.id,
		edited_at: berlinDateTime(ctx.clock.now()),
	} as DocumentRecord;
	const updated = derive(ctx, merged, 'items' in fields ? fields.items : existing.items);
	ctx.state.documents.set(updated.id, updated);
	void ctx.webhooks.dispatch('document.update', updated);
	return jsonResponse(200, updated, true);
}

function completeDocument(ctx: EasyBillContext, document: DocumentRecord): EasyBillResponse {
	// Completing twice is harmless (a retry after a lost response must not fail or renumber).
	if (!document.is_draft) return jsonResponse(200, document);
	const completed: DocumentRecord = {
		...document,
		is_draft: false,
		number: document.number ?? ctx.state.nextDocumentNumberValue(document.type),
		edited_at: berlinDateTime(ctx.clock.now()),
		customer_snapshot: structuredClone(ctx.state.customers.get(document.customer_id) ?? null),
	};
	ctx.state.documents.set(completed.id, completed);
	void ctx.webhooks.dispatch('document.completed', completed);
	return jsonResponse(200, completed, true);
}

function convertDocument(
	ctx: EasyBillContext,
	source: DocumentRecord,
	target: string,
): EasyBillResponse {
	if (target !== 'CREDIT') {
		const known = [
			'DUNNING',
			'REMINDER',
			'CHARGE_CONFIRM',
			'CHARGE',
			'DELIVERY',
			'INVOICE',
			'ORDER',
		];
		if (known.includes(target)) {
			return errorResponse(
				400,
				`Converting to ${target} is not emulated by the sandbox (CREDIT only).`,
			);
		}
		return errorResponse(400, 'Invalid target document type');
	}
	if (source.type !== 'INVOICE')
		return errorResponse(400, 'Only an INVOICE can be converted to a CREDIT.');
	const credit = newDocument(ctx, {
		type: 'CREDIT',
		customer_id: source.customer_id,
		ref_id: source.id,
		title: source.title,
		currency: source.currency,
		calc_vat_from: source.calc_vat_from,
		vat_option: source.vat_option,
		items: source.items.map(
			({ id: _id, total_price_net: _n, total_price_gross: _g, total_vat: _v, ...rest }) => rest,
		),
	});
	ctx.state.documents.set(credit.id, credit);
	void ctx.webhooks.dispatch('document.create', credit);
	const response = jsonResponse(201, credit, true);
	return { ...response, headers: { location: `${ctx.baseUrl()}/documents/${credit.id}` } };
}

function filterDocuments(route: EasyBillRoute, documents: DocumentRecord[]): DocumentRecord[] {
	const escape = escapeEnabled(route.headers);
	const q = route.query;
	const listFilter = (name: string, read: (d: DocumentRecord) => unknown): void => {
		const raw = q.get(name);
		if (raw === null) return;
		const wanted = new Set(splitFilterList(raw, escape));
		documents = documents.filter((d) => wanted.has(String(read(d) ?? '')));
	};
	const nullableFilter = (name: string, read: (d: DocumentRecord) => unknown): void => {
		const raw = q.get(name);
		if (raw === null) return;
		if (raw === 'null')
			documents = documents.filter((d) => read(d) === null || read(d) === undefined);
		else listFilter(name, read);
	};
	const dateFilter = (name: string, read: (d: DocumentRecord) => string | null): void => {
		const raw = q.get(name);
		if (raw === null) return;
		if (raw === 'null') documents = documents.filter((d) => read(d) === null);
		else documents = documents.filter((d) => matchesDateFilter(read(d), raw));
	};
	listFilter('type', (d) => d.type);
	listFilter('customer_id', (d) => d.customer_id);
	listFilter('project_id', (d) => d.project_id);
	listFilter('ref_id', (d) => d.ref_id);
	listFilter('number', (d) => d.number);
	listFilter('title', (d) => d.title);
	listFilter('status', (d) => d.status);
	// Not in the contract's parameter list, but EasyBill filters on it (API-FACTS): the idempotency handle.
	listFilter('external_id', (d) => d.external_id);
	nullableFilter('cancel_id', (d) => d.cancel_id);
	const isDraft = q.get('is_draft');
	if (isDraft !== null) documents = documents.filter((d) => d.is_draft === (isDraft === '1'));
	const isArchive = q.get('is_archive');
	if (isArchive !== null) documents = documents.filter((d) => d.is_archive === (isArchive === '1'));
	dateFilter('paid_at', (d) => d.paid_at);
	dateFilter('document_date', (d) => d.document_date as string);
	dateFilter('edited_at', (d) => d.edited_at as string);
	return documents;
}

export function handleDocuments(ctx: EasyBillContext, route: EasyBillRoute): EasyBillResponse {
	const [, rawId, action, extra, more] = route.segments;
	if (action === 'send' && extra !== undefined && more === undefined && route.method === 'POST') {
		const sent = ctx.state.documents.get(parseId(rawId, 'Document'));
		return sent ? sendDocument(ctx, route, sent, extra) : errorResponse(404, 'Document not found');
	}
	if (extra !== undefined) return errorResponse(404, 'Not found');
	if (rawId === undefined) {
		if (route.method === 'GET') {
			const documents = filterDocuments(route, sortedById(ctx.state.documents.values()));
			return jsonResponse(200, paginate(documents, route.query));
		}
		if (route.method === 'POST') return createDocument(ctx, route);
		return errorResponse(405, 'Method not allowed');
	}
	const document = ctx.state.documents.get(parseId(rawId, 'Document'));
	if (!document) return errorResponse(404, 'Document not found');
	if (action === 'done' && route.method === 'PUT') return completeDocument(ctx, document);
	if (action === 'pdf' && route.method === 'GET') return documentPdf(document);
	if (action === 'cancel' && route.method === 'POST') return cancelDocument(ctx, document);
	if (action !== undefined && action !== 'done' && route.method === 'POST') {
		return convertDocument(ctx, document, action);
	}
	if (action !== undefined) return errorResponse(404, 'Not found');
	if (route.method === 'GET') return jsonResponse(200, document);
	if (route.method === 'PUT') return updateDocument(ctx, route, document);
	if (route.method === 'DELETE') {
		if (!document.is_draft) return lockedResponse(document);
		ctx.state.documents.delete(document.id);
		void ctx.webhooks.dispatch('document.deleted', document);
		return { status: 204, committed: true };
	}
	return errorResponse(405, 'Method not allowed');
}
