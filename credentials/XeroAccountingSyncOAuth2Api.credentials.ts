import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Xero's scopes changed for apps created since 2 March 2026 (granular only); older apps still use
 * `accounting.transactions`. Both presets ask for `offline_access`, without which n8n cannot refresh.
 */
export const XERO_SCOPE_PRESETS = {
	granular:
		'offline_access openid profile email accounting.contacts accounting.invoices accounting.payments accounting.settings.read accounting.attachments',
	legacy:
		'offline_access openid profile email accounting.contacts accounting.transactions accounting.settings.read accounting.attachments',
} as const;

export const XERO_API_BASE_URL = 'https://api.xero.com';
export const XERO_IDENTITY_BASE_URL = 'https://identity.xero.com';

const scopeExpression =
	`={{ $self["scopePreset"] === "legacy" ? "${XERO_SCOPE_PRESETS.legacy}" : ` +
	`$self["scopePreset"] === "custom" ? ("offline_access " + ($self["customScopes"] || "")).trim() : ` +
	`"${XERO_SCOPE_PRESETS.granular}" }}`;

// Xero's consent page lives on login.xero.com; a sandbox or proxy serves both from one host.
const authUrlExpression =
	`={{ ($self["identityBaseUrl"] || "${XERO_IDENTITY_BASE_URL}") === "${XERO_IDENTITY_BASE_URL}" ? ` +
	`"https://login.xero.com" : $self["identityBaseUrl"] }}/identity/connect/authorize`;

export class XeroAccountingSyncOAuth2Api implements ICredentialType {
	name = 'xeroAccountingSyncOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Xero (Accounting Sync) OAuth2 API';

	documentationUrl = 'https://developer.xero.com/documentation/guides/oauth2/auth-flow/';

	icon = { light: 'file:xero.svg', dark: 'file:xero.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Scopes',
			name: 'scopePreset',
			type: 'options',
			options: [
				{
					name: 'Granular (Apps Created Since March 2026)',
					value: 'granular',
					description: XERO_SCOPE_PRESETS.granular,
				},
				{
					name: 'Legacy (accounting.transactions)',
					value: 'legacy',
					description: XERO_SCOPE_PRESETS.legacy,
				},
				{
					name: 'Custom',
					value: 'custom',
				},
			],
			default: 'granular',
			description:
				'Which scopes your Xero app has. Apps created since 2 March 2026 only have granular scopes.',
		},
		{
			displayName: 'Custom Scopes',
			name: 'customScopes',
			type: 'string',
			default: 'accounting.contacts accounting.invoices accounting.payments accounting.settings.read accounting.attachments',
			displayOptions: { show: { scopePreset: ['custom'] } },
			description: 'Space-separated Xero scopes. offline_access is always added.',
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: XERO_API_BASE_URL,
			description: 'Change only for a proxy or the local sandbox',
		},
		{
			displayName: 'Identity Base URL',
			name: 'identityBaseUrl',
			type: 'string',
			default: XERO_IDENTITY_BASE_URL,
			description: 'Change only for a proxy or the local sandbox',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: authUrlExpression,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ $self["identityBaseUrl"] || "${XERO_IDENTITY_BASE_URL}" }}/connect/token`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: scopeExpression,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'header',
		},
	];
}
