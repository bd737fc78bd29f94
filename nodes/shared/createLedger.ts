/**
 * Builds the ledger a node works with from its parameters and credential: which ledger, the Xero
 * organisation, base URLs and plan limits, n8n's authenticated request helper as transport, and the
 * rate governor the whole process shares for that account (see governorRegistry.ts).
 */
import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { EASYBILL_PLAN_LIMITS } from '../../credentials/EasyBillAccountingSyncApi.credentials';
import {
	createEasyBillLedger,
	createEasyBillGovernor,
	type EasyBillLedger,
} from '../../core/easybill';
import type { RateGovernor } from '../../core/governor';
import type { LedgerKind } from '../../core/model';
import { createXeroGovernor, createXeroLedger, type XeroLedger } from '../../core/xero';
import { EASYBILL_CREDENTIAL, XERO_CREDENTIAL, isLedgerKind } from './credentialTypes';
import { n8nClock } from './n8nClock';
import { governorFor } from './governorRegistry';
import { n8nSend } from './n8nSend';
import { testSeams } from './testSeams';

export type LedgerContext =
	IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IPollFunctions | IWebhookFunctions;

export type AnyLedger = XeroLedger | EasyBillLedger;

export interface LedgerFromContextOptions {
	/** Called on every rate-limit or retry wait (e.g. to log it). */
	onWait?(delayMs: number, reason: string): void;
}

/** Reads a node parameter from any context kind (execute needs the item index, the others do not). */
export function readParameter(
	ctx: LedgerContext,
	name: string,
	itemIndex = 0,
	options: { extractValue?: boolean } = {},
): unknown {
	if ('getInputData' in ctx && typeof ctx.getInputData === 'function') {
		return (ctx as IExecuteFunctions).getNodeParameter(name, itemIndex, undefined, options);
	}
	if ('getCurrentNodeParameter' in ctx && typeof ctx.getCurrentNodeParameter === 'function') {
		const current = ctx.getCurrentNodeParameter(name, options);
		if (current !== undefined) return current;
	}
	return (ctx as IPollFunctions).getNodeParameter(name, undefined, options);
}

export function ledgerKindOf(ctx: LedgerContext, itemIndex = 0): LedgerKind {
	const kind = readParameter(ctx, 'ledger', itemIndex);
	if (!isLedgerKind(kind)) {
		throw new NodeOperationError(ctx.getNode(), `Unknown ledger "${String(kind)}"`, { itemIndex });
	}
	return kind;
}

/** The chosen Xero organisation; never a silent default, since that would book into the wrong company. */
export function tenantIdOf(ctx: LedgerContext, itemIndex = 0): string {
	const value = readParameter(ctx, 'tenantId', itemIndex, { extractValue: true });
	const tenantId = typeof value === 'string' ? value.trim() : '';
	if (!tenantId) {
		throw new NodeOperationError(ctx.getNode(), 'Choose the Xero organisation', {
			itemIndex,
			description: 'Pick it in "Organisation" from the list, or enter its tenant ID.',
		});
	}
	return tenantId;
}

export async function createLedgerFromContext(
	ctx: LedgerContext,
	itemIndex = 0,
	options: LedgerFromContextOptions = {},
): Promise<AnyLedger> {
	const kind = ledgerKindOf(ctx, itemIndex);
	const tenantId = kind === 'xero' ? tenantIdOf(ctx, itemIndex) : undefined;
	if (testSeams.ledgerFactory) return testSeams.ledgerFactory({ kind, tenantId }) as AnyLedger;
	const clock = n8nClock();
	const extra = testSeams.ledgerOptions ?? {};
	if (kind === 'xero') {
		const credentials = await ctx.getCredentials(XERO_CREDENTIAL);
		return createXeroLedger({
			send: n8nSend(ctx, XERO_CREDENTIAL, { timeoutMs: extra.timeoutMs }),
			clock,
			tenantId: tenantId as string,
			apiBaseUrl: baseUrlOf(credentials.apiBaseUrl),
			governor: sharedGovernor(
				ctx,
				XERO_CREDENTIAL,
				tenantId as string,
				() => createXeroGovernor(clock, extra.pacingMarginMs),
			),
			secrets: xeroSecrets(credentials),
			retry: extra.retry,
			onWait: options.onWait,
		});
	}
	const credentials = await ctx.getCredentials(EASYBILL_CREDENTIAL);
	const perMinute =
		credentials.plan === 'plus' ? EASYBILL_PLAN_LIMITS.plus : EASYBILL_PLAN_LIMITS.business;
	return createEasyBillLedger({
		send: n8nSend(ctx, EASYBILL_CREDENTIAL, {
			refreshOn401: false,
			timeoutMs: extra.timeoutMs,
		}),
		clock,
		baseUrl: baseUrlOf(credentials.baseUrl),
		perMinute,
		governor: sharedGovernor(ctx, EASYBILL_CREDENTIAL, `plan:${perMinute}`, () =>
			createEasyBillGovernor(perMinute, clock, extra.pacingMarginMs),
		),
		secrets: [stringOf(credentials.apiKey)],
		retry: extra.retry,
		onWait: options.onWait,
	});
}

/** The Xero API base URL from the credential (the sandbox and proxies override it). */
export function baseUrlOf(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim().replace(/\/+$/, '') : undefined;
}

function xeroSecrets(credentials: ICredentialDataDecryptedObject): string[] {
	const token = (credentials.oauthTokenData ?? {}) as Record<string, unknown>;
	return [
		stringOf(credentials.clientSecret),
		stringOf(token.access_token),
		stringOf(token.refresh_token),
		stringOf(token.id_token),
	].filter(Boolean);
}

function stringOf(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/**
 * The process-wide governor of this account, or undefined when the node names no saved credential
 * (then the ledger paces only its own calls).
 */
function sharedGovernor(
	ctx: LedgerContext,
	credentialType: string,
	scope: string,
	create: () => RateGovernor,
): RateGovernor | undefined {
	const details = ctx.getNode().credentials?.[credentialType];
	const credential = details?.id ?? details?.name;
	if (!credential) return undefined;
	return governorFor({ credentialType, credential, scope }, create);
}

export function isXeroLedger(ledger: AnyLedger): ledger is XeroLedger {
	return ledger.kind === 'xero';
}
