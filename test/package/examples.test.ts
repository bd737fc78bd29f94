/**
 * The shipped example workflows as a user imports them: each has its own name (n8n lists them by
 * name, two alike cannot be told apart) and uses only node types that exist, ours under the
 * package's name as n8n registers a community package.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const dir = path.join(root, 'examples');
const pkg = require(path.join(root, 'package.json')) as { name: string; n8n: { nodes: string[] } };
const ours = pkg.n8n.nodes.map(
	(p) => `${pkg.name}.${path.basename(p, '.node.js').replace(/^./, (c) => c.toLowerCase())}`,
);
const examples = readdirSync(dir)
	.filter((f) => f.endsWith('.json'))
	.map((file) => ({
		file,
		workflow: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
			name: string;
			nodes: Array<{ type: string; name: string }>;
		},
	}));

describe('example workflows', () => {
	it('each has a name of its own', () => {
		expect(examples.length).toBeGreaterThan(1);
		const names = examples.map((e) => e.workflow.name);
		for (const name of names) expect(name.trim()).not.toBe('');
		expect(new Set(names).size).toBe(names.length);
	});

	it.each(examples.map((e) => [e.file, e.workflow] as const))(
		'%s uses only node types that exist',
		(_file, workflow) => {
			for (const node of workflow.nodes) {
				if (node.type.startsWith('n8n-nodes-base.')) continue;
				expect({ node: node.name, type: node.type, known: ours.includes(node.type) }).toEqual({
					node: node.name,
					type: node.type,
					known: true,
				});
			}
		},
	);
});
