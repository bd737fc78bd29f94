/**
 * Benchmarks: what a batch costs in API calls, emulated time and memory, against the local sandbox.
 * Prints a table; asserts nothing (targets are read off the table, never enforced by timed tests).
 *
 *   npm run bench            all scenarios
 *   BENCH_INVOICES=1000 npm run bench
 */
import { performance } from 'node:perf_hooks';
import { createEasyBillLedger } from '../core/easybill';
import { RateGovernor, XERO_LIMITS } from '../core/governor';
import type { Invoice } from '../core/model';
import { documentTotals, toMinorUnits } from '../core/money';
import { createXeroLedger } from '../core/xero';
import { startSandbox, type Sandbox } from '../sandbox';
import { httpSend, scaledClock } from '../test/helpers/http';

const TIME_SCALE = 60;
const XERO_INVOICES = Number(process.env.BENCH_INVOICES ?? 500);
const EASYBILL_INVOICES = Number(process.env.BENCH_EASYBILL_INVOICES ?? 60);

interface Row {
	scenario: string;
	items: number;
	apiCalls: number;
	callsPerItem: string;
	rateLimited: number;
	emulatedMin: string;
	realSec: string;
	heapMiB: string;
	result: string;
}

const rows: Row[] = [];

function invoice(currency: string, i: number, tax: Partial<Invoice['lines'][number]>): Invoice {
	return {
		sourceId: `bench-${currency}-${i}`,
		contact: { contact: { sourceId: `bench-cus-${i % 50}`, name: `Bench Customer ${i % 50}`, emails: [`c${i % 50}@example.com`] } },
		issueDate: '2026-11-02',
		dueDate: '2026-11-30',
		currency,
		taxMode: 'exclusive',
		status: 'final',
		lines: [
			{ description: `Subscription ${i}`, quantity: 1, unitPriceMinor: 2900 + (i % 100), ...tax },
			{ description: 'Extra seats', quantity: 3, unitPriceMinor: 499, ...tax },
			{ description: 'Usage', quantity: 12.5, unitPriceMinor: 12, ...tax },
		],
	};
}

async function measure(
	scenario: string,
	sandbox: Sandbox,
	service: 'xero' | 'easybill',
	items: number,
	run: () => Promise<Array<{ action: string }>>,
): Promise<void> {
	const logBefore = sandbox.log.entries({ service }).length;
	const emulatedStart = sandbox.clock.now();
	global.gc?.();
	const heapBefore = process.memoryUsage().heapUsed;
	let heapPeak = heapBefore;
	const sampler = setInterval(() => {
		heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
	}, 20);
	const started = performance.now();
	const results = await run();
	const realMs = performance.now() - started;
	clearInterval(sampler);
	heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
	const entries = sandbox.log.entries({ service }).slice(logBefore);
	const counts = new Map<string, number>();
	for (const r of results) counts.set(r.action, (counts.get(r.action) ?? 0) + 1);
	rows.push({
		scenario,
		items,
		apiCalls: entries.length,
		callsPerItem: (entries.length / items).toFixed(2),
		rateLimited: entries.filter((e) => e.status === 429).length,
		emulatedMin: ((sandbox.clock.now() - emulatedStart) / 60_000).toFixed(1),
		realSec: (realMs / 1000).toFixed(1),
		heapMiB: ((heapPeak - heapBefore) / 2 ** 20).toFixed(1),
		result: [...counts].map(([k, v]) => `${v} ${k}`).join(', '),
	});
}

