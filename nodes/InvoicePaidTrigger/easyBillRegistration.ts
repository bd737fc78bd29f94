/**
 * The EasyBill webhook's life cycle (n8n calls these on activation, deactivation and "listen for
 * test event"). Registrations are kept in static data per webhook URL, because the test and the
 * production URL share the node's static data and may be registered at the same time.
 */
import {
	NodeApiError,
	type IDataObject,
	type IHookFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import type { EasyBillLedger } from '../../core/easybill';
import { LedgerError } from '../../core/errors';
import { newSecretToken, tokensEqual } from '../../core/triggers';
import { toNodeError } from '../shared';
import { easyBillLedgerFor } from '../shared/invoicePaid';

/** A payment recorded is the moment an invoice can become paid. */
export const EASYBILL_EVENTS = ['document.payment_add'];

export interface EasyBillRegistration {
	id: string;
	token: string;
}

type Registrations = Record<string, EasyBillRegistration>;

function webhookUrl(context: IHookFunctions | IWebhookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new Error('n8n did not provide a webhook URL for this node');
	return url;
}

function registrations(context: IHookFunctions | IWebhookFunctions): Registrations {
	const staticData = context.getWorkflowStaticData('node');
	const value = staticData.easybillHooks;
	return typeof value === 'object' && value !== null ? (value as Registrations) : {};
}

function save(context: IHookFunctions, hooks: Registrations): void {
	context.getWorkflowStaticData('node').easybillHooks = hooks as unknown as IDataObject;
}

/** The URL EasyBill calls: ours, with the secret token that admits a delivery. */
export function registeredUrl(url: string, token: string): string {
	return `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

/**
 * Whether a delivery carries the token of one of our registrations. Checked against each (at most
 * the test and the production one) because n8n's webhook context reports the production URL even
 * for a test delivery.
 */
export function isRegisteredToken(context: IWebhookFunctions, token: unknown): boolean {
	let admitted = false;
	for (const registration of Object.values(registrations(context))) {
		// No early exit: every stored token is compared, so timing says nothing about which matched.
		if (tokensEqual(token, registration?.token)) admitted = true;
	}
	return admitted;
}

export async function easyBillWebhookExists(this: IHookFunctions): Promise<boolean> {
	const url = webhookUrl(this);
	const hooks = registrations(this);
	const mine = hooks[url];
	if (!mine) return false;
	const ledger = await easyBillLedgerFor(this);
	const found = await lookUpWebhook(this, ledger, mine.id);
	if (
		found &&
		found.url === registeredUrl(url, mine.token) &&
		EASYBILL_EVENTS.every((e) => found.events.includes(e))
	) {
		return true;
	}
	// Deleted or edited by hand in EasyBill: drop what is left and let n8n register afresh.
	if (found) await ledger.deleteWebhook(mine.id);
	delete hooks[url];
	save(this, hooks);
	return false;
}

export async function createEasyBillWebhook(this: IHookFunctions): Promise<boolean> {
	const url = webhookUrl(this);
	const token = newSecretToken();
	const ledger = await easyBillLedgerFor(this);
	const { id } = await ledger.registerWebhook({
		url: registeredUrl(url, token),
		events: EASYBILL_EVENTS,
		secret: token,
		description: `n8n Invoice Paid trigger (workflow ${this.getWorkflow().id ?? ''}, ${this.getNode().name})`,
	});
	save(this, { ...registrations(this), [url]: { id: String(id), token } });
	return true;
}

export async function deleteEasyBillWebhook(this: IHookFunctions): Promise<boolean> {
	const url = webhookUrl(this);
	const hooks = registrations(this);
	const mine = hooks[url];
	if (!mine) return true;
	const ledger = await easyBillLedgerFor(this);
	try {
		await ledger.deleteWebhook(mine.id);
	} catch (error) {
		// Gone already is what we wanted; anything else keeps the record so a later delete can retry.
		if (!isGone(error)) return false;
	}
	delete hooks[url];
	save(this, hooks);
	return true;
}

async function lookUpWebhook(context: IHookFunctions, ledger: EasyBillLedger, id: string) {
	try {
		return await ledger.getWebhook(id);
	} catch (error) {
		if (isGone(error)) return undefined;
		throw toNodeError(context, error);
	}
}

/**
 * A 404 for our webhook. The core answers "not there" itself; a 404 that reaches us as n8n's own
 * NodeApiError instead (a transport that lets n8n throw keeps only its `httpCode`) means the same.
 */
function isGone(error: unknown): boolean {
	if (error instanceof LedgerError) return error.kind === 'not_found';
	return error instanceof NodeApiError && error.httpCode === '404';
}
