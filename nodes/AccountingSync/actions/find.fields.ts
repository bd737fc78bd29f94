/**
 * What Find Contacts and Find Invoices share: Return All / Limit as n8n's own "Get Many" fields,
 * "Updated Since" read as an instant, and one output item per record found.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { wallClockToInstant } from '../../../core/dates';
import { invalidInput } from '../../../core/errors';
import type { ItemResult } from '../../../core/ledger';
import type { LedgerKind } from '../../../core/model';
import { NeedsTimeZone, text, type ReadEnv } from './inputs';

export function pagingFields(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

export const updatedSinceField: INodeProperties = {
	displayName: 'Updated Since',
	name: 'updatedSince',
	type: 'dateTime',
	default: '',
	description:
		"Only records created or changed at or after this time. A time without a zone is read in the ledger's zone.",
};

/** `undefined` for Return All, else the limit (a whole number of at least 1). */
export function limitOf(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) === true) return undefined;
	const raw = ctx.getNodeParameter('limit', itemIndex, 50);
	const limit = typeof raw === 'number' ? raw : Number(text(raw));
	if (!Number.isInteger(limit) || limit < 1) throw invalidInput('limit', `"${text(raw)}" is not a whole number of at least 1`);
	return limit;
}

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** An instant: a timestamp with a zone as it says, a wall-clock time or a bare date in the ledger's zone. */
export function instantOf(value: unknown, field: string, env: ReadEnv): number | undefined {
	const raw = value instanceof Date ? value.toISOString() : text(value);
	if (raw === '') return undefined;
	if (/^\d{4}-\d{2}-\d{2}T/.test(raw) && HAS_ZONE.test(raw)) {
		const at = Date.parse(raw);
		if (!Number.isNaN(at)) return at;
	}
	if (!/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(raw))
		throw invalidInput(field, `"${raw}" is not a date or time, e.g. 2026-11-01T09:30:00Z`);
	if (env.timeZone === undefined) throw new NeedsTimeZone();
	return wallClockToInstant(raw, env.timeZone);
}

/** The filters collection of an item, as an object. */
export function filtersOf(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const filters = ctx.getNodeParameter('filters', itemIndex, {});
	return filters && typeof filters === 'object' ? (filters as IDataObject) : {};
}

/** One output item per record found, each paired with the item that asked. */
export function foundItems<T>(
	records: T[],
	ledgerIdOf: (record: T) => string,
	ledger: LedgerKind,
	itemIndex: number,
): INodeExecutionData[] {
	return records.map((record) => ({
		json: { ledger, ledgerId: ledgerIdOf(record), record: record as unknown as IDataObject },
		pairedItem: { item: itemIndex },
	}));
}

export type Found<T> = Extract<ItemResult<T>, { ledgerId: string }>;
