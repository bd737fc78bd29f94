import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export const EASYBILL_BASE_URL = 'https://api.easybill.de/rest/v1';

/** Requests per minute EasyBill allows per plan; the node paces itself to stay under them. */
export const EASYBILL_PLAN_LIMITS = { plus: 10, business: 60 } as const;

export class EasyBillAccountingSyncApi implements ICredentialType {
	name = 'easyBillAccountingSyncApi';

	displayName = 'EasyBill (Accounting Sync) API';

	documentationUrl = 'https://www.easybill.de/api/';

	icon = { light: 'file:easybill.svg', dark: 'file:easybill.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Create it in EasyBill under Settings → API',
		},
		{
			displayName: 'Plan',
			name: 'plan',
			type: 'options',
			options: [
				{ name: 'BUSINESS (60 Requests per Minute)', value: 'business' },
				{ name: 'PLUS (10 Requests per Minute)', value: 'plus' },
			],
			default: 'business',
			description: 'Your EasyBill plan decides the rate limit; the node paces its calls to stay under it',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: EASYBILL_BASE_URL,
			description: 'Change only for a proxy or the local sandbox',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.baseUrl || "${EASYBILL_BASE_URL}"}}`,
			url: '/customers',
			qs: { limit: 1 },
		},
	};
}
