/**
 * The Accounting API handler (/api.xro/2.0/*): authentication, tenant header, rate limits, spec
 * validation, then the resource routes. The order matters and follows Xero: a bad token is a
 * 401 before anything is counted; a malformed request still spends rate budget.
 */
import type { ControllableClock, SandboxRequest, SandboxResponse } from '../common/types';
import type { Book } from './book';
import { saveContact, type Outcome, type WriteContext } from './contacts';
import { CREDIT_NOTE, INVOICE, saveDocument } from './documents';
import { envelope, isGuid, render, round } from './format';
import { unauthorized, type XeroIdentity } from './identity';
import { listRecords, QueryError, type ListOptions } from './listQuery';
import { allocateCreditNote, deletePayment, savePayment } from './payments';
import type { XeroRateLimiter } from './rateLimits';
import { acceptedScopes, scopeAllows } from './scopes';
import type { XeroRecord } from './seed';
import type { XeroSpecValidator } from './specValidator';

export const API_PREFIX = '/api.xro/2.0';
const MAX_BODY_BYTES = 3.5 * 1024 * 1024;
const NOT_FOUND: SandboxResponse = {
	status: 404,
	body: "The resource you're looking for cannot be found",
};

export interface AccountingDeps {
	books: Map<string, Book>;
	identity: XeroIdentity;
	limiter: XeroRateLimiter;
	spec: XeroSpecValidator;
	clock: ControllableClock;
}

interface Call {
	req: SandboxRequest;
	book: Book;
	segments: string[];
	now: number;
}

const problem = (status: number, title: string, detail: string): SandboxResponse => ({
	status,
	body: { Type: null, Title: title, Status: status, Detail: detail },
});

export const validationException = (elements: unknown[]): SandboxResponse => ({
	status: 400,
	body: {
		ErrorNumber: 10,
		Type: 'ValidationException',
		Message: 'A validation exception occurred',
		Elements: elements,
	},
});

export function createAccountingHandler(deps: AccountingDeps) {
	return async (req: SandboxRequest): Promise<SandboxResponse> => {
		const accept = req.headers.accept ?? '';
		if (!accept.toLowerCase().includes('json')) {
			// Xero answers XML unless asked for JSON; the sandbox only speaks JSON, so it says so.
			return {
				status: 406,
				body: 'Send "Accept: application/json": without it Xero answers in XML.',
			};
		}
		const access = deps.identity.checkAccess(req.headers.authorization);
		if ('problem' in access) return unauthorized(access.problem, deps.clock.now());

		const tenantId = req.headers['xero-tenant-id'];
		if (!tenantId) {
			const specErrors = ["header parameter 'xero-tenant-id' is required"];
			return { ...postDataInvalid(specErrors), specErrors };
		}
		const book = [...deps.books.values()].find(
			(b) => b.tenantId.toLowerCase() === tenantId.toLowerCase(),
		);
		if (!book || !access.grant.connections.has(book.tenantId)) {
			return { ...problem(403, 'Forbidden', 'AuthenticationUnsuccessful'), logInfo: { tenantId } };
		}
		const [resource = '', , subResource] = req.path.slice(API_PREFIX.length).split('/').filter(Boolean);
		if (!scopeAllows(access.grant.scope, resource, req.method, subResource)) {
			const detail = `AuthorizationUnsuccessful: the token lacks a scope for ${req.method} ${resource} (one of ${acceptedScopes(resource, req.method, subResource).join(', ')})`;
			return { ...problem(403, 'Forbidden', detail), logInfo: { tenantId: book.tenantId } };
		}
		const admitted = deps.limiter.acquire(book.tenantId);
		if ('refused' in admitted) return { ...admitted.refused, logInfo: { tenantId: book.tenantId } };
		try {
			// Latency is spent holding the concurrency slot, as a slow Xero call does.
			await req.wait?.();
			const response = handle(deps, req, book);
			return {
				...response,
				headers: { ...(response.headers ?? {}), ...deps.limiter.headers(book.tenantId) },
				logInfo: { ...response.logInfo, tenantId: book.tenantId },
			};
		} finally {
			admitted.release();
		}
	};
}

