/**
 * A thin stand-in for the parts of n8n that drive a trigger node, for tests against the sandbox.
 *
 * What is real: the node class, n8n-core's own WebhookContext / HookContext / PollContext (so
 * parameters, credentials with OAuth2 refresh, `helpers.httpRequestWithAuthentication`, static
 * data and webhook URLs behave as in n8n), and a real HTTP server the sandbox posts to.
 * What is emulated here, mirroring n8n's webhook handler (packages/cli webhook-helpers) in
 * outline: body parsing (raw bytes kept on `req.rawBody`, JSON parsed into `req.body`, query into
 * `req.query`), the default answer when the node did not answer itself, `checkExists` -> `create`
 * on activation and `delete` on deactivation, and static data saved as JSON between calls (n8n
 * writes it to its database). A workflow run that n8n would start with `workflowData` is only
 * recorded in `runs`, not executed; the real-n8n e2e suite covers that part.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, PollContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IWebhookData,
	type IWebhookDescription,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { XeroAccountingSyncWebhookApi } from '../../credentials/XeroAccountingSyncWebhookApi.credentials';
import {
	createAdditionalData,
	defaultCredentialTypes,
	runWorkflow,
	TestNodeTypes,
	type TestCredentialsHelper,
	type WorkflowRunResult,
} from '../node/harness';

/** The credential types a trigger test needs: the ledgers' and the Xero webhook signing key. */
export function triggerCredentialTypes() {
	return [...defaultCredentialTypes(), new XeroAccountingSyncWebhookApi()];
}

export const WEBHOOK_ID = '3f9d1c2e-7b4a-4e6f-9a1d-5c8b2e0f4a71';

export interface TriggerHostOptions {
	/** Full node type name, e.g. `n8n-nodes-accounting-sync.accountingSyncTrigger`. */
	type: string;
	nodeType: INodeType;
	parameters: INodeParameters;
	credentials: INode['credentials'];
	credentialsHelper: TestCredentialsHelper;
	/** The node's typeVersion as saved in the workflow (default: the node's default version). */
	typeVersion?: number;
}

export interface HandledRequest {
	test: boolean;
	status: number;
	/** `workflowData` the node returned: n8n would start one execution with it. */
	workflowData?: INodeExecutionData[][];
	error?: Error;
}

export class TriggerHost {
	/** Workflow static data, as n8n would have saved it. */
	staticData: IDataObject = {};
	/** Every request the node handled, in order. */
	readonly handled: HandledRequest[] = [];
	private server?: Server;
	private baseUrl = '';
	private readonly nodeTypes: TestNodeTypes;
	private queue: Promise<unknown> = Promise.resolve();
	private readonly reading = new Set<Promise<void>>();

	constructor(private readonly options: TriggerHostOptions) {
		this.nodeTypes = new TestNodeTypes({ [options.type]: options.nodeType });
	}

	/** Executions n8n would have started (one per delivery that returned items). */
	get runs(): INodeExecutionData[][] {
		return this.handled.filter((h) => h.workflowData).map((h) => h.workflowData![0] ?? []);
	}

	/**
	 * Runs each execution n8n would have started, through n8n-core's WorkflowExecute with the
	 * webhook's items as the trigger node's input (as n8n does for a webhook-started execution),
	 * so what the user sees in the executions list (success or the error) can be asserted.
	 */
	async executions(): Promise<WorkflowRunResult[]> {
		const results: WorkflowRunResult[] = [];
		for (const items of this.runs) {
			results.push(
				await runWorkflow(
					{ nodes: [this.node()], connections: {} },
					{
						nodeTypes: this.nodeTypes,
						credentialsHelper: this.options.credentialsHelper,
						mode: 'webhook',
						startItems: items,
					},
				),
			);
		}
		return results;
	}

	/** Items across all runs. */
	get emitted(): IDataObject[] {
		return this.runs
			.flat()
			.map((item) => item.json)
			.filter((json) => !('__invoicePaidLookupFailure' in json));
	}

