/**
 * Delivers a month of Stripe events the way Stripe does, one n8n execution per event (n8n-core
 * running the workflow JSON, see test/node/harness.ts), up to `concurrency` at once, some out of
 * order, some two or three times, while the sandbox injects faults. An execution that fails is
 * re-run later, as an operator retries failed executions in n8n; one is killed after its first
 * Accounting Sync node and re-run whole. Nothing here knows the expected books: that is the
 * reconciler's job.
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../test/node/harness';
import { startNodeEnv, type NodeEnv } from '../../test/node/nodeEnv';
import { testSeams } from '../../nodes/shared/testSeams';
import type { FaultRule, RequestLogEntry } from '../../sandbox';
import { captureN8nLogs } from './capture';
import type { StripeEvent } from './generator';
import { seededRandom, type Random } from './random';
import { startTriggers, type TriggerRun } from './triggers';
import { boundWorkflow, packageNodeCount, workflowFor, type LedgerName } from './workflows';

export interface SoakOptions {
	ledger: LedgerName;
	events: StripeEvent[];
	seed: number;
	concurrency?: number;
	/** Share of events delivered more than once (default 0.05). */
	duplicateRate?: number;
	/**
	 * Whether a repeated delivery may run while the first is still running (default true, as
	 * Stripe does); false delivers each copy only after the earlier one finished.
	 */
	concurrentDuplicates?: boolean;
	/** Share of events delivered up to 5 places late (default 0.1). */
	outOfOrderRate?: number;
	/** Share of requests answered with a fault (default 0.1). */
	faultRate?: number;
	/** How many failed executions of one event are re-run (default 3). */
	maxReruns?: number;
	/**
	 * Emulated ms per real ms (default 600: a rate-limit minute passes in 0.1 s, so the month is
	 * paced by the vendors' limits in emulated time, not by waiting for real minutes).
	 */
	timeScale?: number;
	/** Real ms before a request counts as lost (default 1500; 'slow' faults hold it longer). */
	timeoutMs?: number;
	/**
	 * Run the Invoice Paid triggers alongside (polling and instant), a round every this many real
	 * ms (default 1000; 0 runs none).
	 */
	triggerEveryMs?: number;
	/** A recognisable EasyBill key, for the secrets scan (default: the sandbox's random one). */
	easybillApiKey?: string;
	/** Called after every execution (progress output). */
	onExecution?(done: number, planned: number): void;
}

export interface ExecutionRecord {
	event: StripeEvent;
	workflow: string;
	ok: boolean;
	killed?: boolean;
	/** First error the execution raised (execution-level or a node's). */
	error?: string;
	/** The package's error kind (`conflict`, `not_found`, `transient` …) when it says one. */
	errorKind?: string;
	/** Every Accounting Sync node's output items, as n8n would show them. */
	outputs: IDataObject[];
}

export interface SoakRun {
	ledger: LedgerName;
	env: NodeEnv;
	executions: ExecutionRecord[];
	/** Events that no execution applied, with the last error. */
	reported: { event: StripeEvent; error: string }[];
	requests: RequestLogEntry[];
	ms: number;
	duplicatesDelivered: number;
	outOfOrder: number;
	killed: number;
	/** What the Invoice Paid triggers emitted while the month ran (absent when none ran). */
	triggers?: { poll: TriggerRun; instant: TriggerRun };
}

interface Delivery {
	event: StripeEvent;
	attempt: number;
	killAfter?: number;
}

export async function runSoak(options: SoakOptions): Promise<SoakRun> {
	captureN8nLogs();
	const random = seededRandom(options.seed * 7919 + (options.ledger === 'xero' ? 1 : 2));
	const faultRandom = seededRandom(options.seed * 104729 + 17);
	const timeScale = options.timeScale ?? 600;
	const timeoutMs = options.timeoutMs ?? 1500;
	const firstEvent = options.events[0]?.created ?? Date.UTC(2026, 10, 1) / 1000;
	const env = await startNodeEnv({
		timeScale,
		startAt: firstEvent * 1000,
		faultRandom,
		// The month is replayed in hours, so the day quota is scaled with it; the daily-limit
		// behaviour itself is pinned by the rate-limit tests.
		xeroLimits: { perDay: 1_000_000 },
		...(options.easybillApiKey ? { easybillApiKey: options.easybillApiKey } : {}),
	});
	testSeams.ledgerOptions = { ...testSeams.ledgerOptions, timeoutMs };
	for (const rule of faultRules(options.ledger, options.faultRate ?? 0.1, timeoutMs)) env.sandbox.faults.add(rule);

	const { queue, duplicatesDelivered, outOfOrder } = deliveryOrder(options, random);
	const killAt = new Set<number>([Math.floor(queue.length / 3), ...pickKills(queue.length, random)]);
	queue.forEach((delivery, index) => {
		if (!killAt.has(index)) return;
		const count = packageNodeCount(workflowFor(delivery.event).workflow);
		if (count > 1) delivery.killAfter = 1;
	});

	const everyMs = options.triggerEveryMs ?? 1000;
	const triggers = everyMs > 0 ? await startTriggers(env, options.ledger, everyMs) : undefined;
	const executions: ExecutionRecord[] = [];
	const applied = new Set<string>();
	const lastError = new Map<string, string>();
	const started = Date.now();
	let planned = queue.length;
	let killed = 0;

	const inFlight = new Map<string, Promise<unknown>>();
	const worker = async () => {
		for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
			const id = delivery.event.id;
			if (options.concurrentDuplicates === false) await inFlight.get(id);
			const running = execute(env, options.ledger, delivery);
			inFlight.set(id, running.catch(() => undefined));
			const record = await running;
			executions.push(record);
			if (record.killed) {
				killed += 1;
				queue.push({ event: delivery.event, attempt: delivery.attempt });
				planned += 1;
			} else if (record.ok) {
				applied.add(record.event.id);
			} else {
				lastError.set(record.event.id, record.error ?? 'failed without a message');
				// The operator re-runs failed executions, except one whose error warns that running
				// again may book what should not be (a draft deleted under it by a concurrent void).
				const rerun = !/run again only if/i.test(record.error ?? '');
				if (rerun && delivery.attempt <= (options.maxReruns ?? 3) && !applied.has(delivery.event.id)) {
					queue.push({ event: delivery.event, attempt: delivery.attempt + 1 });
					planned += 1;
				}
			}
			options.onExecution?.(executions.length, planned);
		}
	};
	await Promise.all(Array.from({ length: options.concurrency ?? 5 }, worker));
	// The last payments reach the triggers with the faults still on, as they would in n8n.
	await triggers?.finish();

	const reported = options.events
		.filter((event) => !applied.has(event.id))
		.map((event) => ({ event, error: lastError.get(event.id) ?? 'never delivered' }));
	env.sandbox.faults.clear();
	return {
		ledger: options.ledger,
		env,
		executions,
		reported,
		requests: env.sandbox.log.entries(),
		ms: Date.now() - started,
		duplicatesDelivered,
		outOfOrder,
		killed,
		...(triggers ? { triggers: { poll: triggers.poll, instant: triggers.instant } } : {}),
	};
}

