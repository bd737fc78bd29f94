/**
 * The two ledgers this package ships, registered once: Xero (OAuth2, an organisation per tenant,
 * tax codes and accounts) and EasyBill (API key, tax percentages). Each `create` turns n8n's
 * credential into the core ledger's options: base URL, plan limits, n8n's authenticated request
 * helper as transport, the process-wide governor of the account and the secrets to scrub.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { EASYBILL_PLAN_LIMITS } from '../../credentials/EasyBillAccountingSyncApi.credentials';
import { createEasyBillGovernor, createEasyBillLedger } from '../../core/easybill';
import * as easyBill from '../../core/easybill/validation';
import type { RateGovernor } from '../../core/governor';
import { createXeroGovernor, createXeroLedger, type SharedTaxRates } from '../../core/xero';
import * as xero from '../../core/xero/validate';
import { checkEasyBillCredential, checkXeroCredential } from './credentialChecks';
import { EASYBILL_CREDENTIAL, XERO_CREDENTIAL } from './credentialNames';
import { governorFor, taxRatesFor } from './governorRegistry';
import type { LedgerContext } from './ledgerContext';
import { LedgerError } from '../../core/errors';
import type { Check, LedgerRegistration } from './ledgerRegistry';
import { n8nSend } from './n8nSend';

/** A base URL from a credential (the sandbox and proxies override it). */
export function baseUrlOf(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim().replace(/\/+$/, '') : undefined;
}

function stringOf(value: unknown): string {
	return typeof value === 'string' ? value : '';
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

/** The organisation's tax rates kept for the process, when the node names a saved credential. */
function sharedTaxRates(ctx: LedgerContext, tenantId: string): SharedTaxRates | undefined {
	const details = ctx.getNode().credentials?.[XERO_CREDENTIAL];
	const credential = details?.id ?? details?.name;
	if (!credential) return undefined;
	return taxRatesFor({ credentialType: XERO_CREDENTIAL, credential, scope: tenantId });
}

/** Wraps a check that throws (EasyBill's validators) into the registry's one signature. */
function throwingCheck<T>(check: (input: T) => unknown): Check<T> {
	return (input, itemIndex) => {
		try {
			check(input);
			return undefined;
		} catch (error) {
			if (error instanceof LedgerError) return error.forItem(itemIndex);
			const message = error instanceof Error ? error.message : String(error);
			return new LedgerError(message, { kind: 'unknown', itemIndex });
		}
	};
}

export const xeroRegistration: LedgerRegistration = {
	kind: 'xero',
	displayName: 'Xero',
	description: 'Xero, OAuth2',
	credentialType: XERO_CREDENTIAL,
	organisation: 'tenant',
	fields: {
		lineTaxPercent: false,
		lineTaxTypeAndAccount: true,
		bankAccount: true,
		contactDefaults: true,
		sendRecipients: false,
		trackingCategories: true,
		currencyRate: true,
	},
	checks: {
		contact: xero.validateContact,
		invoice: xero.validateInvoice,
		payment: xero.validatePayment,
		creditNote: xero.validateCreditNote,
	},
	async create(ctx, build) {
		const tenantId = build.tenantId ?? '';
		const credentials = await ctx.getCredentials(XERO_CREDENTIAL);
		checkXeroCredential(ctx, XERO_CREDENTIAL, credentials);
		return createXeroLedger({
			send: n8nSend(ctx, XERO_CREDENTIAL, { timeoutMs: build.timeoutMs }),
			clock: build.clock,
			tenantId,
			apiBaseUrl: baseUrlOf(credentials.apiBaseUrl),
			governor: sharedGovernor(ctx, XERO_CREDENTIAL, tenantId, () =>
				createXeroGovernor(build.clock, build.pacingMarginMs),
			),
			sharedTaxRates: sharedTaxRates(ctx, tenantId),
			secrets: xeroSecrets(credentials),
			retry: build.retry,
			onWait: build.onWait,
		});
	},
};

export const easyBillRegistration: LedgerRegistration = {
	kind: 'easybill',
	displayName: 'EasyBill',
	description: 'EasyBill (Germany), API key',
	credentialType: EASYBILL_CREDENTIAL,
	organisation: 'none',
	fields: {
		lineTaxPercent: true,
		lineTaxTypeAndAccount: false,
		bankAccount: false,
		contactDefaults: false,
		sendRecipients: true,
	},
	// EasyBill keeps no currency list of its own; any ISO code can be typed as well.
	currencies: ['EUR', 'CHF', 'GBP', 'USD', 'PLN', 'CZK', 'DKK', 'SEK', 'NOK'],
	checks: {
		contact: throwingCheck(easyBill.validateContact),
		invoice: throwingCheck(easyBill.validateInvoice),
		payment: throwingCheck(easyBill.validatePayment),
		creditNote: throwingCheck(easyBill.validateCreditNote),
	},
	async create(ctx, build) {
		const credentials = await ctx.getCredentials(EASYBILL_CREDENTIAL);
		checkEasyBillCredential(ctx, EASYBILL_CREDENTIAL, credentials);
		const perMinute =
			credentials.plan === 'plus' ? EASYBILL_PLAN_LIMITS.plus : EASYBILL_PLAN_LIMITS.business;
		return createEasyBillLedger({
			send: n8nSend(ctx, EASYBILL_CREDENTIAL, { refreshOn401: false, timeoutMs: build.timeoutMs }),
			clock: build.clock,
			baseUrl: baseUrlOf(credentials.baseUrl),
			perMinute,
			governor: sharedGovernor(ctx, EASYBILL_CREDENTIAL, `plan:${perMinute}`, () =>
				createEasyBillGovernor(perMinute, build.clock, build.pacingMarginMs),
			),
			secrets: [stringOf(credentials.apiKey)],
			retry: build.retry,
			onWait: build.onWait,
		});
	},
};
