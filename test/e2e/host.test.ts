/**
 * The plumbing every other e2e test stands on, proven on each host with n8n's own nodes: the packed
 * package installs and loads cleanly, a workflow imports and runs headless, and a running n8n
 * answers a production webhook and calls a local receiver back.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	PACKAGE_NAME,
	n8nId,
	nodeOutput,
	type N8nInstance,
	type RunningN8n,
	type WorkflowJson,
} from '../../scripts/e2e/n8n-host';
import { operationParameter } from '../../nodes/AccountingSync/actions/operations';
import { CallbackReceiver } from '../../scripts/e2e/receiver';
import { newInstance, selectedHosts } from './harness';
import { readRunState } from './runState';

interface PackageManifest {
	n8n: { nodes: string[]; credentials: string[] };
}

const installedManifest = (): PackageManifest =>
	JSON.parse(
		readFileSync(
			join(readRunState().nodesTemplate, 'node_modules', PACKAGE_NAME, 'package.json'),
			'utf8',
		),
	) as PackageManifest;

interface TypeDescription {
	name: string;
	displayName: string;
	iconUrl?: string | { light: string; dark: string };
	icon?: unknown;
}

interface EditorDescription {
	name: string;
	version: number | number[];
	group: string[];
	credentials?: Array<{ name: string; displayOptions?: { show?: Record<string, unknown[]> } }>;
	properties: Array<{ name: string; options?: Array<{ value?: unknown }> }>;
}

function iconUrls(type: TypeDescription): string[] {
	if (!type.iconUrl) return [];
	return typeof type.iconUrl === 'string'
		? [type.iconUrl]
		: [type.iconUrl.light, type.iconUrl.dark];
}

/** Lines of n8n's log that warn or fail about this package, its nodes or its credentials. */
function packageWarnings(log: string): string[] {
	return (
		log
			.split('\n')
			// Names only this package uses (the host cache folder's name also says "accounting").
			.filter((line) =>
				/n8n-nodes-accounting-sync|accountingSync\b|invoicePaid(Poll)?Trigger|AccountingSyncOAuth2Api|AccountingSyncApi/.test(
					line,
				),
			)
			.filter((line) => /warn|error|fail|unknown|cannot|deprecat/i.test(line))
	);
}

