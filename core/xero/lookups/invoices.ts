/**
 * Finding sales invoices by what the caller knows: Xero's id (`IDs=`), the invoice number
 * (`InvoiceNumbers=`) or the source id kept in `Reference` (an OR'd, escaped `where`). Each kind
 * is one call per chunk, whatever the batch size.
 */
import type { InvoiceRef } from '../../model';
import type { Query, XeroApi } from '../api';
import { commaListChunks, isXeroId, orWhereChunks, whereEquals } from '../where';
import { creationOrder } from '../creationOrder';
import type { XeroInvoice } from '../wire';
import { wholeListIfCheaper } from './wholeList';

/** Deleted drafts are gone for every purpose; bills (ACCPAY) are never ours. */
function usable(invoice: XeroInvoice): boolean {
	return invoice.Type === 'ACCREC' && invoice.Status !== 'DELETED';
}

/**
 * Of several matches, a live one beats a voided one; of two live ones, the one created first
 * (the one two executions that created the same source id at once both keep, see ../createRace).
 */
function best(current: XeroInvoice | undefined, candidate: XeroInvoice): XeroInvoice {
	if (!current) return candidate;
	const voided = (i: XeroInvoice) => (i.Status === 'VOIDED' ? 1 : 0);
	if (voided(candidate) !== voided(current))
		return voided(candidate) < voided(current) ? candidate : current;
	if (voided(current) === 0 && creationOrder(candidate, current) < 0) return candidate;
	return current;
}

async function collect(
	api: XeroApi,
	queries: Query[],
	keyOf: (invoice: XeroInvoice) => string | undefined,
	atMostPerQuery?: (query: Query) => number,
): Promise<Map<string, XeroInvoice>> {
	const found = new Map<string, XeroInvoice>();
	for (const query of queries) {
		// unitdp=4: a full credit note copies these lines and must not lose unit-price decimals.
		const atMost = atMostPerQuery?.(query);
		const query4dp = { ...query, unitdp: 4 };
		for (const invoice of await api.getAll('/Invoices', 'Invoices', query4dp, { atMost })) {
			const key = keyOf(invoice);
			if (key !== undefined && usable(invoice)) found.set(key, best(found.get(key), invoice));
		}
	}
	return found;
}

/**
 * Up to 100 GUIDs per `IDs=` call (about 3,900 characters encoded, well inside Xero's URL limit),
 * so a webhook delivery naming 100 invoices costs one request.
 */
export function getInvoicesById(api: XeroApi, ids: string[]): Promise<Map<string, XeroInvoice>> {
	return collect(
		api,
		commaListChunks(ids.filter(isXeroId), 100, 4000).map((IDs) => ({ IDs })),
		(i) => i.InvoiceID,
		(query) => String(query.IDs).split(',').length,
	);
}

export function getInvoicesByNumber(
	api: XeroApi,
	numbers: string[],
): Promise<Map<string, XeroInvoice>> {
	return collect(
		api,
		commaListChunks(numbers).map((InvoiceNumbers) => ({ InvoiceNumbers })),
		(i) => i.InvoiceNumber,
	);
}

export async function getInvoicesByReference(
	api: XeroApi,
	references: string[],
): Promise<Map<string, XeroInvoice>> {
	const found = new Map<string, XeroInvoice>();
	for (const [reference, invoices] of await getAllInvoicesByReference(api, references))
		found.set(reference, invoices.reduce<XeroInvoice | undefined>(best, undefined) as XeroInvoice);
	return found;
}

/**
 * Every usable sales invoice per reference (not only the best one), in one call per chunk or
 * by paging the whole list when that is cheaper: the re-check after a create (../createRace)
 * must see each copy a concurrent execution made.
 */
export async function getAllInvoicesByReference(
	api: XeroApi,
	references: string[],
	/** Invoices this execution created since its last lookup (see wholeListIfCheaper). */
	grownBy?: number,
): Promise<Map<string, XeroInvoice[]>> {
	const wanted = new Set(references);
	const chunks = orWhereChunks([...wanted].map((r) => whereEquals('Reference', r)));
	// unitdp=4: a full credit note copies these lines and must not lose unit-price decimals.
	const whole = await wholeListIfCheaper(
		api,
		'/Invoices',
		'Invoices',
		chunks.length,
		{ unitdp: 4 },
		{ grownBy },
	);
	const listed = whole ?? [];
	if (!whole) {
		for (const where of chunks)
			listed.push(...(await api.getAll('/Invoices', 'Invoices', { where, unitdp: 4 })));
	}
	const found = new Map<string, XeroInvoice[]>();
	const seen = new Set<string>();
	for (const invoice of listed) {
		const reference = invoice.Reference;
		if (reference === undefined || !wanted.has(reference) || !usable(invoice)) continue;
		// A record listed twice (paging while others write) counts once.
		if (invoice.InvoiceID && seen.has(invoice.InvoiceID)) continue;
		if (invoice.InvoiceID) seen.add(invoice.InvoiceID);
		found.set(reference, [...(found.get(reference) ?? []), invoice]);
	}
	return found;
}

/** Resolves each ref to its invoice (or undefined) with at most one call per kind and chunk. */
export async function resolveInvoiceRefs(
	api: XeroApi,
	refs: InvoiceRef[],
): Promise<Array<XeroInvoice | undefined>> {
	const ids: string[] = [];
	const numbers: string[] = [];
	const sources: string[] = [];
	for (const ref of refs) {
		if ('ledgerId' in ref) ids.push(ref.ledgerId.trim());
		else if ('number' in ref) numbers.push(ref.number.trim());
		else if ('sourceId' in ref) sources.push(ref.sourceId.trim());
	}
	const [byId, byNumber, bySource] = await Promise.all([
		ids.length ? getInvoicesById(api, ids) : new Map<string, XeroInvoice>(),
		numbers.length ? getInvoicesByNumber(api, numbers) : new Map<string, XeroInvoice>(),
		sources.length ? getInvoicesByReference(api, sources) : new Map<string, XeroInvoice>(),
	]);
	return refs.map((ref) => {
		if ('ledgerId' in ref) return byId.get(ref.ledgerId.trim());
		if ('number' in ref) return byNumber.get(ref.number.trim());
		if ('sourceId' in ref) return bySource.get(ref.sourceId.trim());
		return undefined;
	});
}
