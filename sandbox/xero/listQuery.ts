/**
 * The list half of the Accounting API: `where`, the dedicated filters (IDs, InvoiceNumbers,
 * ContactIDs, Statuses, searchTerm), If-Modified-Since, `order` and paging.
 */
import type { SandboxRequest } from '../common/types';
import type { XeroRecord } from './seed';
import { compileWhere, fieldsOf, parseWhere, WhereSyntaxError } from './where';

export class QueryError extends Error {}

export interface ListOptions {
	/** Name Xero uses for the type in its error messages, e.g. 'Invoice'. */
	typeName: string;
	idField: string;
	/** Properties a where-clause may name (from the spec's schema). */
	knownFields: Set<string>;
	/** Fields `searchTerm` looks in. */
	searchFields: string[];
	/** Resources without `page` return everything. */
	pageable: boolean;
}

const csv = (value: string | null) =>
	value === null || value.trim() === ''
		? undefined
		: value.split(',').map((item) =>
				item
					.trim()
					.replace(/^"(.*)"$/, '$1')
					.toLowerCase(),
			);

export function listRecords(
	records: XeroRecord[],
	req: SandboxRequest,
	options: ListOptions,
): {
	items: XeroRecord[];
	pagination?: { page: number; pageSize: number; pageCount: number; itemCount: number };
} {
	const q = req.query;
	let items = records;

	const where = q.get('where');
	if (where && where.trim() !== '') {
		try {
			const tree = parseWhere(where);
			const lowerKnown = new Set([...options.knownFields].map((f) => f.toLowerCase()));
			const unknown = fieldsOf(tree).find((field) => !lowerKnown.has(field.toLowerCase()));
			if (unknown)
				throw new QueryError(
					`No property or field '${unknown}' exists in type '${options.typeName}'`,
				);
			const predicate = compileWhere(where);
			items = items.filter(predicate);
		} catch (error) {
			if (error instanceof WhereSyntaxError || error instanceof QueryError)
				throw new QueryError(error.message);
			throw error;
		}
	}

	const filters: [string | null, (r: XeroRecord) => string | undefined][] = [
		[q.get('IDs'), (r) => r[options.idField]],
		[q.get('InvoiceNumbers'), (r) => r.InvoiceNumber],
		[q.get('ContactIDs'), (r) => r.Contact?.ContactID],
		[q.get('Statuses'), (r) => r.Status],
	];
	for (const [raw, pick] of filters) {
		const wanted = csv(raw);
		if (wanted) items = items.filter((r) => wanted.includes(String(pick(r) ?? '').toLowerCase()));
	}

	const term = q.get('searchTerm');
	if (term && term.trim() !== '') {
		const needle = term.trim().toLowerCase();
		items = items.filter((r) =>
			options.searchFields.some((field) =>
				String(r[field] ?? '')
					.toLowerCase()
					.includes(needle),
			),
		);
	}

	const since = req.headers['if-modified-since'];
	if (since) {
		const at = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$|GMT/.test(since) ? since : `${since}Z`);
		if (Number.isNaN(at)) throw new QueryError(`If-Modified-Since '${since}' is not a valid date`);
		// Inclusive: a poller that passes back the newest UpdatedDateUTC it saw never misses a record stamped the same ms.
		items = items.filter((r) => Number(r.UpdatedDateUTC) >= at);
	}

	items = sortRecords(items, q.get('order'), options);

	// summaryOnly=true: the lightweight form, without the computation-heavy parts.
	if ((q.get('summaryOnly') ?? '').toLowerCase() === 'true') items = items.map(summaryOf);

	const pageParam = q.get('page');
	if (!options.pageable || pageParam === null) return { items };
	const page = Math.max(1, Number.parseInt(pageParam, 10) || 1);
	const pageSize = Math.min(
		1000,
		Math.max(1, Number.parseInt(q.get('pageSize') ?? '100', 10) || 100),
	);
	return {
		items: items.slice((page - 1) * pageSize, page * pageSize),
		pagination: {
			page,
			pageSize,
			pageCount: Math.ceil(items.length / pageSize),
			itemCount: items.length,
		},
	};
}

const HEAVY_FIELDS = ['LineItems', 'Payments', 'CreditNotes', 'Prepayments', 'Overpayments', 'Addresses', 'Phones', 'ContactPersons', 'ContactGroups', 'BatchPayments'];

function summaryOf(record: XeroRecord): XeroRecord {
	const copy = { ...record };
	for (const field of HEAVY_FIELDS) delete copy[field];
	return copy;
}

function sortRecords(
	items: XeroRecord[],
	order: string | null,
	options: ListOptions,
): XeroRecord[] {
	const keys = (order ?? '')
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean)
		.map((part) => {
			const [field, direction = 'ASC'] = part.split(/\s+/);
			if (
				!options.knownFields.has(field) &&
				![...options.knownFields].some((f) => f.toLowerCase() === field.toLowerCase())
			) {
				throw new QueryError(
					`No property or field '${field}' exists in type '${options.typeName}'`,
				);
			}
			return { field, desc: direction.toUpperCase() === 'DESC' };
		});
	// Default order is creation order (insertion), which is what Xero's unordered pages look like.
	if (keys.length === 0) return items;
	const value = (r: XeroRecord, field: string) => {
		const key = Object.keys(r).find((k) => k.toLowerCase() === field.toLowerCase());
		const v = key === undefined ? undefined : r[key];
		return typeof v === 'string' ? v.toLowerCase() : v;
	};
	return [...items].sort((a, b) => {
		for (const { field, desc } of keys) {
			const x = value(a, field);
			const y = value(b, field);
			if (x === y) continue;
			if (x === undefined) return 1;
			if (y === undefined) return -1;
			return (x < y ? -1 : 1) * (desc ? -1 : 1);
		}
		return 0;
	});
}
