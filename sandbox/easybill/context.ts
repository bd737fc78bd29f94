/**
 * What every EasyBill route needs: the account state, the clock, the contract and the webhook sender.
 */
import type { SandboxClock } from '../common/types';
import { HttpError } from './responses';
import type { EasyBillSpecValidator } from './specValidator';
import type { EasyBillState } from './state';
import type { WebhookDispatcher } from './webhookDispatcher';

export interface EasyBillContext {
	state: EasyBillState;
	clock: SandboxClock;
	validator: EasyBillSpecValidator;
	webhooks: WebhookDispatcher;
	/** Absolute base including `/rest/v1`, for Location headers. */
	baseUrl(): string;
}

/** A request as a route sees it: path split after `/rest/v1`, body parsed as JSON. */
export interface EasyBillRoute {
	method: string;
	segments: string[];
	query: URLSearchParams;
	headers: Record<string, string | undefined>;
	body: unknown;
}

export function parseId(raw: string | undefined, what: string): number {
	if (raw === undefined || !/^\d+$/.test(raw)) throw new HttpError(404, `${what} not found`);
	return Number(raw);
}

/** Copies only the listed fields the client actually sent; anything else is ignored like the API does. */
export function pickFields(
	body: Record<string, unknown>,
	fields: readonly string[],
): Record<string, unknown> {
	const picked: Record<string, unknown> = {};
	for (const field of fields) if (field in body) picked[field] = body[field];
	return picked;
}

export function unknownFields(body: Record<string, unknown>, fields: readonly string[]): string[] {
	return Object.keys(body).filter((key) => !fields.includes(key));
}

export function requireObjectBody(body: unknown): Record<string, unknown> {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		throw new HttpError(400, 'The request body must be a JSON object.');
	}
	return body as Record<string, unknown>;
}