	async start(): Promise<this> {
		this.server = createServer((req, res) => {
			// Bodies are read side by side, as n8n's HTTP server reads them, so a slow sender holds
			// only its own request; the node then handles one request at a time, like the sandbox
			// senders (n8n itself does not serialise). An aborted body never reaches the node.
			const reading: Promise<void> = readBody(req).then(
				(raw) => {
					this.queue = this.queue.then(() => this.handle(req, res, raw)).catch(() => undefined);
				},
				() => undefined,
			);
			this.reading.add(reading);
			void reading.finally(() => this.reading.delete(reading));
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
		return this;
	}

	/** Resolves once every request received so far was fully handled (the node answers early). */
	async idle(): Promise<void> {
		let seen: Promise<unknown>;
		do {
			await Promise.all([...this.reading]);
			seen = this.queue;
			await seen;
		} while (seen !== this.queue || this.reading.size > 0);
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
	}

	/** The URL n8n shows as Production URL (`test`: the Test URL). */
	webhookUrl(test = false): string {
		return `${this.baseUrl}${test ? 'webhook-test' : 'webhook'}/${WEBHOOK_ID}/webhook`;
	}

	/** As n8n activates a workflow (or starts listening for a test event): checkExists, then create. */
	async activate(test = false): Promise<{ existed: boolean }> {
		const existed = await this.hook('checkExists', test);
		if (!existed) await this.hook('create', test);
		return { existed };
	}

	async deactivate(test = false): Promise<boolean> {
		return await this.hook('delete', test);
	}

	/** One poll, as n8n's poller (`trigger`) or "Fetch Test Event" (`manual`) runs it. */
	async poll(
		mode: 'trigger' | 'manual' = 'trigger',
		options: { budgetMs?: number } = {},
	): Promise<INodeExecutionData[][] | null> {
		return await this.withWorkflow(async (workflow, node, additionalData) => {
			const context = new PollContext(workflow, node, additionalData, mode, 'activate');
			// n8n >= 2.41 gives a poll a time budget (durable poll cursors); n8n-core 2.8 has none.
			if (options.budgetMs !== undefined) {
				Object.assign(context, { getPollBudgetMs: () => options.budgetMs });
			}
			return await this.options.nodeType.poll!.call(context);
		});
	}

	private node(): INode {
		return {
			id: 'trigger',
			name: 'Invoice Paid',
			type: this.options.type,
			typeVersion: this.options.typeVersion ?? defaultVersionOf(this.options.nodeType),
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: this.options.parameters,
			credentials: this.options.credentials,
		};
	}

	/** Runs `fn` on a workflow loaded with the saved static data, then saves it back as JSON. */
	private async withWorkflow<T>(
		fn: (
			workflow: Workflow,
			node: INode,
			additionalData: IWorkflowExecuteAdditionalData,
		) => Promise<T>,
		extra: Partial<IWorkflowExecuteAdditionalData> = {},
	): Promise<T> {
		const node = this.node();
		const workflow = new Workflow({
			id: 'trigger-workflow',
			name: 'Trigger workflow',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: this.nodeTypes,
			staticData: JSON.parse(JSON.stringify(this.staticData)) as IDataObject,
		});
		const additionalData = {
			...createAdditionalData({
				credentialsHelper: this.options.credentialsHelper,
				webhookBaseUrl: this.baseUrl,
			}),
			...extra,
		} as IWorkflowExecuteAdditionalData;
		try {
			return await fn(workflow, node, additionalData);
		} finally {
			// n8n saves static data after a webhook call whether or not the node threw.
			this.staticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		}
	}

	private webhookData(
		node: INode,
		additionalData: IWorkflowExecuteAdditionalData,
		test: boolean,
	): IWebhookData {
		const description = this.options.nodeType.description.webhooks![0] as IWebhookDescription;
		return {
			httpMethod: 'POST',
			node: node.name,
			path: `${WEBHOOK_ID}/webhook`,
			webhookDescription: description,
			workflowId: 'trigger-workflow',
			workflowExecuteAdditionalData: additionalData,
			webhookId: WEBHOOK_ID,
			isTest: test,
		};
	}

	private async hook(method: 'checkExists' | 'create' | 'delete', test: boolean): Promise<boolean> {
		return await this.withWorkflow(async (workflow, node, additionalData) => {
			const context = new HookContext(
				workflow,
				node,
				additionalData,
				test ? 'manual' : 'trigger',
				'activate',
				this.webhookData(node, additionalData, test),
			);
			return await this.options.nodeType.webhookMethods!.default![method]!.call(context);
		});
	}

	private async handle(req: IncomingMessage, res: ServerResponse, rawBody: Buffer): Promise<void> {
		const url = new URL(req.url ?? '/', this.baseUrl);
		const test = url.pathname.startsWith('/webhook-test/');
		const request = req as IncomingMessage & {
			rawBody: Buffer;
			body: unknown;
			query: IDataObject;
			params: IDataObject;
		};
		request.rawBody = rawBody;
		request.query = Object.fromEntries(url.searchParams.entries());
		request.params = {};
		const isJson = String(req.headers['content-type'] ?? '').includes('json');
		try {
			request.body =
				isJson && request.rawBody.length > 0 ? JSON.parse(request.rawBody.toString('utf8')) : {};
		} catch {
			request.body = {};
		}
		const record: HandledRequest = { test, status: 0 };
		try {
			const result = await this.withWorkflow(
				async (workflow, node, additionalData) => {
					const context = new WebhookContext(
						workflow,
						node,
						additionalData,
						test ? 'manual' : 'webhook',
						this.webhookData(node, additionalData, test),
						[],
						null,
					);
					return await this.options.nodeType.webhook!.call(context);
				},
				{ httpRequest: request as never, httpResponse: res as never },
			);
			record.workflowData = result.workflowData;
			if (!res.headersSent) {
				const message = result.workflowData ? 'Workflow was started' : 'Webhook call received';
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify(result.webhookResponse ?? { message }));
			}
		} catch (error) {
			record.error = error as Error;
			if (!res.headersSent) {
				res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ message: 'Error in workflow' }));
			}
		}
		record.status = res.statusCode;
		this.handled.push(record);
	}
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

function defaultVersionOf(nodeType: INodeType): number {
	const { version, defaultVersion } = nodeType.description;
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}
