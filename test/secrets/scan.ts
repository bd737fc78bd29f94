/**
 * The secrets scan every suite can use: which known secrets (Xero client secret, access and
 * refresh tokens as issued and refreshed, the webhook signing key, the EasyBill API key, an
 * EasyBill webhook URL token) appear in the texts a run captured. Hits are named by index and the
 * secret's last six characters, so the report itself leaks nothing.
 */
import type { Sandbox } from '../../sandbox';
import type { TestCredentialsHelper } from '../node/harness';

/** Every secret the sandbox and the stored credentials hold, at least 8 characters long. */
export function knownSecrets(sandbox: Sandbox, credentialsHelper?: TestCredentialsHelper, extra: unknown[] = []): string[] {
	const tokenData = (data: unknown) => {
		const tokens = ((data ?? {}) as { oauthTokenData?: Record<string, unknown> }).oauthTokenData ?? {};
		return [tokens.access_token, tokens.refresh_token];
	};
	const stored = credentialsHelper
		? [
				...tokenData(credentialsHelper.get('xeroAccountingSyncOAuth2Api')),
				credentialsHelper.get('easyBillAccountingSyncApi')?.apiKey,
				credentialsHelper.get('xeroAccountingSyncWebhookApi')?.signingSecret,
				...credentialsHelper.events.flatMap((e) => tokenData(e.data)),
			]
		: [];
	const all = [sandbox.xero.clientSecret, sandbox.xero.webhookKey, sandbox.easybill.apiKey, ...stored, ...extra];
	return [...new Set(all.filter((s): s is string => typeof s === 'string' && s.length >= 8))];
}

/** `index: …abcdef` for each secret found in each text. */
export function secretHits(texts: unknown[], secrets: string[]): string[] {
	return texts.flatMap((text, index) => {
		const value = typeof text === 'string' ? text : JSON.stringify(text) ?? '';
		return secrets.filter((secret) => value.includes(secret)).map((secret) => `${index}: …${secret.slice(-6)}`);
	});
}

/** The parts of the sandbox's request log that a leak would land in: paths and queries. */
export function requestLogTexts(sandbox: Sandbox): string[] {
	return sandbox.log.entries().map((e) => `${e.method} ${e.path}?${e.query}`);
}
