/**
 * Builds the ledger a node works with from its parameters and credential: which ledger, the Xero
 * organisation, base URLs and plan limits, n8n's authenticated request helper as transport, and a
 * rate governor shared by every node of the same execution that talks to the same account.
 */
import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type ILoadOptionsFunctions,
	type INode,
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
			send: n8nSend(ctx, XERO_CREDENTIAL),
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
		send: n8nSend(ctx, EASYBILL_CREDENTIAL, { refreshOn401: false }),
		clock,
		baseUrl: baseUrlOf(credentials.baseUrl),
		perMinute,
		governor: sharedGovernor(ctx, EASYBILL_CREDENTIAL, '', () =>
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

// One governor per execution and account: two Accounting Sync nodes in one run (contacts, then
// invoices) share Xero's 60/min and EasyBill's plan budget instead of each assuming it has all of it.
const GOVERNORS = new Map<string, RateGovernor>();
const MAX_GOVERNORS = 64;

function sharedGovernor(
	ctx: LedgerContext,
	credentialType: string,
	scope: string,
	create: () => RateGovernor,
): RateGovernor | undefined {
	const executionId = 'getExecutionId' in ctx ? ctx.getExecutionId() : undefined;
	// Pickers and webhooks have no execution to share with; each gets its own.
	if (!executionId) return undefined;
	return remember(keyOf(ctx.getNode(), executionId, credentialType, scope), create);
}

function keyOf(node: INode, executionId: string, credentialType: string, scope: string): string {
	const credentialId =
		node.credentials?.[credentialType]?.id ?? node.credentials?.[credentialType]?.name ?? '';
	return `${executionId}|${credentialType}|${credentialId}|${scope}`;
}

function remember(key: string, create: () => RateGovernor): RateGovernor {
	let governor = GOVERNORS.get(key);
	if (!governor) {
		governor = create();
		GOVERNORS.set(key, governor);
		// Bounded: old executions' governors are dropped first (Map keeps insertion order).
		while (GOVERNORS.size > MAX_GOVERNORS)
			GOVERNORS.delete(GOVERNORS.keys().next().value as string);
	}
	return governor;
}

export function isXeroLedger(ledger: AnyLedger): ledger is XeroLedger {
	return ledger.kind === 'xero';
}