function postDataInvalid(errors: string[]): SandboxResponse {
	return {
		status: 400,
		body: {
			ErrorNumber: 14,
			Type: 'PostDataInvalidException',
			Message: `The request does not match the Xero API contract: ${errors.join('; ')}`,
		},
	};
}

/** Xero reads `"Field": null` as an absent field, so nulls are dropped before validation. */
function withoutNulls(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutNulls);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([, field]) => field !== null)
			.map(([key, field]) => [key, withoutNulls(field)]),
	);
}

function handle(deps: AccountingDeps, original: SandboxRequest, book: Book): SandboxResponse {
	const req = { ...original, body: withoutNulls(original.body) };
	if (req.rawBody.length > MAX_BODY_BYTES)
		return problem(413, 'Request Entity Too Large', 'Payload exceeds 3.5 MB');
	const relative = req.path.slice(API_PREFIX.length);
	const specErrors = deps.spec.validate({ ...req, path: relative });
	if (specErrors && specErrors.length > 0) return { ...postDataInvalid(specErrors), specErrors };
	const key = req.headers['idempotency-key'];
	if (key !== undefined && key.length > 128) {
		const errors = ['header Idempotency-Key must be at most 128 characters'];
		return { ...postDataInvalid(errors), specErrors: errors };
	}
	const call: Call = {
		req,
		book,
		segments: relative.split('/').filter(Boolean),
		now: deps.clock.now(),
	};
	try {
		return route(deps, call);
	} catch (error) {
		if (error instanceof QueryError) {
			return {
				status: 400,
				body: { ErrorNumber: 16, Type: 'QueryParseException', Message: error.message },
			};
		}
		throw error;
	}
}

