/**
 * Two items with one source ID in one run. The same values twice (an event delivered twice into
 * one batch) are one record: it is written once and the repeat reports it `unchanged`, pointing to
 * the same record. Other values under the same source ID cannot both be booked: the repeat fails
 * with kind `conflict` naming both items and each differing field, before anything is written, and
 * the first item goes on alone.
 */
import { LedgerError } from '../../../core/errors';
import type { ItemResult } from '../../../core/ledger';
import { formatMajor } from '../../../core/money';
import type { FieldLabeler } from '../../shared/fieldLabels';

/** The operations whose items are records identified by their source ID. */
const BY_SOURCE_ID = new Set(['upsertContact', 'createInvoice', 'recordPayment', 'issueCreditNote']);

type Valid = { itemIndex: number; input: unknown };

export interface Repeats {
	/** The items to send to the ledger: each source ID once. */
	unique: Valid[];
	/** Repeat item index -> the item index it repeats (same values). */
	sameAs: Map<number, number>;
	/** Repeats with other values: refused, nothing written for them. */
	conflicts: Array<{ itemIndex: number; error: LedgerError }>;
}

/** The source ID that identifies an item of a record-writing operation, if it has one. */
export function sourceIdOf(operation: string, input: unknown): string | undefined {
	if (!BY_SOURCE_ID.has(operation) || !input || typeof input !== 'object') return undefined;
	const id = (input as { sourceId?: unknown }).sourceId;
	return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

export function findRepeats(operation: string, valid: Valid[], labelOf: FieldLabeler): Repeats {
	const first = new Map<string, Valid>();
	const out: Repeats = { unique: [], sameAs: new Map(), conflicts: [] };
	for (const item of valid) {
		const id = sourceIdOf(operation, item.input);
		const earlier = id === undefined ? undefined : first.get(id);
		if (id === undefined || !earlier) {
			if (id !== undefined) first.set(id, item);
			out.unique.push(item);
			continue;
		}
		if (stableStringify(earlier.input) === stableStringify(item.input)) {
			out.sameAs.set(item.itemIndex, earlier.itemIndex);
			continue;
		}
		out.conflicts.push({
			itemIndex: item.itemIndex,
			error: repeatConflict(id, earlier, item, labelOf),
		});
	}
	return out;
}

/** The repeat's outcome: the first item's record, `unchanged`; or the first item's failure. */
export function repeatOutcome(
	first: ItemResult<unknown> | { action: 'failed'; error: unknown } | undefined,
	itemIndex: number,
): ItemResult<unknown> | { action: 'failed'; error: unknown } | undefined {
	if (!first) return undefined;
	if (first.action === 'failed') {
		const error = first.error instanceof LedgerError ? first.error.forItem(itemIndex) : first.error;
		return { action: 'failed', error };
	}
	return { index: itemIndex, action: 'unchanged', ledgerId: first.ledgerId, record: first.record };
}

function repeatConflict(id: string, earlier: Valid, item: Valid, labelOf: FieldLabeler): LedgerError {
	const currency = (item.input as { currency?: unknown }).currency;
	const shown = (field: string, value: unknown) => show(field, value, currency);
	const fields = differingFields(earlier.input, item.input);
	const listed = fields
		.map(
			({ field, a, b }) =>
				`${labelOf(field) ?? field}: item ${earlier.itemIndex} ${shown(field, a)}, item ${item.itemIndex} ${shown(field, b)}`,
		)
		.join('; ');
	return new LedgerError(
		`Source ID "${id}" is on item ${earlier.itemIndex} and item ${item.itemIndex} with other values (${listed}): nothing was written for item ${item.itemIndex}. One source ID is one record: send each once per run, or send the correction in a later run`,
		{ kind: 'conflict', field: 'sourceId', itemIndex: item.itemIndex },
	);
}

interface FieldDifference {
	field: string;
	a: unknown;
	b: unknown;
}

/** Canonical paths (`lines[1].unitPriceMinor`) where two inputs differ. */
function differingFields(a: unknown, b: unknown, path = ''): FieldDifference[] {
	if (stableStringify(a) === stableStringify(b)) return [];
	if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
		return a.flatMap((value, i) => differingFields(value, b[i], `${path}[${i}]`));
	}
	if (isObject(a) && isObject(b)) {
		const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
		return keys.flatMap((key) => differingFields(a[key], b[key], path ? `${path}.${key}` : key));
	}
	return [{ field: path, a, b }];
}

/** JSON with object keys sorted, so equal inputs always compare equal. */
function stableStringify(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	if (isObject(value)) {
		const keys = Object.keys(value)
			.filter((k) => value[k] !== undefined)
			.sort();
		return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

function isObject(value: unknown): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

function show(field: string, value: unknown, currency: unknown): string {
	if (value === undefined || value === null || value === '') return '(none)';
	if (Array.isArray(value)) return `${value.length} line${value.length === 1 ? '' : 's'}`;
	if (/Minor$/.test(field) && typeof value === 'number' && typeof currency === 'string') {
		try {
			return `${formatMajor(value, currency)} ${currency}`;
		} catch {
			return String(value);
		}
	}
	return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}