async function execute(env: NodeEnv, ledger: LedgerName, delivery: Delivery): Promise<ExecutionRecord> {
	const { key, workflow } = workflowFor(delivery.event);
	const bound = boundWorkflow(workflow, delivery.event, ledger, env.tenantId, delivery.killAfter);
	const result = await runWorkflow(
		{ nodes: bound.nodes, connections: bound.connections, startNode: 'Stripe event' },
		{ nodeTypes: env.nodeTypes, credentialsHelper: env.credentialsHelper, mode: 'webhook' },
	);
	const outputs: IDataObject[] = [];
	let error = result.error?.message;
	let errorKind = kindOf(result.error);
	for (const n of bound.nodes) {
		if (n.name === 'Stripe event') continue;
		outputs.push(...result.items(n.name).map((item) => item.json));
		const nodeError = result.nodeError(n.name);
		if (nodeError && !error) error = describeError(nodeError);
		errorKind ??= kindOf(nodeError);
	}
	if (error && result.error) error = describeError(result.error);
	return {
		event: delivery.event,
		workflow: key,
		ok: !error,
		...(delivery.killAfter !== undefined && !error ? { killed: true } : {}),
		...(error ? { error } : {}),
		...(error && errorKind ? { errorKind } : {}),
		outputs,
	};
}

function kindOf(error: unknown): string | undefined {
	const response = (error as { errorResponse?: { kind?: unknown } } | undefined)?.errorResponse;
	return typeof response?.kind === 'string' ? response.kind : undefined;
}

function describeError(error: Error & IDataObject): string {
	const description = typeof error.description === 'string' ? ` (${error.description})` : '';
	return `${error.message}${description}`;
}

/** ~`rate` of requests get a fault, spread over the kinds a real month meets. */
export function faultRules(ledger: LedgerName, rate: number, timeoutMs: number): FaultRule[] {
	const service = ledger === 'xero' ? 'xero' : 'easybill';
	const share = (weight: number) => (rate * weight) / 10;
	const rules: FaultRule[] = [
		{ service, kind: '429', probability: share(2), retryAfterSeconds: 5 },
		{ service, kind: '500', probability: share(1.5) },
		{ service, kind: '502', probability: share(1) },
		{ service, kind: '503', probability: share(1) },
		{ service, kind: 'slow', probability: share(1), delayMs: timeoutMs + 1000 },
		{ service, method: 'POST', kind: 'drop-after-commit', probability: share(1) },
		{ service, method: 'PUT', kind: 'drop-after-commit', probability: share(1) },
	];
	if (ledger === 'xero') {
		rules.push(
			{ service, kind: '429', probability: share(1), omitRetryAfter: true },
			{ service, kind: 'expired-token', probability: share(0.5) },
		);
	} else {
		rules.push({ service, kind: '429', probability: share(1.5) });
	}
	return rules;
}

function deliveryOrder(options: SoakOptions, random: Random) {
	const queue: Delivery[] = options.events.map((event) => ({ event, attempt: 1 }));
	let outOfOrder = 0;
	for (let i = 0; i < queue.length - 1; i++) {
		if (!random.chance(options.outOfOrderRate ?? 0.1)) continue;
		const j = Math.min(queue.length - 1, i + random.int(1, 5));
		[queue[i], queue[j]] = [queue[j], queue[i]];
		outOfOrder += 1;
	}
	let duplicatesDelivered = 0;
	for (const event of options.events) {
		if (!random.chance(options.duplicateRate ?? 0.05)) continue;
		const copies = random.int(1, 2);
		const at = queue.findIndex((d) => d.event === event);
		for (let c = 0; c < copies; c++) {
			// Some copies arrive right behind the first (running at the same time), some much later.
			const offset = random.chance(0.5) ? random.int(1, 3) : random.int(5, 40);
			queue.splice(Math.min(queue.length, at + offset), 0, { event, attempt: 1 });
			duplicatesDelivered += 1;
		}
	}
	return { queue, duplicatesDelivered, outOfOrder };
}

function pickKills(length: number, random: Random): number[] {
	return Array.from({ length: Math.floor(length / 150) }, () => random.int(0, length - 1));
}