function route(deps: AccountingDeps, call: Call): SandboxResponse {
	const { req, segments } = call;
	const resource = (segments[0] ?? '').toLowerCase();
	const id = segments[1] ? decodeURIComponent(segments[1]) : undefined;
	const method = req.method;
	const list = (
		name: string,
		records: XeroRecord[],
		options: Partial<ListOptions> & { idField: string },
	) => listResponse(deps, call, name, records, options);

	switch (resource) {
		case 'contacts': {
			if (method === 'GET' && !id) {
				const archived = req.query.get('includeArchived') === 'true';
				return list(
					'Contacts',
					call.book.all('contacts').filter((c) => archived || c.ContactStatus !== 'ARCHIVED'),
					{
						typeName: 'Contact',
						idField: 'ContactID',
						searchFields: ['Name', 'FirstName', 'LastName', 'ContactNumber', 'EmailAddress'],
					},
				);
			}
			if (method === 'GET' && segments.length === 2) {
				const found = isGuid(id)
					? call.book.get('contacts', id)
					: call.book.all('contacts').find((c) => c.ContactNumber === id);
				return found ? ok(call, { Contacts: [render(found)] }) : NOT_FOUND;
			}
			return write(call, 'Contacts', (el, ctx) => saveContact(call.book, el, ctx), id, 'ContactID');
		}
		case 'invoices': {
			if (method === 'GET' && !id) {
				return list('Invoices', call.book.all('invoices'), {
					typeName: 'Invoice',
					idField: 'InvoiceID',
					searchFields: ['InvoiceNumber', 'Reference'],
				});
			}
			if (method === 'GET' && segments.length === 2) {
				const found = isGuid(id)
					? call.book.get('invoices', id)
					: call.book.all('invoices').find((d) => d.InvoiceNumber === id);
				return found ? ok(call, { Invoices: [render(atUnitdp(call, found))] }) : NOT_FOUND;
			}
			return write(
				call,
				'Invoices',
				(el, ctx) => saveDocument(call.book, INVOICE, el, ctx),
				id,
				'InvoiceID',
			);
		}
		case 'creditnotes': {
			if (method === 'GET' && !id) {
				return list('CreditNotes', call.book.all('creditNotes'), {
					typeName: 'CreditNote',
					idField: 'CreditNoteID',
					searchFields: ['CreditNoteNumber', 'Reference'],
				});
			}
			if (method === 'GET' && segments.length === 2) {
				const found = isGuid(id)
					? call.book.get('creditNotes', id)
					: call.book.all('creditNotes').find((d) => d.CreditNoteNumber === id);
				return found ? ok(call, { CreditNotes: [render(atUnitdp(call, found))] }) : NOT_FOUND;
			}
			if (
				segments.length === 3 &&
				segments[2].toLowerCase() === 'allocations' &&
				method === 'PUT'
			) {
				const creditNote = call.book.get('creditNotes', id);
				if (!creditNote) return NOT_FOUND;
				return write(call, 'Allocations', (el, ctx) => {
					const current = call.book.get('creditNotes', id) ?? creditNote;
					return allocateCreditNote(call.book, current, el, ctx.now);
				});
			}
			return write(
				call,
				'CreditNotes',
				(el, ctx) => saveDocument(call.book, CREDIT_NOTE, el, ctx),
				id,
				'CreditNoteID',
			);
		}
		case 'payments': {
			if (method === 'GET' && !id) {
				return list('Payments', call.book.all('payments'), {
					typeName: 'Payment',
					idField: 'PaymentID',
				});
			}
			if (method === 'GET' && segments.length === 2) {
				const found = call.book.get('payments', id);
				return found ? ok(call, { Payments: [render(found)] }) : NOT_FOUND;
			}
			if (method === 'POST' && id && segments.length === 2) {
				return write(call, 'Payments', (el, ctx) => deletePayment(call.book, id, el, ctx.now));
			}
			if (segments.length === 1 && (method === 'PUT' || method === 'POST')) {
				return write(call, 'Payments', (el, ctx) => savePayment(call.book, el, ctx));
			}
			return NOT_FOUND;
		}
		case 'accounts': {
			if (method !== 'GET') return methodNotEmulated(method, 'Accounts');
			if (id) {
				const found = call.book.accounts.find(
					(a) => a.AccountID.toLowerCase() === id.toLowerCase(),
				);
				return found ? ok(call, { Accounts: [render(found)] }) : NOT_FOUND;
			}
			return list('Accounts', call.book.accounts, {
				typeName: 'Account',
				idField: 'AccountID',
				pageable: false,
			});
		}
		case 'taxrates':
			if (method !== 'GET') return methodNotEmulated(method, 'TaxRates');
			return list('TaxRates', call.book.taxRates, {
				typeName: 'TaxRate',
				idField: 'TaxType',
				pageable: false,
			});
		case 'currencies':
			if (method !== 'GET') return methodNotEmulated(method, 'Currencies');
			return list('Currencies', call.book.currencies, {
				typeName: 'Currency',
				idField: 'Code',
				pageable: false,
			});
		case 'organisation':
			if (method !== 'GET') return methodNotEmulated(method, 'Organisation');
			return ok(call, { Organisations: [render(call.book.organisation)] });
		default:
			return NOT_FOUND;
	}
}

function methodNotEmulated(method: string, resource: string): SandboxResponse {
	return problem(405, 'Method Not Allowed', `The sandbox does not emulate ${method} /${resource}`);
}

function ok(call: Call, body: Record<string, unknown>): SandboxResponse {
	return { status: 200, body: envelope(call.now, body) };
}

const DOCUMENT_LISTS = new Set(['Invoices', 'CreditNotes']);

