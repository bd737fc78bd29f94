/**
 * `npm run bench`: what the workloads of issue 12 cost, through the real node code path (n8n-core
 * executing Input -> Accounting Sync workflows), with the sandbox in a child process at the
 * vendors' real limits (emulated time runs BENCH_TIME_SCALE times faster, default 60). Beside it, a
 * per-item baseline client (bench/baseline.ts). Prints one table row per workload and the targets
 * as pass/miss; asserts nothing (timing never goes into tests).
 *
 *   npm run bench                       every workload
 *   BENCH_ONLY=events,xero1000 npm run bench     (xero1000, xero5000, events, easybill, webhook, poll)
 *   BENCH_EVENTS=200 BENCH_LARGE=0 npm run bench     smaller, quicker
 */
import os from 'node:os';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { coalescerStats } from '../nodes/shared/coalescing';
import { resetTestSeams, testSeams } from '../nodes/shared/testSeams';
import {
	inputToNode,
	packageNodeType,
	runWorkflow,
	TestCredentialsHelper,
	TestNodeTypes,
} from '../test/node/harness';
import { invoiceItem, invoiceParams } from '../test/node/invoiceFixtures';
import { fromItem } from '../test/node/nodeEnv';
import { runBaseline } from './baseline';
import { Child, measure, rows, TIME_SCALE, type Info } from './harness';
import { pollPaid, webhookDelivery } from './triggers';

const N = Number(process.env.BENCH_N ?? 1000);
const LARGE = Number(process.env.BENCH_LARGE ?? 5000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);
const EASYBILL_N = Number(process.env.BENCH_EASYBILL_N ?? 100);
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const NODE_TYPE = packageNodeType('accountingSync');
// tsx resolves 'AccountingSync.node' to the codex JSON beside it, so name the .ts file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { AccountingSync } = require('../nodes/AccountingSync/AccountingSync.node.ts') as typeof import('../nodes/AccountingSync/AccountingSync.node');

async function environment(child: Child) {
	const info = await child.ask<Info>({ cmd: 'info' });
	// The child's emulated clock, read here without asking: same machine, same real clock.
	const clock = {
		now: () => Math.floor(info.emulatedNow + (Date.now() - info.realNow) * info.timeScale),
		sleep: (ms: number) =>
			new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms / info.timeScale))),
	};
	resetTestSeams();
	testSeams.clock = clock;
	// 5 real ms of jitter tolerance in emulated time.
	testSeams.ledgerOptions = { pacingMarginMs: 5 * info.timeScale };
	const credentialsHelper = new TestCredentialsHelper({
		xeroAccountingSyncOAuth2Api: {
			clientId: info.clientId,
			clientSecret: info.clientSecret,
			apiBaseUrl: info.urls.xero,
			identityBaseUrl: info.urls.xero,
			oauthTokenData: {
				access_token: info.tokens.accessToken,
				refresh_token: info.tokens.refreshToken,
				token_type: 'Bearer',
				expires_in: info.tokens.expiresIn,
			},
		},
		easyBillAccountingSyncApi: {
			apiKey: info.apiKey,
			plan: 'business',
			baseUrl: info.urls.easybill,
		},
	});
	const nodeTypes = new TestNodeTypes({ [NODE_TYPE]: new AccountingSync() });
	const run = async (ledger: 'xero' | 'easybill', items: IDataObject[], parameters: INodeParameters) => {
		const spec = inputToNode(items, {
			type: NODE_TYPE,
			parameters: {
				ledger,
				...(ledger === 'xero' ? { tenantId: { __rl: true, mode: 'id', value: info.tenantId } } : {}),
				...parameters,
			},
			credentials:
				ledger === 'xero'
					? { xeroAccountingSyncOAuth2Api: { id: 'xero-bench', name: 'Xero sandbox' } }
					: { easyBillAccountingSyncApi: { id: 'easybill-bench', name: 'EasyBill sandbox' } },
			continueOnFail: true,
		});
		const result = await runWorkflow(spec, { nodeTypes, credentialsHelper });
		const json = result.items(spec.nodeName).map((i) => i.json);
		const failed = result.error ? items.length : json.filter((j) => j.error !== undefined).length;
		return { json, failed };
	};
	return { info, clock, run };
}

