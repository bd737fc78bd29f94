/**
 * Splitting an amount across parts in proportion to their weights, in whole minor units, with the
 * largest-remainder method: every part gets the floor of its exact share, and the units left over
 * go one each to the parts with the largest fractional remainders (ties: the earlier part). The
 * shares always add up to the total exactly, and the same input always gives the same split, so
 * both ledgers credit a mixed-rate invoice the same way.
 */
export function splitInProportion(total: number, weights: readonly number[]): number[] {
	if (!Number.isSafeInteger(total)) throw new RangeError(`${total} is not a whole number`);
	if (weights.length === 0) return [];
	const scaledWeights = weights.map((w) => {
		if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`${w} is not a weight`);
		return BigInt(w);
	});
	const sum = scaledWeights.reduce((a, b) => a + b, 0n);
	if (sum === 0n) throw new RangeError('the weights add up to zero');
	const sign = total < 0 ? -1n : 1n;
	const amount = BigInt(Math.abs(total));
	const floors = scaledWeights.map((w) => (amount * w) / sum);
	const remainders = scaledWeights.map((w, i) => ({ i, rest: (amount * w) % sum }));
	let left = amount - floors.reduce((a, b) => a + b, 0n);
	remainders.sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
	for (const { i } of remainders) {
		if (left === 0n) break;
		floors[i] += 1n;
		left -= 1n;
	}
	return floors.map((f) => Number(f * sign));
}
