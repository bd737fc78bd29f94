/**
 * Paging and filter parsing shared by every EasyBill list endpoint.
 */
import { HttpError } from './responses';

export interface ListEnvelope<T> {
	page: number;
	pages: number;
	limit: number;
	total: number;
	items: T[];
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

function positiveInteger(raw: string | null, name: string, fallback: number): number {
	if (raw === null || raw === '') return fallback;
	if (!/^\d+$/.test(raw) || Number(raw) < 1) {
		throw new HttpError(400, `The query parameter ${name} must be a positive integer.`);
	}
	return Number(raw);
}

export function paginate<T>(items: T[], query: URLSearchParams): ListEnvelope<T> {
	const page = positiveInteger(query.get('page'), 'page', 1);
	const limit = positiveInteger(query.get('limit'), 'limit', DEFAULT_LIMIT);
	if (limit > MAX_LIMIT)
		throw new HttpError(400, `The query parameter limit must not exceed ${MAX_LIMIT}.`);
	const total = items.length;
	return {
		page,
		pages: Math.max(1, Math.ceil(total / limit)),
		limit,
		total,
		items: items.slice((page - 1) * limit, page * limit),
	};
}

/**
 * Splits a comma list filter. A literal comma inside a value must be written `\,`, and EasyBill
 * honours that escape only when the client sends `X-Easybill-Escape: true`; without the header
 * every comma separates values, which is how "Müller, Schmidt GmbH" silently becomes two names.
 */
export function splitFilterList(raw: string, escapeEnabled: boolean): string[] {
	if (!escapeEnabled) return raw.split(',');
	const values: string[] = [];
	let current = '';
	for (let i = 0; i < raw.length; i++) {
		const ch = raw[i];
		if (ch === '\\' && i + 1 < raw.length && (raw[i + 1] === ',' || raw[i + 1] === '\\')) {
			current += raw[i + 1];
			i++;
		} else if (ch === ',') {
			values.push(current);
			current = '';
		} else {
			current += ch;
		}
	}
	values.push(current);
	return values;
}

/** Date filters take one `Y-m-d` or an inclusive range `from,to`. */
export function matchesDateFilter(value: string | null | undefined, raw: string): boolean {
	if (!value) return false;
	const day = value.slice(0, 10);
	const [from, to] = raw.split(',');
	if (to === undefined) return day === from;
	return day >= from && day <= to;
}

export function escapeEnabled(headers: Record<string, string | undefined>): boolean {
	return (headers['x-easybill-escape'] ?? '').toLowerCase() === 'true';
}
