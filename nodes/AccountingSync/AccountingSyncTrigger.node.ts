import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { searchTenants } from '../shared';
import { triggerError } from '../InvoicePaidTrigger/common/ledgerAccess';
import { triggerCredentials, type TriggerLedger } from '../InvoicePaidTrigger/common/ledgerParameters';
import { invoicePaidTriggerProperties } from '../InvoicePaidTrigger/description';
import {
	createEasyBillWebhook,
	deleteEasyBillWebhook,
	easyBillWebhookExists,
} from '../InvoicePaidTrigger/easyBillRegistration';
import { receiveEasyBillDelivery } from '../InvoicePaidTrigger/easyBillWebhook';
import { receiveXeroDelivery } from '../InvoicePaidTrigger/xeroWebhook';

function ledgerOf(context: IHookFunctions | IWebhookFunctions): TriggerLedger {
	return context.getNodeParameter('ledger') as TriggerLedger;
}

/** Runs a webhook life-cycle step; a ledger failure reaches the user as an n8n error with a hint. */
async function asNodeErrors(
	context: IHookFunctions,
	step: (this: IHookFunctions) => Promise<boolean>,
): Promise<boolean> {
	try {
		return await step.call(context);
	} catch (error) {
		throw triggerError(context, error);
	}
}

export class AccountingSyncTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Accounting Sync Invoice Paid Trigger',
		name: 'accountingSyncTrigger',
		icon: { light: 'file:invoicePaid.svg', dark: 'file:invoicePaid.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["ledger"] === "xero" ? "Xero" : "EasyBill"}}',
		description: 'Starts the workflow the moment an invoice is paid in Xero or EasyBill (webhooks)',
		defaults: { name: 'Invoice Paid' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: triggerCredentials,
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

	methods = { listSearch: { searchTenants } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				// Xero webhooks live in the developer portal: there is nothing to register.
				if (ledgerOf(this) === 'xero') return true;
				return await asNodeErrors(this, easyBillWebhookExists);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (ledgerOf(this) === 'xero') return true;
				return await asNodeErrors(this, createEasyBillWebhook);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				if (ledgerOf(this) === 'xero') return true;
				return await asNodeErrors(this, deleteEasyBillWebhook);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return ledgerOf(this) === 'xero'
			? await receiveXeroDelivery.call(this)
			: await receiveEasyBillDelivery.call(this);
	}
}
