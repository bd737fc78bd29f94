/**
 * EasyBill deliveries: admitted only with the registration's secret token in the query string
 * (EasyBill documents no signature), answered at once, then the document is fetched for its real
 * state and emitted when it is a fully paid invoice (or, by option, on every payment).
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	parseEasyBillDelivery,
	processEasyBillDelivery,
	toPaidInvoiceOutput,
	type EasyBillEmitMode,
	type EasyBillWebhookState,
} from '../../core/triggers';
import { answer, headerOf } from './common/http';
import { clockOf, easyBillLedgerFor, logAfterAnswer } from './common/ledgerAccess';
import { isRegisteredToken } from './easyBillRegistration';

const NO_RUN: IWebhookResponseData = { noWebhookResponse: true };

export async function receiveEasyBillDelivery(
	this: IWebhookFunctions,
): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	if (!isRegisteredToken(this, (this.getQueryData() as IDataObject).token)) {
		answer(this, 401);
		return NO_RUN;
	}
	answer(this, 200);

	const mode = this.getNodeParameter('emitOn', 'paid') as EasyBillEmitMode;
	const delivery = parseEasyBillDelivery(this.getBodyData(), headerOf(request, 'x-easybill-event'));
	const staticData = this.getWorkflowStaticData('node');
	const clock = clockOf();
	let outcome;
	try {
		const ledger = await easyBillLedgerFor(this);
		outcome = await processEasyBillDelivery({
			delivery,
			mode,
			state: staticData.easybill as EasyBillWebhookState | undefined,
			now: clock.now(),
			getInvoiceState: (id) => ledger.getInvoiceState(id),
		});
	} catch (error) {
		logAfterAnswer(this, error);
		return NO_RUN;
	}
	staticData.easybill = outcome.state as unknown as IDataObject;
	// As for Xero: EasyBill has its 200, so a failed read is logged and retried with the next delivery.
	if (outcome.error !== undefined) logAfterAnswer(this, outcome.error);
	const items = outcome.emit.map(({ invoice, payment }) => ({
		json: toPaidInvoiceOutput(invoice, {
			source: 'webhook',
			event: delivery.event,
			payment: mode === 'everyPayment' ? payment : undefined,
		}) as unknown as IDataObject,
	}));
	return items.length === 0 ? NO_RUN : { noWebhookResponse: true, workflowData: [items] };
}
