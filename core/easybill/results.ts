/** Per-item results: a batch never fails as a whole. */
import { LedgerError } from '../errors';
import type { ItemResult } from '../ledger';

export function failed<T>(index: number, error: unknown): ItemResult<T> {
	const ledgerError =
		error instanceof LedgerError
			? error.forItem(index)
			: new LedgerError(error instanceof Error ? error.message : String(error), {
					kind: 'unknown',
					itemIndex: index,
				});
	return { index, action: 'failed', error: ledgerError };
}

/** Validates every item up front; invalid ones become failed results before any call is made. */
export function validateAll<T, I, V>(
	items: readonly I[],
	validate: (item: I) => V,
): { results: ItemResult<T>[]; valid: Array<{ index: number; value: V }> } {
	const results: ItemResult<T>[] = [];
	const valid: Array<{ index: number; value: V }> = [];
	items.forEach((item, index) => {
		try {
			valid.push({ index, value: validate(item) });
		} catch (error) {
			results.push(failed<T>(index, error));
		}
	});
	return { results, valid };
}

/** Sorts results back into the caller's order. */
export function inOrder<T>(results: ItemResult<T>[]): ItemResult<T>[] {
	return results.sort((a, b) => a.index - b.index);
}