async function xeroScenarios(): Promise<void> {
	const sandbox = await startSandbox({ timeScale: TIME_SCALE });
	try {
		const tokens = sandbox.xero.issueTokens();
		const tenantId = sandbox.xero.tenants[0].tenantId;
		const clock = scaledClock(sandbox.clock, TIME_SCALE);
		const ledger = createXeroLedger({
			send: httpSend({ headers: () => ({ Authorization: `Bearer ${tokens.accessToken}` }) }),
			clock,
			governor: new RateGovernor(XERO_LIMITS, clock),
			tenantId,
			apiBaseUrl: sandbox.urls.xero,
		});
		const invoices = Array.from({ length: XERO_INVOICES }, (_, i) => invoice('GBP', i, { accountCode: '200', taxType: 'OUTPUT2' }));
		await measure('Xero: create invoices (50 contacts inline)', sandbox, 'xero', invoices.length, () => ledger.createInvoices(invoices));
		await measure('Xero: re-run of the same batch', sandbox, 'xero', invoices.length, () => ledger.createInvoices(invoices));
		const payments = invoices.slice(0, Math.min(200, invoices.length)).map((inv, i) => ({
			sourceId: `bench-pay-${i}`,
			invoice: { sourceId: inv.sourceId },
			amountMinor: 1000,
			currency: 'GBP',
			date: '2026-11-10',
			bankAccount: '090',
		}));
		await measure('Xero: record partial payments', sandbox, 'xero', payments.length, () => ledger.recordPayments(payments));
	} finally {
		await sandbox.stop();
	}
}

async function easyBillScenario(): Promise<void> {
	const sandbox = await startSandbox({ timeScale: TIME_SCALE, easybillPerMinute: 60 });
	try {
		const apiKey = sandbox.easybill.apiKey;
		const ledger = createEasyBillLedger({
			send: httpSend({ headers: () => ({ Authorization: `Bearer ${apiKey}` }) }),
			clock: scaledClock(sandbox.clock, TIME_SCALE),
			baseUrl: sandbox.urls.easybill,
			perMinute: 60,
			pacingMarginMs: 100 * TIME_SCALE,
		});
		const invoices = Array.from({ length: EASYBILL_INVOICES }, (_, i) => invoice('EUR', i, { taxRatePercent: 19 }));
		await measure('EasyBill: create invoices (60/min plan)', sandbox, 'easybill', invoices.length, () => ledger.createInvoices(invoices));
	} finally {
		await sandbox.stop();
	}
}

function coreArithmetic(): void {
	const lines = invoice('EUR', 1, { taxRatePercent: 19 }).lines;
	const n = 200_000;
	let started = performance.now();
	for (let i = 0; i < n; i++) documentTotals(lines, i % 2 ? 'exclusive' : 'inclusive');
	const totalsMs = performance.now() - started;
	started = performance.now();
	for (let i = 0; i < n; i++) toMinorUnits(`${i}.${i % 100}`, 'EUR');
	const parseMs = performance.now() - started;
	console.log(
		`\nCore arithmetic: ${Math.round((n / totalsMs) * 1000).toLocaleString('en')} three-line document totals/s, ` +
			`${Math.round((n / parseMs) * 1000).toLocaleString('en')} amount parses/s`,
	);
}

function printTable(): void {
	const headers: Array<[keyof Row, string]> = [
		['scenario', 'scenario'],
		['items', 'items'],
		['apiCalls', 'API calls'],
		['callsPerItem', 'calls/item'],
		['rateLimited', '429s'],
		['emulatedMin', 'emulated min'],
		['realSec', 'real s'],
		['heapMiB', 'heap +MiB'],
		['result', 'result'],
	];
	const widths = headers.map(([key, title]) => Math.max(title.length, ...rows.map((r) => String(r[key]).length)));
	const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
	console.log(line(headers.map(([, t]) => t)));
	console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
	for (const row of rows) console.log(line(headers.map(([key]) => String(row[key]))));
}

async function main(): Promise<void> {
	console.log(`Sandbox time runs ${TIME_SCALE}× faster than real time; API limits are the vendors' (Xero 60/min, 5 concurrent; EasyBill 60/min).\n`);
	await xeroScenarios();
	await easyBillScenario();
	printTable();
	coreArithmetic();
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
