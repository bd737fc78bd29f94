/** The ledger a trigger path needs, built by nodes/shared from the node's parameters and credential. */
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

export async function xeroLedgerFor(context: TriggerContext): Promise<XeroLedger> {
	const ledger = await createLedgerFromContext(context);
	if (ledger.kind !== 'xero')
		throw new NodeOperationError(context.getNode(), 'This path needs the Xero ledger');
	return ledger as XeroLedger;
}

export async function easyBillLedgerFor(context: TriggerContext): Promise<EasyBillLedger> {
	const ledger = await createLedgerFromContext(context);
	if (ledger.kind !== 'easybill') {
		throw new NodeOperationError(context.getNode(), 'This path needs the EasyBill ledger');
	}
	return ledger as EasyBillLedger;
}
