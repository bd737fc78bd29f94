/**
 * Finding what already exists, in as few calls as EasyBill allows: comma-list filters where the API
 * takes them (customer number/emails/names, document external_id, payments by document_id), one
 * call per value only where it does not (document by id or by number).
 */
import { LedgerError } from '../errors';
import type { InvoiceRef } from '../model';
import type { EasyBillApi } from './api';
import type { EbCustomer, EbDocument, EbDocumentType, EbPayment } from './wire';

export function customersByNumbers(
	api: EasyBillApi,
	numbers: readonly string[],
): Promise<EbCustomer[]> {
	return api.listByValues<EbCustomer>('/customers', 'number', numbers);
}

export function customersByEmails(
	api: EasyBillApi,
	emails: readonly string[],
): Promise<EbCustomer[]> {
	return api.listByValues<EbCustomer>('/customers', 'emails', emails);
}

export function customersByCompanyNames(
	api: EasyBillApi,
	names: readonly string[],
): Promise<EbCustomer[]> {
	return api.listByValues<EbCustomer>('/customers', 'company_name', names);
}

export function customersByLastNames(
	api: EasyBillApi,
	names: readonly string[],
): Promise<EbCustomer[]> {
	return api.listByValues<EbCustomer>('/customers', 'last_name', names);
}

/**
 * Documents of one type by our source ids. `external_id` is missing from the Swagger file's filter
 * list but EasyBill filters on it (API-FACTS); the type filter keeps an invoice's and a credit's
 * source ids from colliding.
 */
export function documentsByExternalIds(
	api: EasyBillApi,
	externalIds: readonly string[],
	type: EbDocumentType,
): Promise<EbDocument[]> {
	return api.listByValues<EbDocument>('/documents', 'external_id', externalIds, { type });
}

export function paymentsByDocumentIds(
	api: EasyBillApi,
	documentIds: readonly (number | string)[],
): Promise<EbPayment[]> {
	return api.listByValues<EbPayment>('/document-payments', 'document_id', documentIds.map(String));
}

export function customerById(api: EasyBillApi, id: string): Promise<EbCustomer | undefined> {
	return orUndefinedOn404(api.get<EbCustomer>(`/customers/${encodeURIComponent(id)}`));
}

export function documentById(
	api: EasyBillApi,
	id: string | number,
): Promise<EbDocument | undefined> {
	return orUndefinedOn404(api.get<EbDocument>(`/documents/${encodeURIComponent(String(id))}`));
}

/** The `number` filter takes one value (the Swagger file promises no list), so one call per number. */
export async function documentByNumber(
	api: EasyBillApi,
	number: string,
	type: EbDocumentType,
): Promise<EbDocument | undefined> {
	const found = await api.listAll<EbDocument>('/documents', { number, type });
	return found.find((d) => d.number === number);
}

export async function orUndefinedOn404<T>(request: Promise<T>): Promise<T | undefined> {
	try {
		return await request;
	} catch (error) {
		if (error instanceof LedgerError && error.kind === 'not_found') return undefined;
		throw error;
	}
}

/**
 * Each invoice reference resolved to its document (undefined where none matched): source ids in
 * batched external_id lists, ledger ids and numbers one call each.
 */
export async function resolveInvoiceRefs(
	api: EasyBillApi,
	refs: readonly InvoiceRef[],
): Promise<Array<EbDocument | undefined>> {
	const sourceIds = refs.flatMap((ref) => ('sourceId' in ref ? [ref.sourceId] : []));
	const bySource = new Map<string, EbDocument>();
	for (const doc of await documentsByExternalIds(api, sourceIds, 'INVOICE')) {
		if (doc.external_id && !bySource.has(doc.external_id)) bySource.set(doc.external_id, doc);
	}
	const cache = new Map<string, EbDocument | undefined>();
	const out: Array<EbDocument | undefined> = [];
	for (const ref of refs) {
		if ('sourceId' in ref) {
			out.push(bySource.get(ref.sourceId));
			continue;
		}
		const key = 'ledgerId' in ref ? `id:${ref.ledgerId}` : `number:${ref.number}`;
		if (!cache.has(key)) {
			const doc =
				'ledgerId' in ref
					? await documentById(api, ref.ledgerId)
					: await documentByNumber(api, ref.number, 'INVOICE');
			cache.set(key, doc);
		}
		out.push(cache.get(key));
	}
	return out;
}

/** An invoice reference as words for an error message. */
export function describeRef(ref: InvoiceRef): string {
	if ('ledgerId' in ref) return `id ${ref.ledgerId}`;
	if ('number' in ref) return `number ${ref.number}`;
	return `source id ${ref.sourceId}`;
}
