/**
 * A Xero webhook delivery, in the order Xero needs it: verify the signature on the raw bytes
 * (nothing else happens before that), answer at once (an empty 200; Xero disables an endpoint that
 * is slow or answers anything else), then look the named invoices up in one call and emit what is
 * newly paid in the chosen organisation. A failed lookup keeps the ids pending and fails the
 * execution (lookupFailure.ts).
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	parseXeroDelivery,
	processXeroDelivery,
	verifyXeroSignature,
	type XeroWebhookState,
} from '../../core/triggers';
import { n8nClock, tenantIdOf } from '../shared';
import {
	answer,
	emitSettingsOf,
	headerOf,
	rawBodyOf,
	xeroLedgerFor,
	xeroSigningKeyOf,
} from '../shared/invoicePaid';
import { NO_RUN, webhookResult } from './webhookResult';

export async function receiveXeroDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const signingKey = await xeroSigningKeyOf(this);
	if (signingKey === undefined) {
		this.logger.warn(
			'Xero delivery refused: no signing key (select a Xero Webhook Signing Key credential)',
		);
	}
	const rawBody = await rawBodyOf(request);
	if (!rawBody) {
		this.logger.warn('Xero delivery refused: n8n did not provide the raw request body to verify');
	}
	if (
		!rawBody ||
		signingKey === undefined ||
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
	// lookup below may wait for Xero's rate limit, far longer than Xero's 5 s.
	answer(this, 200);

	const staticData = this.getWorkflowStaticData('node');
	const state = staticData.xero as XeroWebhookState | undefined;
	if (delivery.invoiceEvents.length === 0 && !(Array.isArray(state?.pending) && state.pending.length > 0))
		return NO_RUN;

	const settings = emitSettingsOf(
		this.getNodeParameter('emitOn', 'paid'),
		this.getNodeParameter('options', {}) as IDataObject,
	);
	const ledger = await xeroLedgerFor(this);
	const outcome = await processXeroDelivery({
		delivery,
		state,
		now: n8nClock().now(),
		settings,
		fetchInvoices: (ids) => ledger.getSalesInvoicesByIds(ids),
	});
	staticData.xero = outcome.state as unknown as IDataObject;
	return webhookResult(this, outcome, settings, {});
}
