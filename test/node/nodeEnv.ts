/**
 * The Accounting Sync node against the sandbox: credentials pointing at the emulators (the Xero one
 * with a real token pair, refreshed by n8n-core), emulated time through the test seam, and a `run`
 * that executes Input -> Accounting Sync as a real workflow.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { AccountingSync } from '../../nodes/AccountingSync/AccountingSync.node';
import { resetTestSeams, testSeams } from '../../nodes/shared/testSeams';
import { startSandbox, type Sandbox, type StartSandboxOptions } from '../../sandbox';
import { scaledClock } from '../helpers/http';
import {
	inputToNode,
	packageNodeType,
	runWorkflow,
	TestCredentialsHelper,
	TestNodeTypes,
	type WorkflowRunResult,
} from './harness';

export const NODE_TYPE = packageNodeType('accountingSync');

export type LedgerName = 'xero' | 'easybill';

export interface RunOptions {
	continueOnFail?: boolean;
	/**
	 * Another n8n credential id for the same account: executions under different ids share no
	 * in-process batch, as executions on separate queue-mode workers do not.
	 */
	credentialId?: string;
}

export interface NodeRun extends WorkflowRunResult {
	nodeName: string;
	/** The node's output items (first output). */
	output: INodeExecutionData[];
	json: IDataObject[];
}

export interface NodeEnv {
	sandbox: Sandbox;
	tenantId: string;
	credentialsHelper: TestCredentialsHelper;
	nodeTypes: TestNodeTypes;
	run(
		ledger: LedgerName,
		items: IDataObject[],
		parameters: INodeParameters,
		options?: RunOptions,
	): Promise<NodeRun>;
	/** Requests the sandbox received that failed its spec validation (must stay empty). */
	specErrors(): Array<{ method: string; path: string; specErrors?: string[] }>;
	stop(): Promise<void>;
}

export interface NodeEnvOptions extends StartSandboxOptions {
	/** Retry policy override for the ledgers (e.g. fewer attempts). */
	retry?: IDataObject;
	/** The plan the EasyBill credential names (default: the one matching easybillPerMinute). */
	easybillPlan?: 'plus' | 'business';
	/** Pacing margin in emulated ms (default 100 real ms at the time scale). */
	pacingMarginMs?: number;
}

export async function startNodeEnv(options: NodeEnvOptions = {}): Promise<NodeEnv> {
	const timeScale = options.timeScale ?? 60;
	const sandbox = await startSandbox({ ...options, timeScale });
	const tokens = sandbox.xero.issueTokens();
	const tenantId = sandbox.xero.tenants[0].tenantId;
	const credentialsHelper = new TestCredentialsHelper({
		xeroAccountingSyncOAuth2Api: {
			clientId: sandbox.xero.clientId,
			clientSecret: sandbox.xero.clientSecret,
			apiBaseUrl: sandbox.urls.xero,
			identityBaseUrl: sandbox.urls.xero,
			oauthTokenData: {
				access_token: tokens.accessToken,
				refresh_token: tokens.refreshToken,
				token_type: 'Bearer',
				expires_in: tokens.expiresIn,
			},
		},
		easyBillAccountingSyncApi: {
			apiKey: sandbox.easybill.apiKey,
			plan: options.easybillPlan ?? (options.easybillPerMinute === 10 ? 'plus' : 'business'),
			baseUrl: sandbox.urls.easybill,
		},
	});
	const nodeTypes = new TestNodeTypes({ [NODE_TYPE]: new AccountingSync() });
	testSeams.clock = scaledClock(sandbox.clock, timeScale);
	// 100 real ms of jitter tolerance for EasyBill pacing, in emulated time.
	testSeams.ledgerOptions = {
		pacingMarginMs: options.pacingMarginMs ?? 100 * timeScale,
		retry: options.retry,
	};

	return {
		sandbox,
		tenantId,
		credentialsHelper,
		nodeTypes,
		async run(ledger, items, parameters, runOptions = {}) {
			const spec = inputToNode(items, {
				type: NODE_TYPE,
				parameters: {
					ledger,
					...(ledger === 'xero' ? { tenantId: { __rl: true, mode: 'id', value: tenantId } } : {}),
					...parameters,
				},
				credentials:
					ledger === 'xero'
						? {
								xeroAccountingSyncOAuth2Api: {
									id: runOptions.credentialId ?? 'xero-1',
									name: 'Xero sandbox',
								},
							}
						: {
								easyBillAccountingSyncApi: {
									id: runOptions.credentialId ?? 'easybill-1',
									name: 'EasyBill sandbox',
								},
							},
				continueOnFail: runOptions.continueOnFail,
			});
			const result = await runWorkflow(spec, { nodeTypes, credentialsHelper });
			const output = result.items(spec.nodeName);
			return { ...result, nodeName: spec.nodeName, output, json: output.map((i) => i.json) };
		},
		specErrors: () =>
			sandbox.log
				.entries()
				.filter((e) => e.specErrors?.length)
				.map((e) => ({ method: e.method, path: e.path, specErrors: e.specErrors })),
		async stop() {
			resetTestSeams();
			await sandbox.stop();
		},
	};
}

export interface UseNodeEnvOptions extends NodeEnvOptions {
	/** `test` (default): a fresh sandbox for each test; `file`: one sandbox for the whole file. */
	scope?: 'test' | 'file';
	/**
	 * Fail when a request the node sent broke the vendor's own OpenAPI/Swagger contract, as the
	 * sandbox validated it (default true).
	 */
	checkSpecs?: boolean;
}

/**
 * Registers the hooks that start the node env before each test (or once for the file) and stop it
 * after, and returns a handle that reads the env of the moment: use it inside tests and hooks only.
 * Hooks a file registers after this call run after the env has started.
 */
export function useNodeEnv(options: UseNodeEnvOptions = {}): Omit<NodeEnv, 'stop'> {
	const { scope = 'test', checkSpecs = true, ...envOptions } = options;
	let env: NodeEnv | undefined;
	const current = (): NodeEnv => {
		if (!env) throw new Error('The node env runs only inside tests and hooks (useNodeEnv).');
		return env;
	};
	const [before, after] = scope === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach];
	before(async () => {
		env = await startNodeEnv(envOptions);
	});
	after(async () => {
		// A start that failed has already failed the test; there is nothing to stop.
		if (!env) return;
		const stopping = env;
		env = undefined;
		const specErrors = stopping.specErrors();
		await stopping.stop();
		if (checkSpecs) expect(specErrors).toEqual([]);
	});
	return {
		get sandbox() {
			return current().sandbox;
		},
		get tenantId() {
			return current().tenantId;
		},
		get credentialsHelper() {
			return current().credentialsHelper;
		},
		get nodeTypes() {
			return current().nodeTypes;
		},
		run: (...args) => current().run(...args),
		specErrors: () => current().specErrors(),
	};
}

/** Parameters that read each field from the incoming item, as users map a billing webhook. */
export const fromItem = (path: string) => `={{ $json.${path} }}`;
