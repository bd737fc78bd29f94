/**
 * Xero's failures in the neutral LedgerError set. Xero speaks in several shapes: a 400
 * `ValidationException` with `Elements[].ValidationErrors[]`, a `{Message}` object, a problem JSON
 * (`{Title, Detail}`) for auth failures, or bare text such as `AuthenticationUnsuccessful`.
 */
import { LedgerError, type LedgerErrorKind } from '../errors';
import type { ProviderErrors } from '../client';
import type { ItemResult } from '../ledger';
import type { HttpRequest, HttpResponse } from '../transport';
import type { XeroElementStatus } from './wire';

const MAX_MESSAGE = 500;

/** Every validation message carried by one element of a batch answer. */
export function elementMessages(element: XeroElementStatus | undefined): string[] {
	return (element?.ValidationErrors ?? [])
		.map((e) => e.Message)
		.filter((m): m is string => typeof m === 'string' && m.length > 0);
}

/** True when Xero rejected this element of a `summarizeErrors=false` batch. */
export function elementFailed(element: XeroElementStatus | undefined): boolean {
	return element?.HasErrors === true || elementMessages(element).length > 0;
}

/**
 * A write Xero refused for what it holds (a refused element: the record's state, a duplicate
 * name), not a failed transport: the cases a concurrent execution's write can explain, so the
 * caller looks again before reporting them.
 */
export function refusedByXero(result: ItemResult<unknown>): boolean {
	return (
		result.action === 'failed' &&
		(result.error.kind === 'conflict' || result.error.kind === 'validation')
	);
}

/** The vendor's own words from any error body shape, bounded in length. */
export function vendorMessageOf(body: unknown): string | undefined {
	if (typeof body === 'string') return bounded(body.trim() || undefined);
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	const elements = Array.isArray(record.Elements) ? (record.Elements as XeroElementStatus[]) : [];
	const validation = elements.flatMap((e) => elementMessages(e));
	if (validation.length > 0) return bounded([...new Set(validation)].join('; '));
	for (const key of ['Detail', 'Message', 'message', 'Title', 'error_description', 'error']) {
		const value = record[key];
		if (typeof value === 'string' && value) return bounded(value);
	}
	return undefined;
}

function bounded(text: string | undefined): string | undefined {
	if (text === undefined) return undefined;
	return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

function kindOf(status: number, message: string): LedgerErrorKind {
	if (status === 401 || /TokenExpired|AuthenticationUnsuccessful|invalid_grant/i.test(message))
		return 'auth';
	if (status === 403) return 'auth';
	if (status === 404) return 'not_found';
	if (status === 409) return 'conflict';
	if (status === 429) return 'rate_limited';
	if (status >= 500) return 'transient';
	if (status === 400) return 'validation';
	return 'unknown';
}

const HINTS: Partial<Record<LedgerErrorKind, string>> = {
	auth: 'Xero did not accept the credential (expired, revoked or missing scope): reconnect the Xero credential',
	not_found: 'Xero could not find the object',
	conflict: 'Xero refused the change because of the object state',
	rate_limited: 'Xero rate limit reached',
	transient: 'Xero had a temporary failure',
	validation: 'Xero rejected the request',
	unknown: 'Xero answered with an error',
};

function translate(response: HttpResponse, request: HttpRequest): LedgerError {
	const vendorMessage = vendorMessageOf(response.body);
	const kind = kindOf(response.status, vendorMessage ?? '');
	const where = `${request.method} ${pathOf(request.url)}`;
	const retryAfter = Number(response.headers['retry-after']);
	const problem = response.headers['x-rate-limit-problem'];
	const detail = vendorMessage ?? (problem ? `limit: ${problem}` : undefined);
	return new LedgerError(
		`${HINTS[kind]} (HTTP ${response.status} on ${where})${detail ? `: ${detail}` : ''}`,
		{
			kind,
			vendorMessage,
			httpStatus: response.status,
			retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
		},
	);
}

function pathOf(url: string): string {
	try {
		return new URL(url).pathname;
	} catch {
		return url;
	}
}

/** A daily-quota 429 asks for hours: the client fails it at once instead of sleeping. */
function isDailyLimit(response: HttpResponse): boolean {
	return (response.headers['x-rate-limit-problem'] ?? '').toLowerCase() === 'daily';
}

export const xeroErrors: ProviderErrors = { translate, isDailyLimit };
