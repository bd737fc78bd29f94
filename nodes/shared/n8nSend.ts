/**
 * The core's `send` inside n8n: every request goes through `httpRequestWithAuthentication`, so n8n
 * adds the credential (EasyBill key, Xero bearer token) and refreshes an expired OAuth2 token.
 *
 * Two n8n behaviours shape this file. n8n refreshes an OAuth2 token only when the request *throws*
 * a 401; and when it throws, it wraps the HTTP error in a NodeApiError that keeps the status and
 * body but drops the headers (Retry-After, X-Rate-Limit-Problem), which the core needs to wait
 * correctly. So requests go out with `ignoreHttpStatusErrors` (every status comes back whole), and
 * only a 401 is sent once more without it, to let n8n refresh the token and retry. A request with
 * no answer at all becomes NoResponseError: the outcome is unknown.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import {
	NoResponseError,
	type HttpRequest,
	type HttpResponse,
	type Send,
} from '../../core/transport';

/** Any n8n context that can make authenticated requests (execute, load options, hooks, polls, webhooks). */
export interface N8nRequestContext {
	helpers: {
		httpRequestWithAuthentication: IExecuteFunctions['helpers']['httpRequestWithAuthentication'];
	};
	getNode?: () => { credentials?: Record<string, { id?: string | null; name?: string }> | null };
}

/**
 * The 401 retries (n8n's token refresh) in flight per saved credential, process-wide. n8n-core
 * before n8n's own refresh lock (2.8.x) refreshes on every 401: requests of parallel executions
 * that all meet an expired token would each refresh the one Xero credential. Xero's grace period
 * makes that survivable, but each costs a token call. So the first 401 refreshes; a 401 meeting a
 * refresh in flight waits for it and is sent again as it was (n8n reads the credential, with the
 * token just stored, for every request), and refreshes itself only if that is refused too.
 */
const refreshesInFlight = new Map<string, Promise<unknown>>();

function credentialKey(ctx: N8nRequestContext, credentialType: string): string | undefined {
	const details = ctx.getNode?.().credentials?.[credentialType];
	const id = details?.id ?? details?.name;
	return id ? `${credentialType}|${id}` : undefined;
}

export interface N8nSendOptions {
	timeoutMs?: number;
	/**
	 * Send a 401 once more so n8n can refresh an OAuth2 token (default true). Off for API-key
	 * credentials: a refused key stays refused, and the retry would cost a rate-limit slot.
	 */
	refreshOn401?: boolean;
}

interface FullResponse {
	statusCode: number;
	headers?: Record<string, unknown>;
	body?: unknown;
}

interface ResponseLike {
	status: number;
	headers?: Record<string, unknown>;
	data?: unknown;
}

// Socket-level failures: the request may have reached the ledger, but nothing came back.
const NO_RESPONSE_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
]);

const NO_RESPONSE_MESSAGE =
	/socket hang up|network error|timeout of \d+ms exceeded|closed unexpectedly/i;

export function n8nSend(
	ctx: N8nRequestContext,
	credentialType: string,
	options: N8nSendOptions = {},
): Send {
	const call = async (
		request: HttpRequest,
		ignoreHttpStatusErrors: boolean,
	): Promise<HttpResponse> => {
		const binary = request.responseType === 'binary';
		const requestOptions: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			qs: definedOnly(request.query),
			headers: {
				Accept: 'application/json',
				...(bodyOf(request) === '{}' ? { 'Content-Type': 'application/json' } : {}),
				...request.headers,
			},
			body: bodyOf(request),
			json: !binary,
			returnFullResponse: true,
			ignoreHttpStatusErrors,
			timeout: options.timeoutMs ?? 60_000,
			// A PDF must arrive as bytes: parsed as text it would be corrupted.
			...(binary ? { encoding: 'arraybuffer' as const } : {}),
		};
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx as unknown as IExecuteFunctions,
			credentialType,
			requestOptions,
		)) as FullResponse;
		return {
			status: response.statusCode,
			headers: lowerCaseHeaders(response.headers),
			body: binary ? binaryBody(response.body) : emptyToUndefined(response.body),
		};
	};

	return async (request: HttpRequest): Promise<HttpResponse> => {
		let first: HttpResponse;
		try {
			first = await call(request, true);
		} catch (error) {
			throw asTransportError(error);
		}
		if (first.status !== 401 || options.refreshOn401 === false) return first;
		let extraRequests = 0;
		const key = credentialKey(ctx, credentialType);
		const inFlight = key ? refreshesInFlight.get(key) : undefined;
		if (inFlight) {
			await inFlight.catch(() => undefined);
			try {
				first = await call(request, true);
			} catch (error) {
				throw asTransportError(error);
			}
			extraRequests += 1;
			if (first.status !== 401) return { ...first, extraRequests };
		}
		const refused = first;
		// Again, letting the 401 throw: that is what makes n8n refresh an OAuth2 token and retry.
		// That request reached the ledger, whatever came of it: the governor must count it.
		const retry = (async (): Promise<HttpResponse> => {
			try {
				return await call(request, false);
			} catch (error) {
				const answered = httpResponseOf(error);
				// No body from the ledger means the refresh itself failed (e.g. invalid_grant): the
				// original 401 says best what is wrong, "reconnect the credential".
				if (!answered || answered.body === undefined) return refused;
				return answered;
			}
		})();
		const leads = key !== undefined && !refreshesInFlight.has(key);
		if (leads) refreshesInFlight.set(key, retry);
		try {
			return { ...(await retry), extraRequests: extraRequests + 1 };
		} finally {
			if (leads && refreshesInFlight.get(key) === retry) refreshesInFlight.delete(key);
		}
	};
}

