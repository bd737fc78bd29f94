/**
 * Fewer lookup calls: a batch that needs many chunked `where` calls (about ten contacts or forty
 * references per call) is often cheaper answered by paging the organisation's whole list at
 * `pageSize=1000`. One light call (`summaryOnly=true`, `pageSize=1`) says how big the list is
 * (`pagination.itemCount`); the whole list is paged only when that costs fewer calls than the
 * chunks would. A later lookup in the same execution (the re-check after its creates) takes the
 * size learned then plus what it created instead of asking again. Matching stays local and exact
 * either way, so the choice never changes a result.
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
	options: {
		/**
		 * Records this execution added since it last learned the list's size (e.g. the invoices
		 * it just created): that size plus these stands in for a new probe. Only the choice of
		 * path depends on it; the whole list is paged to its end either way.
		 */
		grownBy?: number;
	} = {},
): Promise<NonNullable<XeroEnvelope[K]> | undefined> {
	if (chunkCalls < 3) return undefined;
	const sizes = knownSizes.get(api) ?? new Map<string, number>();
	knownSizes.set(api, sizes);
	const known = sizes.get(path);
	let itemCount: number | undefined;
	let probed = false;
	if (options.grownBy !== undefined && known !== undefined) itemCount = known + options.grownBy;
	else {
		const probe = await api.get(path, { ...query, page: 1, pageSize: 1, summaryOnly: true });
		itemCount = probe.pagination?.itemCount;
		probed = true;
	}
	if (itemCount === undefined) return undefined;
	sizes.set(path, itemCount);
	const pages = Math.max(1, Math.ceil(itemCount / WHOLE_LIST_PAGE_SIZE));
	// A probe is spent either way: paging must beat the chunks still to come.
	if (pages >= chunkCalls - (probed ? 1 : 0)) return undefined;
	const all: unknown[] = await api.getAll(path, key, { ...query, pageSize: WHOLE_LIST_PAGE_SIZE });
	sizes.set(path, all.length);
	return all as never;
}

/** The list sizes each API door (one per execution) learned, by path. */
const knownSizes = new WeakMap<XeroApi, Map<string, number>>();
