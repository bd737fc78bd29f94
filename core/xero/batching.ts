/** Xero takes up to 50 elements per PUT/POST: larger batches are split, in order. */
export const XERO_BATCH_SIZE = 50;

/** Splits `items` into consecutive groups of at most `size`, keeping each item's position. */
export function splitBatches<T>(items: T[], size = XERO_BATCH_SIZE): T[][] {
	const batches: T[][] = [];
	for (let start = 0; start < items.length; start += size)
		batches.push(items.slice(start, start + size));
	return batches;
}