const wants = (name: string) => !ONLY || ONLY.includes(name);

function payments(prefix: string, count: number): IDataObject[] {
	return Array.from({ length: count }, (_, n) => ({ invoice: `${prefix}${n}`, charge: `ch_${prefix}${n}`, amount: '82.80' }));
}

const paymentParams: INodeParameters = {
	operation: 'recordPayment',
	amountUnit: 'major',
	invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') },
	sourceId: fromItem('charge'),
	amount: fromItem('amount'),
	currency: 'EUR',
	date: '2026-11-05',
	bankAccount: '090',
};

const xeroInvoices = (prefix: string, count: number) =>
	Array.from({ length: count }, (_, n) => invoiceItem('xero', `${prefix}${n}`, `${prefix}cus${n}`));

async function xeroBatches(): Promise<void> {
	if (!wants('xero1000') && !wants('xero5000')) return;
	const child = await Child.start({});
	const { run } = await environment(child);
	try {
		// The organisation already holds N contacts and N invoices.
		console.error(`  seeding ${N} contacts and invoices (not measured)`);
		await run('xero', xeroInvoices('seed', N), invoiceParams());
		if (wants('xero1000')) {
			await measure(child, 'xero', 60, { workload: `Xero: ${N} invoices + ${N} new contacts`, client: 'package', items: N },
				async () => ({ ...(await run('xero', xeroInvoices('a', N), invoiceParams())), prefix: 'a' }),
				(r) => ({ text: '<= 60 calls, 0 × 429', pass: r.calls <= 60 && r.rateLimited === 0 && r.failed === 0 }));
			await measure(child, 'xero', 60, { workload: `Xero: re-run of the ${N} (all unchanged)`, client: 'package', items: N },
				async () => ({ ...(await run('xero', xeroInvoices('a', N), invoiceParams())), prefix: 'a' }),
				(r) => ({ text: '<= 15 calls', pass: r.calls <= 15 && r.failed === 0 }));
			await measure(child, 'xero', 60, { workload: `Xero: ${N} payments`, client: 'package', items: N },
				async () => run('xero', payments('a', N), paymentParams),
				(r) => ({ text: '<= 30 calls', pass: r.calls <= 30 && r.failed === 0 }));
		}
		if (wants('xero5000') && LARGE > 0) {
			await measure(child, 'xero', 60, { workload: `Xero: ${LARGE} invoices + ${LARGE} new contacts`, client: 'package', items: LARGE },
				async () => ({ ...(await run('xero', xeroInvoices('l', LARGE), invoiceParams())), prefix: 'l' }),
				(r) => ({ text: '<= 260 calls, 0 × 429', pass: r.calls <= 260 && r.rateLimited === 0 && r.failed === 0 }));
		}
	} finally {
		await child.ask({ cmd: 'stop' });
	}
}

