/**
 * The only door to the network. The core never imports an HTTP client: nodes pass a `send` that
 * wraps n8n's `httpRequestWithAuthentication` (so n8n refreshes OAuth tokens), tests and the demo
 * pass one that talks to the sandbox.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
	method: HttpMethod;
	/** Absolute URL without query string. */
	url: string;
	query?: Record<string, string | number | boolean | undefined>;
	headers?: Record<string, string>;
	/** Serialised as JSON; a Buffer is sent as its bytes, typed by the request's Content-Type. */
	body?: unknown;
	/** `binary`: the answer body comes back as a Buffer (a PDF), not parsed. Default JSON. */
	responseType?: 'json' | 'binary';
}

export interface HttpResponse {
	status: number;
	/** Header names lower-cased. */
	headers: Record<string, string | undefined>;
	body: unknown;
	/**
	 * Requests the send made beyond the first to get this answer: n8n resends a request once it has
	 * refreshed an expired OAuth2 token. Each reached the ledger, so the governor counts it too.
	 */
	extraRequests?: number;
}

/**
 * Sends one request. It must resolve with the response for every HTTP status (4xx and 5xx too):
 * the core decides what a status means. It rejects only when no response arrived (connection
 * dropped, timeout), which the core treats as "outcome unknown".
 */
export type Send = (request: HttpRequest) => Promise<HttpResponse>;

/** Raised by a `send` when the request left but no response came back. */
export class NoResponseError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'NoResponseError';
	}
}

/**
 * Time, injected so pacing and backoff are testable without real waiting. Nodes pass n8n-workflow's
 * `sleep` (shipped code never calls setTimeout itself).
 */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}
