/**
 * EasyBill's failures as LedgerErrors. EasyBill answers `{ code, message }` (code repeats the HTTP
 * status); its 429 carries no Retry-After and there is no daily quota, so no 429 is "daily".
 */
import { LedgerError, type LedgerErrorKind } from '../errors';
import type { ProviderErrors } from '../client';
import type { HttpRequest, HttpResponse } from '../transport';

function kindOf(status: number): LedgerErrorKind {
	if (status === 401 || status === 403) return 'auth';
	if (status === 404) return 'not_found';
	if (status === 409) return 'conflict';
	if (status === 429) return 'rate_limited';
	if (status >= 500) return 'transient';
	if (status >= 400) return 'validation';
	return 'unknown';
}

/** The vendor's own words from an error body, whatever shape it came in. */
export function vendorMessageOf(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() === '' ? undefined : body.slice(0, 500);
	if (body && typeof body === 'object') {
		const message = (body as { message?: unknown }).message;
		if (typeof message === 'string' && message !== '') return message;
		const errors = (body as { errors?: unknown }).errors;
		if (errors !== undefined) return JSON.stringify(errors).slice(0, 500);
	}
	return undefined;
}

function pathOf(url: string): string {
	try {
		return new URL(url).pathname;
	} catch {
		return url;
	}
}

const HINTS: Partial<Record<LedgerErrorKind, string>> = {
	auth: 'check the EasyBill API key in the credential',
	rate_limited:
		'the plan allows 10 (PLUS) or 60 (BUSINESS) requests per minute; set the plan limit to match',
	conflict: 'the document is locked (finalised) or busy',
};

export function translateEasyBillError(response: HttpResponse, request: HttpRequest): LedgerError {
	const kind = kindOf(response.status);
	const vendorMessage = vendorMessageOf(response.body);
	const hint = HINTS[kind];
	const message =
		`EasyBill ${response.status} on ${request.method} ${pathOf(request.url)}` +
		(vendorMessage ? `: ${vendorMessage}` : '') +
		(hint ? ` (${hint})` : '');
	return new LedgerError(message, { kind, vendorMessage, httpStatus: response.status });
}

export const easyBillErrors: ProviderErrors = {
	translate: translateEasyBillError,
	// EasyBill has per-minute limits only; every 429 is worth waiting out.
	isDailyLimit: () => false,
};

/** True when a create may have been applied although no success came back. */
export function mayHaveBeenApplied(error: unknown): boolean {
	return (
		error instanceof LedgerError && (error.outcomeUnknown === true || error.kind === 'transient')
	);
}
