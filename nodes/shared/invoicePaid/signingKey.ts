/**
 * Where the Xero webhook trigger finds its signing key: the Xero Webhook credential (version 2,
 * and version 1 once one is attached), or, for workflows saved by version 1, the old Signing Key
 * parameter, which keeps working but shows a notice asking to move the key into a credential.
 */
import {
	NodeOperationError,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type INodeCredentialTestResult,
	type IHookFunctions,
	type INodeProperties,
	type IWebhookFunctions,
} from 'n8n-workflow';

export const XERO_WEBHOOK_CREDENTIAL = 'xeroAccountingSyncWebhookApi';

/**
 * Xero offers no call to check a webhooks key against, so "Test" checks its form: Xero's keys
 * are long base64 strings. A wrong but well-formed key shows as 401s in Xero's portal.
 */
export async function testXeroSigningKey(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const key = String(credential.data?.signingSecret ?? '');
	if (key.trim() === '') return { status: 'Error', message: 'The Webhooks key is empty' };
	if (key !== key.trim() || /\s/.test(key)) {
		return { status: 'Error', message: 'The Webhooks key contains spaces or line breaks' };
	}
	if (key.length < 32) {
		return { status: 'Error', message: "This is shorter than a Xero app's Webhooks key" };
	}
	return { status: 'OK', message: 'The key has the form of a Xero Webhooks key' };
}

const v1Xero = { show: { ledger: ['xero'], '@version': [1] } };

export const legacySigningKeyProperties: INodeProperties[] = [
	{
		displayName:
			'The signing key is stored in this workflow, so it is exported and versioned with it. Create a <b>Xero Webhook Signing Key</b> credential with it, select it above and clear this field.',
		name: 'signingKeyNotice',
		type: 'notice',
		default: '',
		displayOptions: v1Xero,
	},
	{
		displayName: 'Signing Key (Deprecated)',
		name: 'signingKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'Deprecated: use the Xero Webhook Signing Key credential instead. Read only when no such credential is selected.',
		displayOptions: v1Xero,
	},
];

export const MISSING_KEY_MESSAGE = 'No Xero webhook signing key is set';
export const MISSING_KEY_HINT =
	"Create a 'Xero Webhook Signing Key (Accounting Sync) API' credential holding your Xero app's Webhooks key (developer.xero.com → My Apps → Webhooks) and select it in the trigger.";

/** The key, or undefined when neither the credential nor the old parameter holds one. */
export async function xeroSigningKeyOf(
	context: IWebhookFunctions | IHookFunctions,
): Promise<string | undefined> {
	const node = context.getNode();
	if (node.credentials?.[XERO_WEBHOOK_CREDENTIAL]) {
		const credential = await context.getCredentials(XERO_WEBHOOK_CREDENTIAL);
		const key = typeof credential.signingSecret === 'string' ? credential.signingSecret : '';
		// Only spaces is no key: every delivery would be checked against a guessable one.
		if (key.trim() !== '') return key;
	}
	if (node.typeVersion < 2) {
		const legacy = context.getNodeParameter('signingKey', '') as unknown;
		if (typeof legacy === 'string' && legacy !== '') return legacy;
	}
	return undefined;
}

/** On activation: refuse to start listening without a key, saying where to put one. */
export async function requireXeroSigningKey(context: IHookFunctions): Promise<void> {
	if ((await xeroSigningKeyOf(context)) !== undefined) return;
	// A credential is selected but its field is empty: name the field as the credential shows it.
	const selected = context.getNode().credentials?.[XERO_WEBHOOK_CREDENTIAL]?.name;
	const message = selected
		? `${MISSING_KEY_MESSAGE}: Webhooks Key in the credential "${selected}" is empty`
		: MISSING_KEY_MESSAGE;
	throw new NodeOperationError(context.getNode(), message, { description: MISSING_KEY_HINT });
}
