/** What a handled delivery starts: one execution with the new items, and any lookup failure. */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { toPaidInvoiceOutput, type EmitSettings, type LookupOutcome } from '../../core/triggers';
import { failureItem, failureReport } from '../shared/invoicePaid';

export const NO_RUN: IWebhookResponseData = { noWebhookResponse: true };

export function webhookResult(
	context: IWebhookFunctions,
	outcome: Pick<LookupOutcome, 'emit' | 'failure' | 'givenUp'>,
	settings: EmitSettings,
	trigger: { event?: string },
): IWebhookResponseData {
	const items = outcome.emit.map(({ invoice, payment }) => ({
		json: toPaidInvoiceOutput(invoice, {
			source: 'webhook',
			event: trigger.event,
			payment: settings.mode === 'everyPayment' ? payment : undefined,
		}) as unknown as IDataObject,
	}));
	const report = failureReport(context, outcome);
	if (report) items.push(failureItem(report) as never);
	return items.length === 0 ? NO_RUN : { noWebhookResponse: true, workflowData: [items] };
}
