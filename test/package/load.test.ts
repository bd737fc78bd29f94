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

	it('loads the credentials under names that do not clash with n8n built-ins', async () => {
		const loader = new PackageDirectoryLoader(root);
		await loader.loadAll();
		const names = Object.keys(loader.credentialTypes).sort();
		expect(names).toEqual([
			'easyBillAccountingSyncApi',
			'xeroAccountingSyncOAuth2Api',
			'xeroAccountingSyncWebhookApi',
		]);
		expect(names).not.toContain('xeroOAuth2Api');
		const xero = loader.credentialTypes.xeroAccountingSyncOAuth2Api.type;
		expect(xero.extends).toEqual(['oAuth2Api']);
		const scope = xero.properties.find((p) => p.name === 'scope');
		expect(String(scope?.default)).toContain('offline_access');
	});

	it('loads every node listed in package.json, with distinct light and dark icons present in dist', async () => {
		const loader = new PackageDirectoryLoader(root);
		await loader.loadAll();
		expect(Object.keys(loader.nodeTypes).sort()).toEqual(
			pkg.n8n.nodes.map((p) => path.basename(p, '.node.js').replace(/^./, (c) => c.toLowerCase())).sort(),
		);
		const described = [...loader.types.nodes, ...loader.types.credentials];
		expect(described).toHaveLength(pkg.n8n.nodes.length + pkg.n8n.credentials.length);
		for (const description of described) {
			// The loader turns `icon: { light: 'file:…', dark: 'file:…' }` into URLs under icons/<package>/.
			const iconUrl = (description as { iconUrl?: { light: string; dark: string } }).iconUrl;
			expect(iconUrl).toEqual({ light: expect.any(String), dark: expect.any(String) });
			expect(iconUrl!.light).not.toBe(iconUrl!.dark);
			for (const url of [iconUrl!.light, iconUrl!.dark]) {
				const file = url.replace(`icons/${loader.packageName}/`, '');
				expect(path.resolve(root, file)).toMatch(new RegExp(`^${root}/dist/`));
				expect(existsSync(path.resolve(root, file))).toBe(true);
			}
		}
	});

	it('loads Accounting Sync as a versioned node whose version 1 carries the fields and codex', async () => {
		const loader = new PackageDirectoryLoader(root);
		await loader.loadAll();
		const type = loader.nodeTypes.accountingSync.type as unknown as {
			currentVersion: number;
			nodeVersions: Record<number, { description: { version: number; properties: unknown[] } }>;
		};
		expect(type.currentVersion).toBe(1);
		expect(Object.keys(type.nodeVersions)).toEqual(['1']);
		const described = loader.types.nodes.filter((d) => d.name === 'accountingSync');
		expect(described.map((d) => d.version)).toEqual([1]);
		expect(described[0].properties.length).toBeGreaterThan(10);
		expect(described[0].codex?.alias).toContain('Xero');
	});

	it("pairs the webhook trigger with Accounting Sync the way n8n's node panel does", async () => {
		// The editor merges a trigger into the app whose type name is the trigger's minus "Trigger"
		// (node creator, generateMergedNodesAndActions); without one the app's panel says
		// "No Accounting Sync Triggers available".
		const loader = new PackageDirectoryLoader(root);
		await loader.loadAll();
		const apps = loader.types.nodes.filter((d) => !d.group.includes('trigger')).map((d) => d.name);
		const paired = loader.types.nodes
			.filter((d) => d.group.includes('trigger'))
			.filter((d) => apps.includes(d.name.replace('Trigger', '')))
			.map((d) => d.name);
		expect(apps).toEqual(['accountingSync']);
		expect(paired).toEqual(['accountingSyncTrigger']);
	});

	it('ships the codex files, so searching "Xero" or "EasyBill" in the node panel finds the nodes', async () => {
		const loader = new PackageDirectoryLoader(root);
		await loader.loadAll();
		for (const description of loader.types.nodes) {
			const codex = (description as { codex?: { alias?: string[]; categories?: string[] } }).codex;
			expect(codex?.categories).toContain('Finance & Accounting');
			expect(codex?.alias).toEqual(expect.arrayContaining(['Xero', 'EasyBill']));
		}
	});
});
