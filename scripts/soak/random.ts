/** A small seeded PRNG (mulberry32): the same seed gives the same month, so a failure replays. */
export interface Random {
	(): number;
	int(min: number, max: number): number;
	pick<T>(list: readonly T[]): T;
	chance(p: number): boolean;
	/** Picks by weight: `[[value, weight], ...]`. */
	weighted<T>(options: ReadonlyArray<readonly [T, number]>): T;
}

export function seededRandom(seed: number): Random {
	let state = seed >>> 0;
	const next = (() => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}) as Random;
	next.int = (min, max) => min + Math.floor(next() * (max - min + 1));
	next.pick = (list) => list[Math.floor(next() * list.length)];
	next.chance = (p) => next() < p;
	next.weighted = (options) => {
		const total = options.reduce((sum, [, weight]) => sum + weight, 0);
		let roll = next() * total;
		for (const [value, weight] of options) {
			roll -= weight;
			if (roll < 0) return value;
		}
		return options[options.length - 1][0];
	};
	return next;
}
