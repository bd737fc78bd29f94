/**
 * A credential with a field left empty (or edited into something n8n's form would not produce)
 * is refused before any call, with the field named as the credential shows it: an empty EasyBill
 * API Key would otherwise go out as "Bearer " and come back as a vendor 401, a pasted key with a
 * line break as Node's "Invalid character in header content", a Xero credential never connected
 * as n8n-core's "Unable to sign without access token". Values are never echoed: they are secrets
 * or may carry some (a proxy URL with a password).
 */
import { NodeOperationError, type ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { LedgerContext } from './ledgerContext';

type Credentials = ICredentialDataDecryptedObject;

/** "the credential "EasyBill live"": the one the node has selected, as the user named it. */
function credentialOf(ctx: LedgerContext, credentialType: string): string {
	const name = ctx.getNode().credentials?.[credentialType]?.name;
	return name ? `the credential "${name}"` : 'the credential';
}

function refuse(ctx: LedgerContext, message: string): never {
	throw new NodeOperationError(ctx.getNode(), message);
}

const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

/** A base URL left empty means the vendor's own; one set must be a web address. */
function checkBaseUrl(ctx: LedgerContext, type: string, field: string, value: unknown): void {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return;
	let url: URL | undefined;
	try {
		url = new URL(String(value).trim());
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		refuse(ctx, `${field}: in ${credentialOf(ctx, type)} it is not a web address (https://…); correct it or clear it for the default`);
	}
}

export function checkEasyBillCredential(ctx: LedgerContext, type: string, credentials: Credentials): void {
	const key = credentials.apiKey;
	const credential = credentialOf(ctx, type);
	if (blank(key)) {
		refuse(ctx, `API Key: ${credential} has none; enter the key from EasyBill (Settings → API)`);
	}
	if (/[\s\u0000-\u001f\u007f]/.test(String(key))) {
		refuse(ctx, `API Key: in ${credential} it contains spaces, line breaks or control characters; paste the key alone`);
	}
	const plan = credentials.plan;
	if (plan !== undefined && plan !== 'business' && plan !== 'plus') {
		refuse(ctx, `Plan: in ${credential} it is not one of the plans; choose BUSINESS or PLUS`);
	}
	checkBaseUrl(ctx, type, 'Base URL', credentials.baseUrl);
}

export function checkXeroCredential(ctx: LedgerContext, type: string, credentials: Credentials): void {
	const token = credentials.oauthTokenData as Record<string, unknown> | undefined;
	const credential = credentialOf(ctx, type);
	if (blank(credentials.clientId)) {
		refuse(ctx, `Client ID: ${credential} has none; copy it from your app at developer.xero.com → My Apps`);
	}
	if (blank(credentials.clientSecret)) {
		refuse(ctx, `Client Secret: ${credential} has none; generate one for your app at developer.xero.com → My Apps`);
	}
	if (!token || typeof token !== 'object' || blank(token.access_token)) {
		refuse(ctx, `Xero is not connected in ${credential}: open it and click "Connect my account"`);
	}
	checkBaseUrl(ctx, type, 'API Base URL', credentials.apiBaseUrl);
	checkBaseUrl(ctx, type, 'Identity Base URL', credentials.identityBaseUrl);
}
