/**
 * n8n credentials (plain data for `n8n import:credentials`) that point the package's credential
 * types at a running sandbox through their base-URL override fields, as a user with a proxy would.
 */
import type { Sandbox } from '../../sandbox';
import { n8nId, type CredentialJson } from './n8n-host';

export const XERO_CREDENTIAL_TYPE = 'xeroAccountingSyncOAuth2Api';
export const EASYBILL_CREDENTIAL_TYPE = 'easyBillAccountingSyncApi';
export const XERO_WEBHOOK_CREDENTIAL_TYPE = 'xeroAccountingSyncWebhookApi';

export function sandboxCredentials(sandbox: Sandbox): CredentialJson[] {
	// The token pair a completed consent flow would have stored in the credential.
	const tokens = sandbox.xero.issueTokens();
	return [
		{
			id: n8nId(),
			name: 'Xero (sandbox)',
			type: XERO_CREDENTIAL_TYPE,
			data: {
				clientId: sandbox.xero.clientId,
				clientSecret: sandbox.xero.clientSecret,
				scopePreset: 'granular',
				apiBaseUrl: sandbox.urls.xero,
				identityBaseUrl: sandbox.urls.xero,
				oauthTokenData: {
					access_token: tokens.accessToken,
					refresh_token: tokens.refreshToken,
					token_type: 'Bearer',
					expires_in: tokens.expiresIn,
				},
			},
		},
		{
			id: n8nId(),
			name: 'Xero webhooks key (sandbox)',
			type: XERO_WEBHOOK_CREDENTIAL_TYPE,
			data: { signingSecret: sandbox.xero.webhookKey },
		},
		{
			id: n8nId(),
			name: 'EasyBill (sandbox)',
			type: EASYBILL_CREDENTIAL_TYPE,
			data: { apiKey: sandbox.easybill.apiKey, plan: 'business', baseUrl: sandbox.urls.easybill },
		},
	];
}
