/**
 * Fewer lookup calls: a batch that needs many chunked `where` calls (about ten contacts or forty
 * references per call) is often cheaper answered by paging the organisation's whole list at
 * `pageSize=1000`. One light call (`summaryOnly=true`, `pageSize=1`) says how big the list is
 * (`pagination.itemCount`); the whole list is paged only when that costs fewer calls than the
 * chunks would. Matching stays local and exact either way, so the choice never changes a result.
 */
import type { Query, XeroApi } from '../api';
import type { XeroEnvelope } from '../wire';

export const WHOLE_LIST_PAGE_SIZE = 1000;

type ListKey = 'Contacts' | 'Invoices';

/**
 * The whole list when paging it beats `chunkCalls` filtered calls, else undefined (the caller
 * then runs its chunks). Not worth asking below three chunk calls.
 */
export async function wholeListIfCheaper<K extends ListKey>(
	api: XeroApi,
	path: string,
	key: K,
	chunkCalls: number,
	query: Query = {},
): Promise<NonNullable<XeroEnvelope[K]> | undefined> {
	if (chunkCalls < 3) return undefined;
	const probe = await api.get(path, { ...query, page: 1, pageSize: 1, summaryOnly: true });
	const itemCount = probe.pagination?.itemCount;
	if (itemCount === undefined) return undefined;
	const pages = Math.max(1, Math.ceil(itemCount / WHOLE_LIST_PAGE_SIZE));
	// The probe is spent either way: paging must beat the chunks still to come.
	if (pages >= chunkCalls - 1) return undefined;
	return (await api.getAll(path, key, { ...query, pageSize: WHOLE_LIST_PAGE_SIZE })) as never;
}
