/**
 * README's manual install is the command the e2e suite runs (scripts/e2e/n8n-host.ts), so the docs
 * cannot drift from what is tested in real n8n; and the type names README gives are the ones the
 * package and the shipped examples use.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE_NAME, manualInstallArgs } from '../../scripts/e2e/n8n-host';

const root = path.resolve(__dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

describe('README install instructions', () => {
	it('give the exact npm command the e2e suite installs the package with', () => {
		const command = ['npm', ...manualInstallArgs('~/.n8n/nodes', PACKAGE_NAME)].join(' ');
		expect(command).toBe('npm install --prefix ~/.n8n/nodes --omit=peer n8n-nodes-accounting-sync');
		expect(readme).toContain(`\n  ${command}\n`);
		expect(readme).not.toMatch(/cd ~\/\.n8n\/custom|npm i n8n-nodes-accounting-sync/);
	});

	it('name the node types the package registers and the examples use', () => {
		const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
			n8n: { nodes: string[] };
		};
		const types = pkg.n8n.nodes.map(
			(file) => `${PACKAGE_NAME}.${path.basename(file, '.node.js').replace(/^./, (c) => c.toLowerCase())}`,
		);
		for (const type of types) expect(readme).toContain(`\`${type}\``);
		const used = new Set<string>();
		for (const file of readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.json'))) {
			const workflow = JSON.parse(readFileSync(path.join(root, 'examples', file), 'utf8')) as {
				nodes: { type: string }[];
			};
			for (const node of workflow.nodes) if (!node.type.startsWith('n8n-nodes-base.')) used.add(node.type);
		}
		for (const type of used) expect(types).toContain(type);
	});
});
