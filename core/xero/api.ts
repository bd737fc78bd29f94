/**
 * The only file that knows Xero's URLs, headers and envelopes. Operations ask it for lists (all
 * pages) and for batch writes; it adds the tenant header, `summarizeErrors=false` and the
 * idempotency key, and hands back one answer element per element sent.
 */
import type { LedgerClient } from '../client';
import { parseXeroDate } from '../dates';
import { LedgerError } from '../errors';
import type { HttpMethod, HttpResponse } from '../transport';
import type { EnvelopeKey, XeroEnvelope } from './wire';

export const DEFAULT_XERO_API_BASE_URL = 'https://api.xero.com';

/** Xero's default (and, for invoices, fixed) page size. */
export const XERO_PAGE_SIZE = 100;

export type Query = Record<string, string | number | boolean | undefined>;

export interface WriteOptions {
	/** Sent as `Idempotency-Key`; makes the write safe to retry after a lost answer. */
	idempotencyKey?: string;
	query?: Query;
	/** Receives when Xero made the answer (envelope `DateTimeUTC`, epoch ms), if it says. */
	onAnswered?(answeredAtMs: number | undefined): void;
}

export class XeroApi {
	private newestAnswerMs?: number;

	constructor(
		readonly client: LedgerClient,
		readonly tenantId: string,
		readonly baseUrl: string = DEFAULT_XERO_API_BASE_URL,
	) {}

	/**
	 * The newest `DateTimeUTC` Xero put on an answer so far: Xero's own clock, so an answer made
	 * before it (a replayed Idempotency-Key answer) can be told from a fresh one without trusting
	 * ours.
	 */
	newestAnswerTime(): number | undefined {
		return this.newestAnswerMs;
	}

	private noteAnswer(envelope: XeroEnvelope): number | undefined {
		if (!envelope.DateTimeUTC) return undefined;
		try {
			const at = parseXeroDate(envelope.DateTimeUTC);
			if (this.newestAnswerMs === undefined || at > this.newestAnswerMs) this.newestAnswerMs = at;
			return at;
		} catch {
			return undefined; // an answer without a readable time tells us nothing about replays
		}
	}

	private url(path: string): string {
		return `${this.baseUrl.replace(/\/+$/, '')}/api.xro/2.0${path}`;
	}

	private headers(extra?: Record<string, string>): Record<string, string> {
		return { 'Xero-tenant-id': this.tenantId, Accept: 'application/json', ...extra };
	}

	async get(path: string, query?: Query, headers?: Record<string, string>): Promise<XeroEnvelope> {
		const response = await this.client.request(
			{ method: 'GET', url: this.url(path), query, headers: this.headers(headers) },
			{ idempotent: true },
		);
		const envelope = envelopeOf(response);
		this.noteAnswer(envelope);
		return envelope;
	}

	/**
	 * Every element of a paged list: asks page after page until one comes back short (or Xero's
	 * `pagination.pageCount` says it was the last), up to `maxPages`.
	 */
	async getAll<K extends keyof XeroEnvelope>(
		path: string,
		key: K,
		query: Query = {},
		options: {
			headers?: Record<string, string>;
			maxPages?: number;
			/** A lookup by N ids has at most N answers: stop there instead of asking for an empty page. */
			atMost?: number;
		} = {},
	): Promise<NonNullable<XeroEnvelope[K]> extends Array<infer E> ? E[] : never> {
		const all: unknown[] = [];
		const maxPages = options.maxPages ?? 1000;
		for (let page = 1; page <= maxPages; page++) {
			const envelope = await this.get(path, { ...query, page }, options.headers);
			const items = (envelope[key] as unknown[] | undefined) ?? [];
			all.push(...items);
			const pageCount = envelope.pagination?.pageCount;
			const pageSize = envelope.pagination?.pageSize ?? XERO_PAGE_SIZE;
			if (items.length < pageSize || (pageCount !== undefined && page >= pageCount)) break;
			if (options.atMost !== undefined && all.length >= options.atMost) break;
		}
		return all as never;
	}

