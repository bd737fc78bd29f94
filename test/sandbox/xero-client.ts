/** Test helpers for the Xero emulator: a started sandbox plus an axios client that never throws on status. */
import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios';

import { startSandbox, type Sandbox, type StartSandboxOptions } from '../../sandbox';

export interface XeroFixture {
	sandbox: Sandbox;
	accessToken: string;
	refreshToken: string;
	uk: string;
	au: string;
	/** Accounting API client for the UK tenant (override headers per call for others). */
	api: AxiosInstance;
	/** Client rooted at the emulator origin (identity, connections). */
	http: AxiosInstance;
}

/** Starts a sandbox; unless a test is about limits, the per-minute budget is raised out of the way. */
export async function startXero(options: StartSandboxOptions = {}): Promise<XeroFixture> {
	const sandbox = await startSandbox({
		...options,
		xeroLimits: { perMinute: 1000, ...options.xeroLimits },
	});
	const tokens = sandbox.xero.issueTokens();
	const [uk, au] = sandbox.xero.tenants.map((t) => t.tenantId);
	const api = axios.create({
		baseURL: `${sandbox.urls.xero}/api.xro/2.0`,
		validateStatus: () => true,
		headers: {
			Authorization: `Bearer ${tokens.accessToken}`,
			'xero-tenant-id': uk,
			Accept: 'application/json',
		},
	});
	const http = axios.create({ baseURL: sandbox.urls.xero, validateStatus: () => true });
	return {
		sandbox,
		accessToken: tokens.accessToken,
		refreshToken: tokens.refreshToken,
		uk,
		au,
		api,
		http,
	};
}

export const forTenant = (
	tenantId: string,
	extra: AxiosRequestConfig['headers'] = {},
): AxiosRequestConfig => ({
	headers: { 'xero-tenant-id': tenantId, ...extra },
});

/** An AUTHORISED UK sales invoice for `contactName`, shaped like Xero's documented example. */
export function salesInvoice(contactName: string, overrides: Record<string, unknown> = {}) {
	return {
		Type: 'ACCREC',
		Contact: { Name: contactName },
		Date: '2026-01-15',
		DueDate: '2026-02-14',
		LineAmountTypes: 'Exclusive',
		Status: 'AUTHORISED',
		LineItems: [
			{
				Description: 'Consulting services',
				Quantity: 2,
				UnitAmount: 50,
				AccountCode: '200',
				TaxType: 'OUTPUT2',
			},
		],
		...overrides,
	};
}
