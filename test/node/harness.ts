/**
 * Runs real workflows through n8n-core's WorkflowExecute, with our node classes registered and a
 * credentials helper that behaves like n8n's own where it matters for us: defaults and `$self`
 * expressions of the credential type are applied, `authenticate` (function or generic) is run, the
 * `oAuth2Api` parent makes n8n-core do its bearer signing and 401-refresh, and refreshed tokens are
 * stored for the next request (Xero rotates refresh tokens, so a stale one would break later runs).
 *
 * Also exported, for trigger tests: the node type registry, credentials helper and additional data,
 * so a PollContext / WebhookContext / HookContext can be built on the same pieces.
 */
import { Container } from '@n8n/di';
import {
	Credentials,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	createDeferredPromise,
	createRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IConnections,
	type IDataObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

// Not exported from n8n-core's index; the same module instance its execution contexts use.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import { EasyBillAccountingSyncApi } from '../../credentials/EasyBillAccountingSyncApi.credentials';
import { XeroAccountingSyncOAuth2Api } from '../../credentials/XeroAccountingSyncOAuth2Api.credentials';
import { TEST_INPUT_TYPE, TestInput } from './testNodes';

/**
 * What n8n does on shutdown for the parts of n8n-core a test starts: the SSH tunnel manager, a DI
 * singleton created with the first node execution context, runs a 60 s cleanup interval that only
 * its `onShutdown` clears (n8n calls it on exit). Left running, it keeps a jest process (or a
 * script) alive after its last test.
 */
export function shutdownN8nCore(): void {
	Container.get(SSHClientsManager).onShutdown();
}

// Every suite that runs workflows imports this module: release n8n-core's timers after its tests.
if (typeof afterAll === 'function') afterAll(shutdownN8nCore);

/** The npm package name: n8n prefixes community node types with it. */
export const PACKAGE_NAME = 'n8n-nodes-accounting-sync';

export function packageNodeType(name: string): string {
	return `${PACKAGE_NAME}.${name}`;
}

// n8n-nodes-base is not installed; its oAuth2Api only needs to exist as a parent name here,
// because n8n-core's OAuth2 path reads the fields our credential (or the test data) provides.
const OAUTH2_API_STUB: ICredentialType = {
	name: 'oAuth2Api',
	displayName: 'OAuth2 API',
	properties: [],
};

export function defaultCredentialTypes(): ICredentialType[] {
	return [new XeroAccountingSyncOAuth2Api(), new EasyBillAccountingSyncApi(), OAUTH2_API_STUB];
}

// ---------------------------------------------------------------------------------------------
// Node types

export class TestNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	constructor(types: Record<string, INodeType | IVersionedNodeType> = {}) {
		this.add(TEST_INPUT_TYPE, new TestInput());
		for (const [name, type] of Object.entries(types)) this.add(name, type);
	}

	/** Registers a node class under its full type name, e.g. `packageNodeType('accountingSync')`. */
	add(name: string, type: INodeType | IVersionedNodeType): this {
		this.types.set(name, type);
		return this;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new Error(`Unknown node type "${nodeType}" (register it with the harness)`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries([...this.types.keys()].map((name) => [name, {}]));
	}
}

// ---------------------------------------------------------------------------------------------
// Credentials

export interface CredentialEvent {
	kind: 'oauthTokenUpdate' | 'update';
	type: string;
	id: string | null;
	data: ICredentialDataDecryptedObject;
}

/**
 * Stores decrypted credential data per type (and optionally per credential id) and answers n8n-core
 * the way n8n's own helper does for the parts our nodes touch.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	private readonly typesByName = new Map<string, ICredentialType>();
	private readonly byType = new Map<string, ICredentialDataDecryptedObject>();
	private readonly byId = new Map<string, ICredentialDataDecryptedObject>();
	/** Every token refresh or update n8n-core saved, in order. */
	readonly events: CredentialEvent[] = [];
	private readonly expressionWorkflow: Workflow;

	constructor(
		credentials: Record<string, ICredentialDataDecryptedObject> = {},
		credentialTypes: ICredentialType[] = defaultCredentialTypes(),
	) {
		super();
		for (const type of credentialTypes) this.typesByName.set(type.name, type);
		for (const [type, data] of Object.entries(credentials)) this.set(type, data);
		this.expressionWorkflow = new Workflow({
			id: 'credentials',
			nodes: [expressionNode()],
			connections: {},
			active: false,
			nodeTypes: new TestNodeTypes(),
		});
	}

	/** Makes another credential type known (e.g. the webhook signing key, for a trigger beside the node). */
	addType(type: ICredentialType): void {
		this.typesByName.set(type.name, type);
	}

	/** Sets the stored (decrypted, as the user typed it) data for a type, or for one credential id. */
	set(type: string, data: ICredentialDataDecryptedObject, id?: string): void {
		if (id !== undefined) this.byId.set(id, { ...data });
		else this.byType.set(type, { ...data });
	}

	/** The stored data, after any refresh n8n-core saved. */
	get(type: string, id?: string): ICredentialDataDecryptedObject | undefined {
		return (id !== undefined ? this.byId.get(id) : undefined) ?? this.byType.get(type);
	}

	get refreshCount(): number {
		return this.events.filter((e) => e.kind === 'oauthTokenUpdate').length;
	}

	getCredentialType(name: string): ICredentialType {
		const type = this.typesByName.get(name);
		if (!type) throw new Error(`Unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.typesByName.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const own = this.getCredentialType(type);
		const inherited = (own.extends ?? []).flatMap((parent) =>
			this.typesByName.has(parent) ? this.getCredentialsProperties(parent) : [],
		);
		// The child's definition of a field wins, as in n8n.
		const ownNames = new Set(own.properties.map((p) => p.name));
		return [...inherited.filter((p) => !ownNames.has(p.name)), ...own.properties];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const options = requestOptions as IHttpRequestOptions;
		const authenticate = this.getCredentialType(typeName).authenticate;
		if (!authenticate) return options;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (authenticate.type !== 'generic') return options;
		const target = options as unknown as Record<string, Record<string, unknown> | undefined>;
		for (const [outerKey, values] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
				const resolved = this.resolve(value, { $credentials: credentials }, workflow, node.name);
				target[outerKey] = { ...(target[outerKey] ?? {}), [key]: resolved };
			}
		}
		return options;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		// Neither of our credential types has a preAuthentication step.
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<Credentials> {
		return new Credentials(nodeCredentials, type);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode?: WorkflowExecuteMode,
		_executeData?: unknown,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.get(type, nodeCredentials.id ?? undefined);
		if (!stored) throw new Error(`No test credentials of type "${type}" were given to the harness`);
		const copy = structuredClone(stored);
		if (raw) return copy;
		return this.applyDefaultsAndExpressions(type, copy);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store(nodeCredentials, type, data);
		this.events.push({ kind: 'update', type, id: nodeCredentials.id, data: structuredClone(data) });
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const current = this.get(type, nodeCredentials.id ?? undefined) ?? {};
		this.store(nodeCredentials, type, { ...current, oauthTokenData: data.oauthTokenData });
		this.events.push({
			kind: 'oauthTokenUpdate',
			type,
			id: nodeCredentials.id,
			data: structuredClone(data),
		});
	}

	private store(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		if (nodeCredentials.id !== null && this.byId.has(nodeCredentials.id)) {
			this.byId.set(nodeCredentials.id, structuredClone(data));
		} else {
			this.byType.set(type, structuredClone(data));
		}
	}

	private applyDefaultsAndExpressions(
		type: string,
		data: ICredentialDataDecryptedObject,
	): ICredentialDataDecryptedObject {
		const properties = this.getCredentialsProperties(type);
		const withDefaults = {
			...(NodeHelpers.getNodeParameters(
				properties,
				data as INodeParameters,
				true,
				false,
				null,
				null,
			) ?? {}),
			// Fields outside the type's properties (oAuth2Api's clientId, oauthTokenData, ...) stay.
			...Object.fromEntries(
				Object.entries(data).filter(([key]) => !properties.some((p) => p.name === key)),
			),
		} as ICredentialDataDecryptedObject;
		const resolved = this.expressionWorkflow.expression.getParameterValue(
			withDefaults as INodeParameters,
			null,
			0,
			0,
			EXPRESSION_NODE_NAME,
			[],
			'internal',
			{},
			undefined,
			false,
			withDefaults,
		);
		return resolved as ICredentialDataDecryptedObject;
	}

	private resolve(
		value: unknown,
		keys: IDataObject,
		workflow: Workflow,
		nodeName: string,
	): unknown {
		if (typeof value !== 'string' || !value.startsWith('=')) return value;
		return workflow.expression.resolveSimpleParameterValue(
			value,
			{},
			null,
			0,
			0,
			nodeName,
			[],
			'internal',
			keys,
			undefined,
			false,
		);
	}
}

const EXPRESSION_NODE_NAME = 'Credential Expressions';

function expressionNode(): INode {
	return {
		id: 'credential-expressions',
		name: EXPRESSION_NODE_NAME,
		type: TEST_INPUT_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

// ---------------------------------------------------------------------------------------------
// Additional data and execution

export interface AdditionalDataOptions {
	credentialsHelper: ICredentialsHelper;
	hooks?: ExecutionLifecycleHooks;
	executionId?: string;
	currentNodeParameters?: INodeParameters;
	webhookBaseUrl?: string;
}

export function createAdditionalData(
	options: AdditionalDataOptions,
): IWorkflowExecuteAdditionalData {
	const notAvailable = (what: string) => () => {
		throw new Error(`${what} is not available in the node test harness`);
	};
	const webhookBaseUrl = options.webhookBaseUrl ?? 'http://127.0.0.1:5678/';
	return {
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		executionId: options.executionId ?? '1',
		currentNodeExecutionIndex: 0,
		currentNodeParameters: options.currentNodeParameters,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: `${webhookBaseUrl}webhook`,
		webhookWaitingBaseUrl: `${webhookBaseUrl}webhook-waiting`,
		webhookTestBaseUrl: `${webhookBaseUrl}webhook-test`,
		variables: {},
		executeWorkflow: notAvailable('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: notAvailable('startRunnerTask'),
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface WorkflowSpec {
	nodes: INode[];
	connections: IConnections;
	/** Node that starts the run (default: the first node). */
	startNode?: string;
}

export interface RunOptions {
	nodeTypes: INodeTypes;
	credentialsHelper: TestCredentialsHelper;
	mode?: WorkflowExecuteMode;
	/** Items handed to the start node as its input (default one empty item). */
	startItems?: INodeExecutionData[];
}

export interface WorkflowRunResult {
	run: IRun;
	/** Node names in the order they finished. */
	executionOrder: string[];
	/** First main output of the node's last run (empty when it did not run or failed). */
	items(nodeName: string): INodeExecutionData[];
	/** All outputs of the node's last run. */
	outputs(nodeName: string): INodeExecutionData[][];
	/** The error a node raised, if any. */
	nodeError(nodeName: string): (Error & IDataObject) | undefined;
	/** The execution-level error (the workflow stopped on it). */
	error: (Error & IDataObject) | undefined;
}

// Each run is its own execution, as in n8n (nodes key per-execution state on the id).
let executionCounter = 0;

export async function runWorkflow(
	spec: WorkflowSpec,
	options: RunOptions,
): Promise<WorkflowRunResult> {
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Test workflow',
		nodes: spec.nodes,
		connections: spec.connections,
		active: false,
		nodeTypes: options.nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const workflowData: IWorkflowBase = {
		id: 'test-workflow',
		name: 'Test workflow',
		nodes: spec.nodes,
		connections: spec.connections,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: { executionOrder: 'v1' },
	} as IWorkflowBase;

	const mode = options.mode ?? 'manual';
	const executionId = String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const executionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executionOrder.push(nodeName);
	});
	const finished = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run) => finished.resolve(run));

	const additionalData = createAdditionalData({
		credentialsHelper: options.credentialsHelper,
		hooks,
		executionId,
	});
	const startName = spec.startNode ?? spec.nodes[0].name;
	const startNode = workflow.getNode(startName);
	if (!startNode) throw new Error(`Start node "${startName}" is not in the workflow`);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.startItems ?? [{ json: {} }]] }, source: null },
			],
		},
	});

	const execute = new WorkflowExecute(additionalData, mode, runExecutionData);
	try {
		await execute.processRunExecutionData(workflow);
	} catch (error) {
		// n8n refuses to start a workflow with issues (e.g. a required parameter left empty).
		return refusedRun(error as Error & IDataObject, runExecutionData);
	}
	const run = await finished.promise;
	const runData = run.data.resultData.runData;

	const lastTask = (nodeName: string) => {
		const tasks = runData[nodeName];
		return tasks?.[tasks.length - 1];
	};
	const outputs = (nodeName: string) => (lastTask(nodeName)?.data?.main ?? []).map((o) => o ?? []);
	return {
		run,
		executionOrder,
		outputs,
		items: (nodeName) => outputs(nodeName)[0] ?? [],
		nodeError: (nodeName) => lastTask(nodeName)?.error as (Error & IDataObject) | undefined,
		error: run.data.resultData.error as (Error & IDataObject) | undefined,
	};
}

function refusedRun(error: Error & IDataObject, data: IRun['data']): WorkflowRunResult {
	const run = {
		data,
		finished: false,
		mode: 'manual',
		status: 'error',
		startedAt: new Date(),
	} as unknown as IRun;
	return {
		run,
		executionOrder: [],
		items: () => [],
		outputs: () => [],
		nodeError: () => undefined,
		error,
	};
}

// ---------------------------------------------------------------------------------------------
// Convenience: Input -> node under test

export interface NodeUnderTest {
	type: string;
	parameters: INodeParameters;
	name?: string;
	typeVersion?: number;
	/** Credential type -> credential id/name, e.g. `{ easyBillAccountingSyncApi: { id: '1', name: 'EasyBill' } }`. */
	credentials?: INode['credentials'];
	continueOnFail?: boolean;
	onError?: INode['onError'];
}

/** A two-node workflow: Test Input (emitting `items`) -> the node under test. */
export function inputToNode(
	items: IDataObject[],
	node: NodeUnderTest,
): WorkflowSpec & { nodeName: string } {
	const nodeName = node.name ?? 'Node Under Test';
	const nodes: INode[] = [
		{
			id: 'input',
			name: 'Input',
			type: TEST_INPUT_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(items) },
		},
		{
			id: 'under-test',
			name: nodeName,
			type: node.type,
			typeVersion: node.typeVersion ?? 1,
			position: [200, 0],
			parameters: node.parameters,
			credentials: node.credentials,
			...(node.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			...(node.onError ? { onError: node.onError } : {}),
		},
	];
	return {
		nodeName,
		nodes,
		connections: { Input: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
	};
}

/** Test Input -> node 1 -> node 2 -> ...; each node needs a distinct `name`. */
export function inputToChain(items: IDataObject[], chain: NodeUnderTest[]): WorkflowSpec {
	const names = chain.map((node, index) => node.name ?? `Node ${index + 1}`);
	const nodes: INode[] = [
		{
			id: 'input',
			name: 'Input',
			type: TEST_INPUT_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(items) },
		},
		...chain.map((node, index): INode => ({
			id: `node-${index + 1}`,
			name: names[index],
			type: node.type,
			typeVersion: node.typeVersion ?? 1,
			position: [200 * (index + 1), 0],
			parameters: node.parameters,
			credentials: node.credentials,
			...(node.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			...(node.onError ? { onError: node.onError } : {}),
		})),
	];
	const order = ['Input', ...names];
	const connections: IConnections = {};
	for (let i = 0; i < order.length - 1; i++) {
		connections[order[i]] = { main: [[{ node: order[i + 1], type: 'main', index: 0 }]] };
	}
	return { nodes, connections };
}

// ---------------------------------------------------------------------------------------------
// Load options and list search, through n8n-core's LoadOptionsContext

export interface MethodCallOptions {
	nodeTypes: TestNodeTypes;
	credentialsHelper: TestCredentialsHelper;
	node: NodeUnderTest;
}

function loadOptionsContext(options: MethodCallOptions, path: string): LoadOptionsContext {
	const node: INode = {
		id: 'under-test',
		name: options.node.name ?? 'Node Under Test',
		type: options.node.type,
		typeVersion: options.node.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.node.parameters,
		credentials: options.node.credentials,
	};
	const workflow = new Workflow({
		id: 'load-options',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: options.nodeTypes,
	});
	const additionalData = createAdditionalData({
		credentialsHelper: options.credentialsHelper,
		currentNodeParameters: options.node.parameters,
	});
	return new LoadOptionsContext(workflow, node, additionalData, path);
}

/** Calls `methods.loadOptions[method]` of the node under test as the editor would. */
export async function callLoadOptions(options: MethodCallOptions, method: string, path = method) {
	const type = options.nodeTypes.getByNameAndVersion(options.node.type, options.node.typeVersion);
	const fn = type.methods?.loadOptions?.[method];
	if (!fn) throw new Error(`No loadOptions method "${method}"`);
	return await fn.call(loadOptionsContext(options, path));
}

/** Calls `methods.listSearch[method]` of the node under test as the editor would. */
export async function callListSearch(
	options: MethodCallOptions,
	method: string,
	filter?: string,
	paginationToken?: string,
	path = method,
) {
	const type = options.nodeTypes.getByNameAndVersion(options.node.type, options.node.typeVersion);
	const fn = type.methods?.listSearch?.[method];
	if (!fn) throw new Error(`No listSearch method "${method}"`);
	return await fn.call(loadOptionsContext(options, path), filter, paginationToken);
}
