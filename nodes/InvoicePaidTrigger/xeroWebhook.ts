/**
 * A Xero webhook delivery, in the order Xero needs it: verify the signature on the raw bytes
 * (nothing else happens before that), answer at once (an empty 200; Xero disables an endpoint that
 * is slow or answers anything else), then fetch the named invoices in one call and emit the paid
 * sales invoices of the chosen organisation that were not emitted before.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	parseXeroDelivery,
	processXeroDelivery,
	toPaidInvoiceOutput,
	verifyXeroSignature,
	type XeroWebhookState,
} from '../../core/triggers';
import { answer, headerOf, rawBodyOf } from './common/http';
import { clockOf, logAfterAnswer, tenantIdOf, xeroLedgerFor } from './common/ledgerAccess';

const NO_RUN: IWebhookResponseData = { noWebhookResponse: true };

export async function receiveXeroDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const signingKey = String(this.getNodeParameter('signingKey', '') ?? '');
	const rawBody = await rawBodyOf(request);
	if (!rawBody) {
		this.logger.warn('Xero delivery refused: n8n did not provide the raw request body to verify');
	}
	if (
		!rawBody ||
		!verifyXeroSignature(rawBody, headerOf(request, 'x-xero-signature'), signingKey)
	) {
		answer(this, 401);
		return NO_RUN;
	}

	const tenantId = tenantIdOf(this);
	let delivery;
	try {
		delivery = parseXeroDelivery(rawBody, tenantId);
	} catch {
		// Signed by Xero but not a delivery (MalformedDeliveryError): nothing to act on.
		answer(this, 400);
		return NO_RUN;
	}
	// Intent-to-receive and every real delivery get the same empty 200 before any API call: the
	// fetch below may wait for Xero's rate limit, far longer than Xero's 5 s.
	answer(this, 200);

	const staticData = this.getWorkflowStaticData('node');
	const state = staticData.xero as XeroWebhookState | undefined;
	if (delivery.invoiceEvents.length === 0 && !(state?.pending && state.pending.length > 0))
		return NO_RUN;

	const clock = clockOf();
	let outcome;
	try {
		const ledger = await xeroLedgerFor(this);
		outcome = await processXeroDelivery({
			delivery,
			state,
			now: clock.now(),
			fetchPaidInvoices: (ids) => ledger.getPaidInvoicesByIds(ids),
		});
	} catch (error) {
		// Only reachable when the ledger cannot even be built (credential missing): nothing to save.
		logAfterAnswer(this, error);
		return NO_RUN;
	}
	staticData.xero = outcome.state as unknown as IDataObject;
	if (outcome.error !== undefined) {
		// Xero already has its 200 and will not redeliver; the ids wait in static data and are looked
		// up with the next delivery. Throwing now would not reach Xero, and n8n would then skip
		// saving the static data that holds those ids, so the failure goes to the log instead.
		logAfterAnswer(this, outcome.error);
		return NO_RUN;
	}
	if (outcome.emit.length === 0) return NO_RUN;
	return {
		noWebhookResponse: true,
		workflowData: [
			outcome.emit.map((invoice) => ({
				json: toPaidInvoiceOutput(invoice, { source: 'webhook' }) as unknown as IDataObject,
			})),
		],
	};
}
