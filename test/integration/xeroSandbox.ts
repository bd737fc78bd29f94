/** Starts the sandbox and a Xero ledger for the UK demo org, for the Xero integration tests. */
import {
	createXeroGovernor,
	createXeroLedger,
	type XeroLedger,
	type XeroLedgerOptions,
} from '../../core/xero';
import type { Invoice } from '../../core/model';
import { startSandbox, type Sandbox } from '../../sandbox';
import { httpSend, scaledClock } from '../helpers/http';

export const TIME_SCALE = 60;

export interface XeroHarness {
	sandbox: Sandbox;
	tenantId: string;
	ledger(options?: Partial<XeroLedgerOptions>): XeroLedger;
	/** Log entries of Xero accounting writes for a path, e.g. ('PUT', '/Invoices'). */
	writes(method: string, path: string): ReturnType<Sandbox['log']['entries']>;
	specErrors(): string[];
}

export async function startXero(): Promise<XeroHarness> {
	const sandbox = await startSandbox({ timeScale: TIME_SCALE });
	const tokens = sandbox.xero.issueTokens();
	const tenantId = sandbox.xero.tenants[0].tenantId;
	const clock = scaledClock(sandbox.clock, TIME_SCALE);
	// One governor for the tenant, shared by every ledger the tests build, as nodes share one.
	// Real milliseconds of jitter are seconds of emulated time: scale the pacing margin with it.
	const governor = createXeroGovernor(clock, 100 * TIME_SCALE);
	return {
		sandbox,
		tenantId,
		ledger: (options = {}) =>
			createXeroLedger({
				send: httpSend({ headers: () => ({ Authorization: `Bearer ${tokens.accessToken}` }) }),
				clock,
				governor,
				tenantId,
				apiBaseUrl: sandbox.urls.xero,
				secrets: [tokens.accessToken, tokens.refreshToken],
				...options,
			}),
		writes: (method, path) =>
			sandbox.log.entries({ service: 'xero', method, path: `/api.xro/2.0${path}` }),
		specErrors: () =>
			sandbox.log
				.entries({ service: 'xero' })
				.flatMap((e) => (e.specErrors ?? []).map((s) => `${e.method} ${e.path}: ${s}`)),
	};
}

let serial = 0;
export function salesInvoice(prefix: string, i: number, overrides: Partial<Invoice> = {}): Invoice {
	serial += 1;
	return {
		sourceId: `${prefix}-${i}`,
		contact: {
			contact: { sourceId: `${prefix}-cus-${i % 7}`, name: `${prefix} Customer ${i % 7}` },
		},
		issueDate: '2026-11-02',
		dueDate: '2026-11-30',
		currency: 'GBP',
		lines: [
			{
				description: `Plan ${i}`,
				quantity: 1,
				unitPriceMinor: 1000 + i,
				accountCode: '200',
				taxRatePercent: 20,
			},
			{
				description: 'Seats',
				quantity: 2.5,
				unitPriceMinor: 399,
				accountCode: '200',
				taxType: 'OUTPUT2',
			},
		],
		taxMode: 'exclusive',
		status: 'final',
		...overrides,
	};
}
