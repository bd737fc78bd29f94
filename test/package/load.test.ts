/**
 * Loads the BUILT package the way n8n does (n8n-core's PackageDirectoryLoader reads package.json's
 * "n8n" block and requires each dist file), so a missing export, a wrong dist path or an icon that
 * was not copied fails here rather than in a user's n8n. `npm test` builds first.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PackageDirectoryLoader } from 'n8n-core';

const root = path.resolve(__dirname, '../..');
const pkg = require(path.join(root, 'package.json')) as { n8n: { nodes: string[]; credentials: string[] } };

describe('the built package loads in n8n-core', () => {
	beforeAll(() => {
		if (!existsSync(path.join(root, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	});

	it('loads both credentials under names that do not clash with n8n built-ins', async () => {
		const loader = new PackageDirectoryLoader(root);
		await loader.loadAll();
		const names = Object.keys(loader.credentialTypes).sort();
		expect(names).toEqual(['easyBillAccountingSyncApi', 'xeroAccountingSyncOAuth2Api']);
		expect(names).not.toContain('xeroOAuth2Api');
		const xero = loader.credentialTypes.xeroAccountingSyncOAuth2Api.type;
		expect(xero.extends).toEqual(['oAuth2Api']);
		const scope = xero.properties.find((p) => p.name === 'scope');
		expect(String(scope?.default)).toContain('offline_access');
	});

	it('loads every node listed in package.json, with light and dark icons copied into dist', async () => {
		const loader = new PackageDirectoryLoader(root);
		await loader.loadAll();
		expect(Object.keys(loader.nodeTypes)).toHaveLength(pkg.n8n.nodes.length);
		for (const description of loader.types.nodes) {
			const icon = description.icon as { light: string; dark: string } | string;
			expect(typeof icon).toBe('object');
			for (const file of Object.values(icon as Record<string, string>)) {
				const nodeDir = pkg.n8n.nodes
					.map((p) => path.dirname(path.join(root, p)))
					.find((dir) => existsSync(path.join(dir, file.replace(/^file:/, ''))));
				expect(nodeDir).toBeDefined();
			}
		}
	});
});