	/**
	 * Sends one batch (at most 50 elements) wrapped as `{key: elements}`. With
	 * `summarizeErrors=false` Xero answers 200 with the elements in the order sent, each carrying
	 * its own `ValidationErrors`; the answer array is returned as is.
	 */
	async writeBatch<E>(
		method: Extract<HttpMethod, 'PUT' | 'POST'>,
		path: string,
		key: EnvelopeKey,
		elements: E[],
		options: WriteOptions = {},
	): Promise<unknown[]> {
		const headers: Record<string, string> = { 'Content-Type': 'application/json' };
		if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
		const response = await this.client.request(
			{
				method,
				url: this.url(path),
				query: { summarizeErrors: false, ...options.query },
				headers: this.headers(headers),
				body: { [key]: elements },
			},
			// Only a keyed write may be repeated after a lost answer or a 5xx.
			{ idempotent: options.idempotencyKey !== undefined },
		);
		const envelope = envelopeOf(response);
		options.onAnswered?.(this.noteAnswer(envelope));
		const answer = (envelope[key] as unknown[] | undefined) ?? [];
		if (answer.length !== elements.length) {
			throw new LedgerError(
				`Xero answered ${answer.length} ${key} for ${elements.length} sent; the outcome of this batch is unclear`,
				{ kind: 'unknown', outcomeUnknown: true, httpStatus: response.status },
			);
		}
		return answer;
	}
}

/** Calls that act on one object (`/Invoices/{id}/Email`, `/Payments/{id}`) rather than a batch. */
export class XeroSingleCalls {
	constructor(
		private readonly client: LedgerClient,
		private readonly tenantId: string,
		private readonly baseUrl: string,
	) {}

	private url(path: string): string {
		return `${this.baseUrl.replace(/\/+$/, '')}/api.xro/2.0${path}`;
	}

	/** The PDF of a document: the same GET asked with `Accept: application/pdf`. */
	async getPdf(path: string): Promise<Buffer> {
		const response = await this.client.request(
			{
				method: 'GET',
				url: this.url(path),
				headers: { 'Xero-tenant-id': this.tenantId, Accept: 'application/pdf' },
				responseType: 'binary',
			},
			{ idempotent: true },
		);
		if (!Buffer.isBuffer(response.body)) {
			throw new LedgerError(`Xero did not answer ${path} with a PDF`, { kind: 'unknown' });
		}
		return response.body;
	}

	/** A file's bytes (an attachment's content, asked for in its own type as Xero's spec wants). */
	async getFile(path: string, mimeType: string): Promise<Buffer> {
		const response = await this.client.request(
			{
				method: 'GET',
				url: this.url(path),
				headers: { 'Xero-tenant-id': this.tenantId, Accept: mimeType, contentType: mimeType },
				responseType: 'binary',
			},
			{ idempotent: true },
		);
		if (!Buffer.isBuffer(response.body)) {
			throw new LedgerError(`Xero did not answer ${path} with the file`, { kind: 'unknown' });
		}
		return response.body;
	}

	/**
	 * Uploads raw bytes (the Attachments API takes the file itself as the body, not JSON): PUT
	 * attaches a new file, POST replaces a same-named one. Keyed, so a retry never attaches twice.
	 */
	async sendFile(
		method: 'PUT' | 'POST',
		path: string,
		data: Buffer,
		mimeType: string,
		idempotencyKey: string,
	): Promise<XeroEnvelope> {
		const response = await this.client.request(
			{
				method,
				url: this.url(path),
				headers: {
					'Xero-tenant-id': this.tenantId,
					Accept: 'application/json',
					'Content-Type': mimeType,
					'Idempotency-Key': idempotencyKey,
				},
				body: data,
			},
			{ idempotent: true },
		);
		return envelopeOf(response);
	}

	/**
	 * POSTs a bare (unwrapped) body, as `/Payments/{id}` and `/Invoices/{id}/Email` want, with
	 * `summarizeErrors=false` so a refusal comes back as the element's own messages.
	 */
	async post(
		path: string,
		body: unknown,
		idempotencyKey: string,
		key?: EnvelopeKey,
	): Promise<{ status: number; element?: unknown }> {
		const response = await this.client.request(
			{
				method: 'POST',
				url: this.url(path),
				query: { summarizeErrors: false },
				headers: {
					'Xero-tenant-id': this.tenantId,
					Accept: 'application/json',
					'Content-Type': 'application/json',
					'Idempotency-Key': idempotencyKey,
				},
				body,
			},
			{ idempotent: true },
		);
		const elements = key ? ((envelopeOf(response)[key] as unknown[] | undefined) ?? []) : [];
		return { status: response.status, element: elements[0] };
	}
}

function envelopeOf(response: HttpResponse): XeroEnvelope {
	const body = response.body;
	if (body && typeof body === 'object') return body as XeroEnvelope;
	if (typeof body === 'string' && body.trim().startsWith('{')) {
		try {
			return JSON.parse(body) as XeroEnvelope;
		} catch {
			return {}; // text that only looked like JSON: no elements to read
		}
	}
	return {};
}
