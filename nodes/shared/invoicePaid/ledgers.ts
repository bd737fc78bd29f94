/**
 * The ledger a trigger path needs, built by nodes/shared from the node's parameters and credential.
 * Each path asks for what it calls (not for a ledger's name), so a ledger registered later that
 * offers the same calls can use it, and one that does not is refused by name.
 */
import {
	NodeOperationError,
	type IHookFunctions,
	type IPollFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import type { EasyBillLedger } from '../../../core/easybill';
import type { XeroLedger } from '../../../core/xero';
import { createLedgerFromContext } from '../createLedger';

type TriggerContext = IHookFunctions | IWebhookFunctions | IPollFunctions;

async function ledgerWith<T>(
	context: TriggerContext,
	path: string,
	calls: Array<keyof T & string>,
): Promise<T> {
	const ledger = (await createLedgerFromContext(context)) as unknown as Record<string, unknown>;
	const missing = calls.filter((call) => typeof ledger[call] !== 'function');
	if (missing.length > 0) {
		throw new NodeOperationError(
			context.getNode(),
			`The ${String(ledger.kind)} ledger cannot serve ${path} (it lacks ${missing.join(', ')})`,
		);
	}
	return ledger as unknown as T;
}

/** Xero-style webhook deliveries: events name invoice ids, looked up in one batched call. */
export async function xeroLedgerFor(context: TriggerContext): Promise<XeroLedger> {
	return await ledgerWith<XeroLedger>(context, 'the Xero webhook path', ['getSalesInvoicesByIds']);
}

/** EasyBill-style webhooks: registered through the API, deliveries name one document. */
export async function easyBillLedgerFor(context: TriggerContext): Promise<EasyBillLedger> {
	return await ledgerWith<EasyBillLedger>(context, 'the EasyBill webhook path', [
		'getInvoiceState',
		'registerWebhook',
		'getWebhook',
		'deleteWebhook',
	]);
}
