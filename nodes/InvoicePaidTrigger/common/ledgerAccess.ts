/**
 * How the Invoice Paid triggers reach a ledger from inside n8n: nodes/shared builds it from the
 * node's Ledger / Organisation parameters and credential (n8n's authenticated request helper as the
 * core's `send`). This file only narrows it to what each trigger path needs.
 */
import {
	NodeOperationError,
	type IHookFunctions,
	type IPollFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import type { EasyBillLedger } from '../../../core/easybill';
import type { Clock } from '../../../core/transport';
import type { XeroLedger } from '../../../core/xero';
import {
	createLedgerFromContext,
	n8nClock,
	tenantIdOf,
	toNodeError,
	type AnyLedger,
} from '../../shared';

type TriggerContext = IHookFunctions | IWebhookFunctions | IPollFunctions;

export { tenantIdOf };

export function clockOf(): Clock {
	return n8nClock();
}

export async function ledgerFor(context: TriggerContext): Promise<AnyLedger> {
	return await createLedgerFromContext(context);
}

export async function xeroLedgerFor(context: TriggerContext): Promise<XeroLedger> {
	const ledger = await ledgerFor(context);
	if (ledger.kind !== 'xero')
		throw new NodeOperationError(context.getNode(), 'This path needs the Xero ledger');
	return ledger as XeroLedger;
}

export async function easyBillLedgerFor(context: TriggerContext): Promise<EasyBillLedger> {
	const ledger = await ledgerFor(context);
	if (ledger.kind !== 'easybill') {
		throw new NodeOperationError(context.getNode(), 'This path needs the EasyBill ledger');
	}
	return ledger as EasyBillLedger;
}

/** A ledger failure as the n8n error the user sees on the failed execution. */
export function triggerError(context: TriggerContext, error: unknown): Error {
	return toNodeError(context, error);
}

/**
 * A failure after the trigger already answered the sender. n8n would try to answer a thrown error
 * a second time and, in 2.x, skip saving static data; the log is where it can go.
 */
export function logAfterAnswer(context: IWebhookFunctions, error: unknown): void {
	const nodeError = toNodeError(context, error);
	context.logger.error(
		`Invoice Paid trigger "${context.getNode().name}": handling an answered delivery failed ` +
			`(invoices whose lookup failed are retried with the next delivery). ${nodeError.message} ` +
			`${nodeError.description ?? ''}`.trim(),
	);
}