describe.each(selectedHosts().map((host) => [host.spec.name, host] as const))(
	'%s',
	(_name, host) => {
		let instance: N8nInstance;
		let server: RunningN8n | undefined;
		const receiver = new CallbackReceiver();

		beforeAll(async () => {
			instance = newInstance(host);
			await receiver.start();
		});

		afterAll(async () => {
			await receiver.stop();
			await instance?.dispose();
		});

		it('imports a workflow and executes it headless with n8n execute', async () => {
			const workflow: WorkflowJson = {
				id: n8nId(),
				name: 'e2e smoke: built-in nodes',
				active: false,
				settings: {},
				nodes: [
					{
						id: n8nId(),
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						id: n8nId(),
						name: 'Emit',
						type: 'n8n-nodes-base.code',
						typeVersion: 2,
						position: [220, 0],
						parameters: { jsCode: 'return [{ json: { n: 1 } }, { json: { n: 2 } }];' },
					},
				],
				connections: { Start: { main: [[{ node: 'Emit', type: 'main', index: 0 }]] } },
			};
			await instance.importWorkflows([workflow]);

			const result = await instance.execute(workflow.id);

			expect(result.code).toBe(0);
			expect(nodeOutput(result.output!, 'Emit')).toEqual([{ n: 1 }, { n: 2 }]);
		});

		it('loads the package: its nodes and credentials appear with icons, and no warnings', async () => {
			server = await instance.start();
			const manifest = installedManifest();
			const nodes = await server.getJson<TypeDescription[]>('/types/nodes.json');
			const credentials = await server.getJson<TypeDescription[]>('/types/credentials.json');

			expect(packageWarnings(server.log)).toEqual([]);
			const ours = nodes.filter((node) => node.name.startsWith(`${PACKAGE_NAME}.`));
			// Every credential the manifest lists (dist/credentials/XyzApi.credentials.js → xyzApi).
			const credentialNames = manifest.n8n.credentials.map((file) =>
				(file.split('/').pop() ?? '').replace('.credentials.js', '').replace(/^./, (c) => c.toLowerCase()),
			);
			const ourCredentials = credentials.filter((credential) =>
				credentialNames.includes(credential.name),
			);
			// n8n adds an "<name>Tool" twin for nodes usable as AI tools; each declared file gives one base.
			const baseNames = new Set(ours.map((node) => node.name.replace(/Tool$/, '')));
			expect(baseNames.size).toBe(manifest.n8n.nodes.length);
			for (const name of ['accountingSync', 'accountingSyncTrigger', 'invoicePaidPollTrigger']) {
				expect(baseNames).toContain(`${PACKAGE_NAME}.${name}`);
			}
			expect(ourCredentials).toHaveLength(manifest.n8n.credentials.length);

			for (const type of [...ours, ...ourCredentials]) {
				const urls = iconUrls(type);
				expect({ type: type.name, hasIcon: urls.length > 0 }).toEqual({
					type: type.name,
					hasIcon: true,
				});
				for (const url of urls) {
					const response = await fetch(`${server.baseUrl}/${url.replace(/^\//, '')}`, {
						headers: { cookie: await server.login() },
					});
					expect({ url, status: response.status }).toEqual({ url, status: 200 });
					expect(response.headers.get('content-type')).toMatch(/^image\//);
				}
			}
		});

		it('gives the editor a visible Ledger, the trigger under the app and output schemas', async () => {
			server ??= await instance.start();
			const nodes = await server.getJson<EditorDescription[]>('/types/nodes.json');
			const app = nodes.find((n) => n.name === `${PACKAGE_NAME}.accountingSync` && n.version === 1);
			expect(app).toBeDefined();
			// The editor hides a parameter whose every option a credential names under `show`
			// (getMainAuthField), and then preselects whichever credential was saved last.
			for (const node of nodes.filter((n) => n.name.startsWith(`${PACKAGE_NAME}.`))) {
				const named = (node.credentials ?? []).flatMap((c) =>
					Object.entries(c.displayOptions?.show ?? {}).flatMap(([field, values]) =>
						values.map((v) => `${field}=${String(v)}`),
					),
				);
				const ledger = node.properties.find((p) => p.name === 'ledger');
				const hidden = (ledger?.options ?? []).every((o) => named.includes(`ledger=${o.value}`));
				expect({ node: node.name, ledgerIsAuthField: hidden }).toEqual({
					node: node.name,
					ledgerIsAuthField: false,
				});
			}
			// The node panel lists a trigger under the app whose name is the trigger's minus "Trigger".
			const paired = nodes.filter(
				(n) => n.group.includes('trigger') && n.name.replace('Trigger', '') === app?.name,
			);
			expect(paired.map((n) => n.name)).toContain(`${PACKAGE_NAME}.accountingSyncTrigger`);
			// What the editor fetches to offer output fields before the first run (getSchemaPreview).
			// Every operation the picker offers (test/node/outputSchemas.lifecycle.node.test.ts pins that each has one).
			const operations = (operationParameter.options as Array<{ value: string }>).map((o) => o.value);
			expect(operations.length).toBeGreaterThanOrEqual(12);
			for (const operation of operations) {
				const schema = await server.getJson<{ type: string; properties: { record?: unknown } }>(
					`/schemas/${PACKAGE_NAME}.accountingSync/1.0.0/${operation}.json`,
				);
				expect({ operation, type: schema.type, hasRecord: !!schema.properties.record }).toEqual({
					operation,
					type: 'object',
					hasRecord: true,
				});
			}
		});

		it('answers a production webhook on a running n8n and calls a local receiver back', async () => {
			const path = `smoke-${n8nId().toLowerCase()}`;
			const workflow: WorkflowJson = {
				id: n8nId(),
				name: 'e2e smoke: webhook to callback',
				active: false,
				settings: {},
				nodes: [
					{
						id: n8nId(),
						name: 'Webhook',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: [0, 0],
						webhookId: randomUUID(),
						parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
					},
					{
						id: n8nId(),
						name: 'Call back',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						position: [220, 0],
						parameters: {
							method: 'POST',
							url: `${receiver.url}/smoke-callback`,
							sendBody: true,
							specifyBody: 'json',
							jsonBody: '={{ JSON.stringify({ received: $json.body.value }) }}',
							options: {},
						},
					},
				],
				connections: { Webhook: { main: [[{ node: 'Call back', type: 'main', index: 0 }]] } },
			};
			// A published workflow is activated when n8n starts, so import and publish before (re)starting.
			await instance.stop();
			await instance.importWorkflows([workflow]);
			await instance.publishWorkflow(workflow.id);
			server = await instance.start();

			const response = await server.postWebhook(path, JSON.stringify({ value: 42 }));

			expect(response.status).toBe(200);
			const [call] = await receiver.waitFor('/smoke-callback');
			expect(call.body).toEqual({ received: 42 });
		});
	},
);
