/**
 * Pins the harness itself: a workflow really runs through WorkflowExecute, generic credential auth
 * is applied, and n8n-core's OAuth2 path signs requests, refreshes on 401 and saves the new tokens.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { inputToNode, runWorkflow, TestCredentialsHelper, TestNodeTypes } from './harness';

class EchoAuthNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Echo Auth',
		name: 'echoAuth',
		group: ['transform'],
		version: 1,
		description: 'Calls a URL with a credential and outputs the answer',
		defaults: { name: 'Echo Auth' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [
			{ name: 'easyBillAccountingSyncApi', required: false },
			{ name: 'xeroAccountingSyncOAuth2Api', required: false },
		],
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Credential', name: 'credentialType', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const body = await this.helpers.httpRequestWithAuthentication.call(
				this,
				this.getNodeParameter('credentialType', i) as string,
				{ method: 'GET', url: this.getNodeParameter('url', i) as string, json: true },
			);
			out.push({ json: body, pairedItem: { item: i } });
		}
		return [out];
	}
}

interface Seen {
	path: string;
	authorization?: string;
	body: string;
}

async function startServer(handler: (req: IncomingMessage, body: string) => [number, unknown]) {
	const seen: Seen[] = [];
	const server: Server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			seen.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
			const [status, payload] = handler(req, body);
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(payload));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { url, seen, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const nodeTypes = new TestNodeTypes({ 'test.echoAuth': new EchoAuthNode() });

describe('node test harness', () => {
	it('runs Input -> node through WorkflowExecute with generic credential auth', async () => {
		const server = await startServer(() => [200, { ok: true }]);
		try {
			const credentialsHelper = new TestCredentialsHelper({
				easyBillAccountingSyncApi: { apiKey: 'key-123456', baseUrl: server.url },
			});
			const spec = inputToNode([{ a: 1 }, { a: 2 }], {
				type: 'test.echoAuth',
				parameters: { url: `${server.url}/customers`, credentialType: 'easyBillAccountingSyncApi' },
				credentials: { easyBillAccountingSyncApi: { id: '1', name: 'EasyBill' } },
			});
			const result = await runWorkflow(spec, { nodeTypes, credentialsHelper });
			expect(result.error).toBeUndefined();
			expect(result.executionOrder).toEqual(['Input', spec.nodeName]);
			expect(result.items(spec.nodeName).map((i) => i.json)).toEqual([{ ok: true }, { ok: true }]);
			expect(server.seen.map((s) => s.authorization)).toEqual([
				'Bearer key-123456',
				'Bearer key-123456',
			]);
		} finally {
			await server.stop();
		}
	});

	it('lets n8n-core refresh an expired OAuth2 token once and stores the rotated pair', async () => {
		const validToken = 'fresh-access';
		const server = await startServer((req, body) => {
			if (req.url === '/connect/token') {
				expect(body).toContain('refresh_token=old-refresh');
				return [
					200,
					{
						access_token: validToken,
						refresh_token: 'new-refresh',
						token_type: 'Bearer',
						expires_in: 1800,
					},
				];
			}
			return req.headers.authorization === `Bearer ${validToken}`
				? [200, { tenant: 'ok' }]
				: [401, { Title: 'Unauthorized', Detail: 'TokenExpired' }];
		});
		try {
			const credentialsHelper = new TestCredentialsHelper({
				xeroAccountingSyncOAuth2Api: {
					clientId: 'client',
					clientSecret: 'secret-abcdef',
					identityBaseUrl: server.url,
					apiBaseUrl: server.url,
					oauthTokenData: {
						access_token: 'stale-access',
						refresh_token: 'old-refresh',
						token_type: 'Bearer',
					},
				},
			});
			const spec = inputToNode([{}], {
				type: 'test.echoAuth',
				parameters: {
					url: `${server.url}/connections`,
					credentialType: 'xeroAccountingSyncOAuth2Api',
				},
				credentials: { xeroAccountingSyncOAuth2Api: { id: '2', name: 'Xero' } },
			});
			const result = await runWorkflow(spec, { nodeTypes, credentialsHelper });
			expect(result.error).toBeUndefined();
			expect(result.items(spec.nodeName)[0].json).toEqual({ tenant: 'ok' });
			expect(server.seen.map((s) => s.path)).toEqual([
				'/connections',
				'/connect/token',
				'/connections',
			]);
			expect(credentialsHelper.refreshCount).toBe(1);
			expect(credentialsHelper.get('xeroAccountingSyncOAuth2Api')?.oauthTokenData).toMatchObject({
				access_token: 'fresh-access',
				refresh_token: 'new-refresh',
			});
		} finally {
			await server.stop();
		}
	});

	it('reports the node error and stops the workflow when a node throws', async () => {
		const server = await startServer(() => [500, { message: 'boom' }]);
		try {
			const credentialsHelper = new TestCredentialsHelper({
				easyBillAccountingSyncApi: { apiKey: 'key-123456' },
			});
			const spec = inputToNode([{}], {
				type: 'test.echoAuth',
				parameters: { url: `${server.url}/x`, credentialType: 'easyBillAccountingSyncApi' },
				credentials: { easyBillAccountingSyncApi: { id: '1', name: 'EasyBill' } },
			});
			const result = await runWorkflow(spec, { nodeTypes, credentialsHelper });
			expect(result.error).toBeDefined();
			expect(result.nodeError(spec.nodeName)?.message).toBeTruthy();
			expect(result.items(spec.nodeName)).toEqual([]);
		} finally {
			await server.stop();
		}
	});
});