function listResponse(
	deps: AccountingDeps,
	call: Call,
	name: string,
	records: XeroRecord[],
	options: Partial<ListOptions> & { idField: string },
): SandboxResponse {
	const typeName = options.typeName ?? name;
	const known = deps.spec.schemaProperties(typeName);
	for (const record of records.slice(0, 1)) for (const key of Object.keys(record)) known.add(key);
	const { items, pagination } = listRecords(records, call.req, {
		typeName,
		idField: options.idField,
		knownFields: known,
		searchFields: options.searchFields ?? [],
		pageable: options.pageable ?? true,
	});
	// Xero only returns line items in document lists when the caller pages.
	const rendered = items.map((item) => {
		if (!DOCUMENT_LISTS.has(name)) return render(item);
		if (pagination) return render(atUnitdp(call, item));
		const { LineItems: _omitted, ...rest } = item;
		return render(rest);
	});
	return ok(call, { ...(pagination ? { pagination } : {}), [name]: rendered });
}

/** Unit prices stored with 4 decimals read back with 2 unless the GET also says unitdp=4. */
function atUnitdp(call: Call, doc: XeroRecord): XeroRecord {
	if (call.req.query.get('unitdp') === '4' || !Array.isArray(doc.LineItems)) return doc;
	return {
		...doc,
		LineItems: doc.LineItems.map((line: XeroRecord) => ({ ...line, UnitAmount: round(line.UnitAmount, 2) })),
	};
}

type Save = (element: XeroRecord, ctx: WriteContext) => Outcome;

/** PUT/POST with a wrapped body: idempotency, batch atomicity, summarizeErrors. */
function write(
	call: Call,
	wrapper: string,
	save: Save,
	pathId?: string,
	idField?: string,
): SandboxResponse {
	const { req, book } = call;
	if (req.method !== 'PUT' && req.method !== 'POST') return NOT_FOUND;
	const key = req.headers['idempotency-key'];
	if (key) {
		const previous = book.idempotency.get(key);
		if (previous)
			return {
				status: previous.status,
				body: previous.body,
				headers: { 'x-sandbox-idempotent-replay': 'true' },
			};
	}
	const body = (req.body ?? {}) as XeroRecord;
	let elements: XeroRecord[] = Array.isArray(body[wrapper]) ? body[wrapper] : [body];
	if (pathId && idField) elements = elements.map((el) => ({ ...el, [idField]: pathId }));
	const ctx: WriteContext = {
		now: call.now,
		mode: req.method === 'PUT' ? 'create' : 'upsert',
		unitdp: req.query.get('unitdp') === '4' ? 4 : 2,
	};
	const summarize = req.query.get('summarizeErrors') !== 'false';
	const flag =
		wrapper === 'Contacts' || wrapper === 'Payments' ? 'HasValidationErrors' : 'HasErrors';

	const response = book.transaction((rollback) => {
		const outcomes = elements.map((element) => ({ element, outcome: save(element, ctx) }));
		const failed = outcomes.filter((o) => 'errors' in o.outcome);
		const asFailure = (o: { element: XeroRecord; outcome: Outcome }) => ({
			...o.element,
			StatusAttributeString: 'ERROR',
			[flag]: true,
			ValidationErrors: ('errors' in o.outcome ? o.outcome.errors : []).map((Message) => ({
				Message,
			})),
		});
		if (summarize && failed.length > 0) {
			rollback();
			return validationException(failed.map(asFailure));
		}
		const items = outcomes.map((o) =>
			'record' in o.outcome
				? { ...(render(o.outcome.record) as XeroRecord), StatusAttributeString: 'OK' }
				: asFailure(o),
		);
		const result: SandboxResponse = { status: 200, body: envelope(call.now, { [wrapper]: items }) };
		if (failed.length < outcomes.length) result.committed = true;
		return result;
	});
	if (key) book.idempotency.set(key, { status: response.status, body: response.body });
	return { ...response, logInfo: { elementCount: elements.length } };
}