async function oneEventPerExecution(): Promise<void> {
	if (!wants('events')) return;
	const child = await Child.start({});
	const { run, clock } = await environment(child);
	try {
		await measure(child, 'xero', 60, { workload: `Xero: ${EVENTS} executions × 1 event, 5 at once`, client: 'package', items: EVENTS },
			async () => {
				let failed = 0;
				let next = 0;
				await Promise.all(
					Array.from({ length: 5 }, async () => {
						while (next < EVENTS) {
							const n = next++;
							failed += (await run('xero', [invoiceItem('xero', `ev${n}`, `evcus${n}`)], invoiceParams())).failed;
						}
					}),
				);
				return { failed, prefix: 'ev' };
			},
			(r) => ({ text: '0 × 429, 0 failed, 0 dup, <= 2 calls/event', pass: r.rateLimited === 0 && r.failed === 0 && r.duplicates === 0 && r.callsPerItem <= 2 }));
		const merged = coalescerStats().find((s) => s.key.includes('createInvoice'));
		if (merged) rows[rows.length - 1].detail += ` | ${merged.callers} executions in ${merged.batches} merged batches`;
		const baselineEvents = Math.min(EVENTS, Number(process.env.BENCH_BASELINE_EVENTS ?? 200));
		await measure(child, 'xero', 60, { workload: `Xero: ${baselineEvents} executions × 1 event, 5 at once`, client: 'per-item baseline', items: baselineEvents },
			async () => {
				// A fresh token: the package's run may have outlived the first one (n8n refreshed its own).
				const info = await child.ask<Info>({ cmd: 'info' });
				await runBaseline(
					{ baseUrl: info.urls.xero, tenantId: info.tenantId, accessToken: info.tokens.accessToken, sleep: clock.sleep },
					Array.from({ length: baselineEvents }, (_, n) => ({ reference: `bl${n}`, contactName: `Baseline ${n}`, contactNumber: `blcus${n}` })),
					5,
				);
				return { failed: 0, prefix: 'bl' };
			});
	} finally {
		await child.ask({ cmd: 'stop' });
	}
}

async function easyBill(): Promise<void> {
	if (!wants('easybill')) return;
	// EasyBill is paced one call at a time, so real overhead per call would count 60 times over at
	// the usual time scale: run it nearer real time for an honest share of the limit.
	const child = await Child.start({ BENCH_EASYBILL_PER_MINUTE: '60' }, Number(process.env.BENCH_EASYBILL_TIME_SCALE ?? 10));
	const { run } = await environment(child);
	try {
		const items = Array.from({ length: EASYBILL_N }, (_, n) => invoiceItem('easybill', `eb${n}`, `ebcus${n}`));
		await measure(child, 'easybill', 60, { workload: `EasyBill: ${EASYBILL_N} invoices + new customers, 60/min`, client: 'package', items: EASYBILL_N },
			async () => ({ ...(await run('easybill', items, invoiceParams())), prefix: 'eb' }),
			(r) => ({ text: '<= 305 calls, 0 × 429, >= 90 % of the limit used', pass: r.calls <= 3.05 * EASYBILL_N && r.rateLimited === 0 && r.floorMin / r.spanMin >= 0.9 }));
	} finally {
		await child.ask({ cmd: 'stop' });
	}
}

function printTables(): void {
	const fmt = (n: number, d = 2) => n.toFixed(d);
	const header = ['client', 'items', 'calls', '429s', 'failed', 'dup', 'calls/item', 'span min', 'floor min', 'CPU ms/item', 'peak heap +MiB', 'target'];
	for (const row of rows) {
		console.log(`\n### ${row.workload}\n`);
		console.log(`| ${header.join(' | ')} |`);
		console.log(`|${header.map(() => '---').join('|')}|`);
		console.log(
			`| ${[
				row.client,
				row.items,
				row.calls,
				row.rateLimited,
				row.failed,
				row.duplicates,
				fmt(row.callsPerItem, 3),
				fmt(row.spanMin, 1),
				fmt(row.floorMin, 1),
				fmt(row.cpuMsPerItem, 1),
				fmt(row.heapMiB, 1),
				row.target ? `${row.target.pass ? 'PASS' : 'MISS'} (${row.target.text})` : '-',
			].join(' | ')} |`,
		);
		if (row.detail) console.log(`\ncalls: ${row.detail}`);
	}
	const anyLimited = rows.filter((r) => r.client === 'package').some((r) => r.rateLimited > 0);
	console.log(`\nAny package run: ${anyLimited ? 'MISS' : 'PASS'} (0 × 429 across every workload)`);
}

async function main(): Promise<void> {
	console.log(
		`Bench: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; sandbox in a child process, ` +
			`emulated time ${TIME_SCALE}× real, Xero 60/min + 5 concurrent + 5,000/day, EasyBill 60/min.`,
	);
	await xeroBatches();
	await oneEventPerExecution();
	await easyBill();
	if (wants('webhook')) await webhookDelivery();
	if (wants('poll')) await pollPaid();
	resetTestSeams();
	printTables();
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
