/**
 * The Accounting API handler (/api.xro/2.0/*): authentication, tenant header, rate limits, spec
 * validation, then the resource routes. The order matters and follows Xero: a bad token is a
 * 401 before anything is counted; a malformed request still spends rate budget.
 */
import type { ControllableClock, SandboxRequest, SandboxResponse } from '../common/types';
import type { Call } from './batchWrite';
import type { Book } from './book';
import { unauthorized, type XeroIdentity } from './identity';
import { QueryError } from './listQuery';
import type { XeroRateLimiter } from './rateLimits';
import { postDataInvalid, problem } from './responses';
import { route } from './routes';
import { acceptedScopes, scopeAllows } from './scopes';
import type { XeroSpecValidator } from './specValidator';

export const API_PREFIX = '/api.xro/2.0';
const MAX_BODY_BYTES = 3.5 * 1024 * 1024;

export interface AccountingDeps {
	books: Map<string, Book>;
	identity: XeroIdentity;
	limiter: XeroRateLimiter;
	spec: XeroSpecValidator;
	clock: ControllableClock;
}

export function createAccountingHandler(deps: AccountingDeps) {
	return async (req: SandboxRequest): Promise<SandboxResponse> => {
		const accept = (req.headers.accept ?? '').toLowerCase();
		// A document GET may ask for its PDF instead (Accept: application/pdf).
		const pdfAllowed =
			req.method === 'GET' && /\/(invoices|creditnotes)\/[^/]+$/i.test(req.path);
		// An attachment's content comes back in its own type, whatever the Accept header says.
		const fileGet = req.method === 'GET' && /\/invoices\/[^/]+\/attachments\/[^/]+$/i.test(req.path);
		if (!fileGet && !accept.includes('json') && !(pdfAllowed && accept.includes('application/pdf'))) {
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

