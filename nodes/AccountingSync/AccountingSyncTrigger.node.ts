import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { searchTenants, toNodeError } from '../shared';
import {
	checkedChoice,
	checkedOptions,
	passPaidItemsOrFail,
	testXeroSigningKey,
} from '../shared/invoicePaid';
import { ledgerSubtitle } from '../shared/ledgerParameters';
import { invoicePaidTriggerProperties } from '../InvoicePaidTrigger/description';
import { invoicePaidWebhookOf } from '../InvoicePaidTrigger/webhookLedgers';

/** Emit and Options as the user set them, checked when the workflow is activated. */
function checkSettings(context: IHookFunctions): void {
	const property = (name: string) =>
		invoicePaidTriggerProperties.find((p) => p.name === name) as INodeProperties;
	checkedChoice(context.getNode(), property('emitOn'), context.getNodeParameter('emitOn', 'paid'));
	checkedOptions(context.getNode(), property('options'), context.getNodeParameter('options', {}));
}

/** Runs a webhook life-cycle step; a ledger failure reaches the user as an n8n error with a hint. */
async function asNodeErrors(
	context: IHookFunctions,
	step: (this: IHookFunctions) => Promise<boolean>,
): Promise<boolean> {
	try {
		return await step.call(context);
	} catch (error) {
		throw toNodeError(context, error);
	}
}

export class AccountingSyncTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Accounting Sync Invoice Paid Trigger',
		name: 'accountingSyncTrigger',
		icon: { light: 'file:invoicePaid.svg', dark: 'file:invoicePaid.dark.svg' },
		group: ['trigger'],
		// 2: the Xero signing key lives in a credential; 1 still reads the old parameter.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: ledgerSubtitle(),
		description: 'Starts the workflow the moment an invoice is paid in Xero or EasyBill (webhooks)',
		defaults: { name: 'Invoice Paid' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			// Written out (not spread from triggerCredentials) so n8n's scanner can read them.
			{ name: 'xeroAccountingSyncOAuth2Api', required: true, displayOptions: { hide: { ledger: ['easybill'] } } },
			{ name: 'easyBillAccountingSyncApi', required: true, displayOptions: { hide: { ledger: ['xero'] } } },
			// Optional for n8n's activation check, so version-1 workflows holding the old Signing Key
			// parameter still activate; without any key, activation fails saying what to do.
			{
				name: 'xeroAccountingSyncWebhookApi',
				displayName: 'Xero Webhook Signing Key',
				required: false,
				displayOptions: { show: { ledger: ['xero'] } },
				testedBy: 'xeroWebhookSigningKey',
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// The node answers the request itself (Xero wants an empty 200 or a 401).
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: invoicePaidTriggerProperties,
	};

	methods = {
		listSearch: { searchTenants },
		credentialTest: { xeroWebhookSigningKey: testXeroSigningKey },
	};

	// Each ledger's own webhook path (InvoicePaidTrigger/webhookLedgers), chosen by its kind.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				// On activation, before anything is registered; never on delete (removal must work).
				checkSettings(this);
				return await asNodeErrors(this, invoicePaidWebhookOf(this).checkExists);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				checkSettings(this);
				return await asNodeErrors(this, invoicePaidWebhookOf(this).create);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await asNodeErrors(this, invoicePaidWebhookOf(this).delete);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await invoicePaidWebhookOf(this).receive.call(this);
	}

	/**
	 * n8n runs this with the items `webhook()` returned, as the first step of the execution: paid
	 * invoices pass through; a lookup failure becomes a failed execution with its reason.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return passPaidItemsOrFail.call(this);
	}
}
