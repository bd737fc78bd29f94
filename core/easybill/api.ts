/**
 * The only file that knows EasyBill's base URL, its list envelope and how list filters are sent.
 * Every call goes through the shared LedgerClient (governor, retry, error translation, scrubbing).
 */
import type { LedgerClient } from '../client';
import type { HttpRequest } from '../transport';
import { chunkFilterValues, ESCAPE_HEADER, requestLineBytes } from './listFilter';
import type { EbList } from './wire';

export const DEFAULT_EASYBILL_BASE_URL = 'https://api.easybill.de/rest/v1';

/** EasyBill's largest page; fewer pages means fewer calls against a 10/min plan. */
export const MAX_PAGE_SIZE = 1000;

/** Safety bound on pages read for one list, so a runaway filter cannot exhaust the plan. */
const DEFAULT_MAX_PAGES = 50;

type Query = Record<string, string | number>;

export class EasyBillApi {
	readonly baseUrl: string;

	constructor(
		readonly client: LedgerClient,
		baseUrl = DEFAULT_EASYBILL_BASE_URL,
	) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
	}

	url(path: string): string {
		return `${this.baseUrl}${path}`;
	}

	async get<T>(path: string, query?: Query, headers?: Record<string, string>): Promise<T> {
		const response = await this.client.request(
			{ method: 'GET', url: this.url(path), query, headers },
			{ idempotent: true },
		);
		return response.body as T;
	}

	/** A create: never retried by the client after an unknown outcome (EasyBill has no idempotency key). */
	async post<T>(path: string, body: unknown): Promise<T> {
		const response = await this.client.request(
			{ method: 'POST', url: this.url(path), body },
			{ idempotent: false },
		);
		return response.body as T;
	}

	/** PUT writes a whole state, so sending it twice lands in the same place. */
	async put<T>(path: string, body?: unknown): Promise<T> {
		const request: HttpRequest = { method: 'PUT', url: this.url(path) };
		if (body !== undefined) request.body = body;
		const response = await this.client.request(request, { idempotent: true });
		return response.body as T;
	}

	async delete(path: string): Promise<void> {
		await this.client.request({ method: 'DELETE', url: this.url(path) }, { idempotent: true });
	}

	/** Every item of a list, all pages (envelope `page`/`pages`). */
	async listAll<T>(
		path: string,
		query: Query = {},
		headers?: Record<string, string>,
		maxPages = DEFAULT_MAX_PAGES,
	): Promise<T[]> {
		const items: T[] = [];
		for (let page = 1; page <= maxPages; page++) {
			const envelope = await this.get<EbList<T>>(
				path,
				{ ...query, limit: MAX_PAGE_SIZE, page },
				headers,
			);
			items.push(...(envelope?.items ?? []));
			if (!envelope || page >= (envelope.pages ?? 1)) break;
		}
		return items;
	}

	/**
	 * Items whose `filter` matches any of `values`, in as few requests as the request-line limit
	 * allows: values are escaped into comma lists (with the escape header) and chunked.
	 */
	async listByValues<T>(
		path: string,
		filter: string,
		values: readonly string[],
		query: Query = {},
	): Promise<T[]> {
		if (values.length === 0) return [];
		const fixed = requestLineBytes('GET', this.url(path), {
			...query,
			limit: MAX_PAGE_SIZE,
			page: DEFAULT_MAX_PAGES,
		});
		const items: T[] = [];
		for (const list of chunkFilterValues(values, fixed, filter)) {
			items.push(
				...(await this.listAll<T>(path, { ...query, [filter]: list }, { ...ESCAPE_HEADER })),
			);
		}
		return items;
	}
}
