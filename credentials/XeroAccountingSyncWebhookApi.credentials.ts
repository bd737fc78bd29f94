import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The signing key ("Webhooks key") of a Xero app, which the Invoice Paid trigger checks every
 * delivery against. It is a secret: kept here, encrypted by n8n, instead of in a node parameter,
 * which would be stored in plain workflow JSON and exported or pushed to git with the workflow.
 * Xero has no API to check it with; a wrong key shows as 401 answers in the developer portal.
 */
export class XeroAccountingSyncWebhookApi implements ICredentialType {
	name = 'xeroAccountingSyncWebhookApi';

	displayName = 'Xero Webhook Signing Key (Accounting Sync) API';

	documentationUrl = 'https://developer.xero.com/documentation/guides/webhooks/overview/';

	icon = { light: 'file:xero.svg', dark: 'file:xero.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Webhooks Key',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"Your Xero app's Webhooks key: developer.xero.com → My Apps → your app → Webhooks",
		},
	];
}