function asTransportError(error: unknown): unknown {
	if (isNoResponse(error)) return new NoResponseError(describe(error));
	return error;
}

/** Walks the error and its causes (n8n wraps axios errors in NodeApiError) for an HTTP answer. */
export function httpResponseOf(error: unknown): HttpResponse | undefined {
	for (const candidate of causeChain(error)) {
		const response = (candidate as { response?: unknown }).response;
		if (isResponseLike(response)) {
			return {
				status: response.status,
				headers: lowerCaseHeaders(response.headers),
				body: emptyToUndefined(response.data),
			};
		}
		// n8n's NodeApiError keeps the status and the parsed body, not the headers.
		const httpCode = Number((candidate as { httpCode?: unknown }).httpCode);
		if (Number.isInteger(httpCode) && httpCode >= 100 && httpCode < 600) {
			const context = (candidate as { context?: { data?: unknown } }).context;
			return { status: httpCode, headers: {}, body: context?.data };
		}
		// The OAuth2 client's refresh failure (e.g. invalid_grant): the credential needs reconnecting.
		if (isTokenRefreshFailure(candidate)) {
			return {
				status: 401,
				headers: {},
				body: {
					Title: 'Unauthorized',
					Detail: `Refreshing the access token failed (${refreshReason(candidate)}): reconnect the credential`,
				},
			};
		}
	}
	return undefined;
}

function isNoResponse(error: unknown): boolean {
	return causeChain(error).some((candidate) => {
		const { code, httpCode, messages } = candidate as {
			code?: unknown;
			httpCode?: unknown;
			messages?: unknown;
		};
		if (typeof code === 'string' && NO_RESPONSE_CODES.has(code)) return true;
		if (typeof httpCode === 'string' && NO_RESPONSE_CODES.has(httpCode)) return true;
		const texts = [
			candidate instanceof Error ? candidate.message : '',
			...(Array.isArray(messages) ? messages : []),
		];
		return texts.some((text) => typeof text === 'string' && NO_RESPONSE_MESSAGE.test(text));
	});
}

function causeChain(error: unknown): object[] {
	const chain: object[] = [];
	let current: unknown = error;
	// Bounded: n8n wraps at most a couple of times, and a cycle must not hang us.
	for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
		chain.push(current);
		current = (current as { cause?: unknown }).cause;
	}
	return chain;
}

function isResponseLike(value: unknown): value is ResponseLike {
	return !!value && typeof value === 'object' && typeof (value as ResponseLike).status === 'number';
}

function isTokenRefreshFailure(value: object): boolean {
	const candidate = value as { status?: unknown; body?: unknown; code?: unknown };
	return (
		candidate.code === 'ESTATUS' &&
		typeof candidate.status === 'number' &&
		candidate.status >= 400 &&
		candidate.status < 500
	);
}

function refreshReason(value: object): string {
	const body = (value as { body?: unknown }).body;
	if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') {
		return (body as { error: string }).error;
	}
	return `HTTP ${(value as { status: number }).status}`;
}

function describe(error: unknown): string {
	const messages = causeChain(error)
		.map((candidate) => (candidate instanceof Error ? candidate.message : ''))
		.filter(Boolean);
	return messages[messages.length - 1] ?? 'no response';
}

function lowerCaseHeaders(
	headers: Record<string, unknown> | undefined,
): Record<string, string | undefined> {
	const out: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		out[name.toLowerCase()] =
			value == null ? undefined : Array.isArray(value) ? value.join(', ') : String(value);
	}
	return out;
}

/**
 * n8n's request helper drops an empty object body, but Xero's `/Invoices/{id}/Email` and EasyBill's
 * `/documents/{id}/send/email` require one: `{}` goes out as text, which the helper sends as is.
 */
function bodyOf(request: HttpRequest): IDataObject | string | undefined {
	const body = request.body;
	if (body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) {
		return '{}';
	}
	return body as IDataObject | undefined;
}

/** Bytes as a Buffer; an error answer in JSON is parsed so the core can read the vendor's words. */
function binaryBody(body: unknown): unknown {
	const bytes = Buffer.isBuffer(body)
		? body
		: body instanceof ArrayBuffer
			? Buffer.from(body)
			: typeof body === 'string'
				? Buffer.from(body, 'latin1')
				: undefined;
	if (!bytes) return body;
	const head = bytes.subarray(0, 1).toString('latin1');
	if (head === '{' || head === '[') {
		try {
			return JSON.parse(bytes.toString('utf8'));
		} catch {
			return bytes;
		}
	}
	return bytes;
}

function emptyToUndefined(body: unknown): unknown {
	return body === '' ? undefined : body;
}

function definedOnly(query: HttpRequest['query']): IDataObject | undefined {
	if (!query) return undefined;
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(query)) if (value !== undefined) out[key] = value;
	return out;
}
