/**
 * How each ledger delivers "invoice paid" to the webhook trigger, one entry per ledger kind: Xero's
 * webhooks live in the developer portal (nothing to register, a signing key to check), EasyBill's
 * are registered through its API on activation. A ledger registered later adds its entry with
 * `registerInvoicePaidWebhook`; one without an entry is refused by name on activation instead of
 * taking another ledger's path.
 */
import {
	NodeOperationError,
	type IHookFunctions,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { requireXeroSigningKey, xeroLedgerFor } from '../shared/invoicePaid';
import {
	createEasyBillWebhook,
	deleteEasyBillWebhook,
	easyBillWebhookExists,
} from './easyBillRegistration';
import { receiveEasyBillDelivery } from './easyBillWebhook';
import { receiveXeroDelivery } from './xeroWebhook';

export interface InvoicePaidWebhook {
	checkExists(this: IHookFunctions): Promise<boolean>;
	create(this: IHookFunctions): Promise<boolean>;
	delete(this: IHookFunctions): Promise<boolean>;
	receive(this: IWebhookFunctions): Promise<IWebhookResponseData>;
}

const webhooks = new Map<string, InvoicePaidWebhook>([
	[
		'xero',
		{
			async checkExists() {
				await requireXeroSigningKey(this);
				// No call: refuses a credential that could not look the invoices up, or no organisation.
				await xeroLedgerFor(this);
				return true;
			},
			async create() {
				return true;
			},
			async delete() {
				return true;
			},
			receive: receiveXeroDelivery,
		},
	],
	[
		'easybill',
		{
			checkExists: easyBillWebhookExists,
			create: createEasyBillWebhook,
			delete: deleteEasyBillWebhook,
			receive: receiveEasyBillDelivery,
		},
	],
]);

export function registerInvoicePaidWebhook(kind: string, webhook: InvoicePaidWebhook): () => void {
	webhooks.set(kind, webhook);
	return () => {
		if (webhooks.get(kind) === webhook) webhooks.delete(kind);
	};
}

/** The chosen ledger's webhook path; a ledger without one is an error naming it. */
export function invoicePaidWebhookOf(
	context: IHookFunctions | IWebhookFunctions,
): InvoicePaidWebhook {
	const kind = String(context.getNodeParameter('ledger'));
	const found = webhooks.get(kind);
	if (!found) {
		throw new NodeOperationError(
			context.getNode(),
			`The ${kind} ledger has no Invoice Paid webhook`,
			{ description: 'Use the Accounting Sync Invoice Paid Polling Trigger for this ledger.' },
		);
	}
	return found;
}
