import { Coalescer } from '../../core/coalescer';
import { virtualClock } from '../helpers/http';

type R = { index: number; value: string };

function setup(maxItems = 100) {
	const clock = virtualClock(0);
	const batches: string[][] = [];
	const coalescer = new Coalescer<string, R>({ clock, windowMs: 50, maxItems });
	const execute = async (items: string[]): Promise<R[]> => {
		batches.push(items);
		return items.map((value, index) => ({ index, value: value.toUpperCase() }));
	};
	return { coalescer, execute, batches };
}

describe('Coalescer', () => {
	it('merges callers arriving in the window into one batch and gives each its own results', async () => {
		const { coalescer, execute, batches } = setup();
		const [a, b, c] = await Promise.all([
			coalescer.run(['a1'], execute),
			coalescer.run(['b1', 'b2'], execute),
			coalescer.run(['c1'], execute),
		]);
		expect(batches).toEqual([['a1', 'b1', 'b2', 'c1']]);
		expect(a).toEqual([{ index: 0, value: 'A1' }]);
		expect(b).toEqual([
			{ index: 0, value: 'B1' },
			{ index: 1, value: 'B2' },
		]);
		expect(c).toEqual([{ index: 0, value: 'C1' }]);
	});

	it('collects callers that arrive while a batch is being written into the next one (group commit)', async () => {
		const { coalescer, batches } = setup();
		let release!: () => void;
		const slow = async (items: string[]): Promise<R[]> => {
			batches.push(items);
			if (batches.length === 1) await new Promise<void>((r) => (release = r));
			return items.map((value, index) => ({ index, value }));
		};
		const first = coalescer.run(['a'], slow);
		while (!release) await new Promise((r) => setImmediate(r));
		const later = [coalescer.run(['b'], slow), coalescer.run(['c'], slow)];
		release();
		await Promise.all([first, ...later]);
		expect(batches).toEqual([['a'], ['b', 'c']]);
	});

	it('keeps a merged batch within maxItems', async () => {
		const { coalescer, execute, batches } = setup(3);
		await Promise.all([['a', 'b'], ['c', 'd'], ['e']].map((items) => coalescer.run(items, execute)));
		expect(batches).toEqual([['a', 'b'], ['c', 'd', 'e']]);
	});

	it('fails every caller of a batch that failed as a whole, and serves the next batch', async () => {
		const { coalescer, execute } = setup();
		const failing = async (): Promise<R[]> => {
			throw new Error('network down');
		};
		const results = await Promise.allSettled([coalescer.run(['a'], failing), coalescer.run(['b'], failing)]);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		await expect(coalescer.run(['c'], execute)).resolves.toEqual([{ index: 0, value: 'C' }]);
	});
});
