/**
 * EasyBill deliveries: admitted only with the registration's secret token in the query string
 * (EasyBill documents no signature), answered at once, then the document is read for its real
 * state and emitted when it is an invoice now paid (or, by option, on every payment).
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	parseEasyBillDelivery,
	processEasyBillDelivery,
	type EasyBillWebhookState,
} from '../../core/triggers';
import { n8nClock } from '../shared';
import { answer, easyBillLedgerFor, emitSettingsOf, headerOf } from '../shared/invoicePaid';
import { isRegisteredToken } from './easyBillRegistration';
import { NO_RUN, webhookResult } from './webhookResult';

export async function receiveEasyBillDelivery(
	this: IWebhookFunctions,
): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	if (!isRegisteredToken(this, (this.getQueryData() as IDataObject).token)) {
		answer(this, 401);
		return NO_RUN;
	}
	answer(this, 200);

	const settings = emitSettingsOf(
		this.getNodeParameter('emitOn', 'paid'),
		this.getNodeParameter('options', {}) as IDataObject,
	);
	const delivery = parseEasyBillDelivery(this.getBodyData(), headerOf(request, 'x-easybill-event'));
	const staticData = this.getWorkflowStaticData('node');
	const ledger = await easyBillLedgerFor(this);
	const outcome = await processEasyBillDelivery({
		delivery,
		settings,
		state: staticData.easybill as EasyBillWebhookState | undefined,
		now: n8nClock().now(),
		getInvoiceState: (id) => ledger.getInvoiceState(id),
	});
	staticData.easybill = outcome.state as unknown as IDataObject;
	return webhookResult(this, outcome, settings, { event: delivery.event });
}
