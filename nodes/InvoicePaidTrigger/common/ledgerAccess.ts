/**
 * How the Invoice Paid triggers reach a ledger from inside n8n: the credential of the chosen
 * ledger, n8n's authenticated request helper as the core's `send`, and a clock.
 *
 * INTERIM: nodes/shared (n8nSend, n8nClock, createLedgerFromContext, toNodeError) is being written
 * by another engineer; this file is the only place that will switch to it.
 */
import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IHookFunctions,
	type IHttpRequestOptions,
	type IPollFunctions,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { createEasyBillLedger, type EasyBillLedger } from '../../../core/easybill';
import { LedgerError } from '../../../core/errors';
import type { Ledger } from '../../../core/ledger';
import { NoResponseError, type Clock, type HttpResponse, type Send } from '../../../core/transport';
import { createXeroLedger, type XeroLedger } from '../../../core/xero';
import type { TriggerLedger } from './ledgerParameters';

type TriggerContext = IHookFunctions | IWebhookFunctions | IPollFunctions;

const XERO_CREDENTIAL = 'xeroAccountingSyncOAuth2Api';
const EASYBILL_CREDENTIAL = 'easyBillAccountingSyncApi';

export function clockOf(): Clock {
	return { now: () => Date.now(), sleep: async (ms) => await sleep(ms) };
}

export function tenantIdOf(context: IWebhookFunctions | IPollFunctions | IHookFunctions): string {
	const value = context.getNodeParameter('tenantId', undefined, { extractValue: true }) as unknown;
	const tenantId = typeof value === 'string' ? value.trim() : '';
	if (!tenantId) {
		throw new NodeOperationError(context.getNode(), 'Choose the Xero organisation to watch', {
			description: 'Pick it from the list, or enter its tenant ID.',
		});
	}
	return tenantId;
}

function sendVia(context: TriggerContext, credentialType: string): Send {
	return async (request): Promise<HttpResponse> => {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			qs: request.query as IDataObject | undefined,
			headers: { Accept: 'application/json', ...request.headers },
			body: request.body as IDataObject | undefined,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		let response: { statusCode: number; headers: Record<string, unknown>; body: unknown };
		try {
			response = await context.helpers.httpRequestWithAuthentication.call(context, credentialType, options);
		} catch (error) {
			throw new NoResponseError((error as Error).message);
		}
		const headers: Record<string, string | undefined> = {};
		for (const [name, value] of Object.entries(response.headers ?? {})) {
			headers[name.toLowerCase()] = value == null ? undefined : String(value);
		}
		return { status: response.statusCode, headers, body: response.body === '' ? undefined : response.body };
	};
}

export async function xeroLedgerFor(context: TriggerContext, tenantId: string, clock: Clock): Promise<XeroLedger> {
	const credentials = await context.getCredentials(XERO_CREDENTIAL);
	return createXeroLedger({
		send: sendVia(context, XERO_CREDENTIAL),
		clock,
		tenantId,
		apiBaseUrl: typeof credentials.apiBaseUrl === 'string' && credentials.apiBaseUrl ? credentials.apiBaseUrl : undefined,
	});
}

export async function easyBillLedgerFor(context: TriggerContext, clock: Clock): Promise<EasyBillLedger> {
	const credentials = await context.getCredentials(EASYBILL_CREDENTIAL);
	return createEasyBillLedger({
		send: sendVia(context, EASYBILL_CREDENTIAL),
		clock,
		baseUrl: typeof credentials.baseUrl === 'string' && credentials.baseUrl ? credentials.baseUrl : undefined,
		perMinute: credentials.plan === 'plus' ? 10 : 60,
		secrets: [String(credentials.apiKey ?? '')],
	});
}

export async function ledgerFor(
	context: TriggerContext,
	ledger: TriggerLedger,
	tenantId: string | undefined,
	clock: Clock,
): Promise<Ledger> {
	return ledger === 'xero' ? await xeroLedgerFor(context, tenantId ?? '', clock) : await easyBillLedgerFor(context, clock);
}

/** A ledger failure as the n8n error the user sees on the failed execution. */
export function triggerError(context: TriggerContext, error: unknown): Error {
	if (error instanceof LedgerError) {
		return new NodeApiError(context.getNode(), { message: error.message, kind: error.kind } as JsonObject, {
			message: error.message,
			description: error.vendorMessage,
			httpCode: error.httpStatus === undefined ? undefined : String(error.httpStatus),
		});
	}
	return error instanceof Error ? error : new Error(String(error));
}
