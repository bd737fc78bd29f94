/**
 * `/webhooks`: registrations EasyBill calls back on events. A hook starts inactive unless the client
 * sends `is_active: true` (the contract's default is false), and only listed events are delivered.
 */
import {
	type EasyBillContext,
	type EasyBillRoute,
	parseId,
	pickFields,
	requireObjectBody,
} from './context';
import { paginate } from './listQuery';
import {
	type EasyBillResponse,
	HttpError,
	errorResponse,
	jsonResponse,
	specErrorResponse,
} from './responses';
import { type WebhookRecord, sortedById } from './state';

function assertDeliverableUrl(url: string): void {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new HttpError(400, 'The field url must be an absolute http(s) URL.');
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new HttpError(400, 'The field url must be an absolute http(s) URL.');
	}
}

function save(
	ctx: EasyBillContext,
	candidate: Record<string, unknown>,
	id: number,
	status: number,
	lastResponse: WebhookRecord['last_response'] = null,
): EasyBillResponse {
	const specErrors = ctx.validator.validate('WebHook', candidate);
	if (specErrors.length > 0) return specErrorResponse(specErrors);
	assertDeliverableUrl(candidate.url as string);
	const hook = {
		is_active: false,
		...pickFields(candidate, ctx.validator.writableFields('WebHook')),
		last_response: lastResponse,
		id,
	} as WebhookRecord;
	ctx.state.webhooks.set(id, hook);
	return jsonResponse(status, hook, true);
}

export function handleWebhooks(ctx: EasyBillContext, route: EasyBillRoute): EasyBillResponse {
	const [, rawId, extra] = route.segments;
	if (extra !== undefined) return errorResponse(404, 'Not found');
	if (rawId === undefined) {
		if (route.method === 'GET') {
			return jsonResponse(200, paginate(sortedById(ctx.state.webhooks.values()), route.query));
		}
		if (route.method !== 'POST') return errorResponse(405, 'Method not allowed');
		const body = requireObjectBody(route.body);
		return save(ctx, body, ctx.state.nextId('webhook'), 201);
	}
	const hook = ctx.state.webhooks.get(parseId(rawId, 'WebHook'));
	if (!hook) return errorResponse(404, 'WebHook not found');
	if (route.method === 'GET') return jsonResponse(200, hook);
	if (route.method === 'PUT') {
		// A partial body is merged first; the merged hook must still satisfy the contract.
		const body = requireObjectBody(route.body);
		const { id: _id, last_response: lastResponse, ...current } = hook;
		return save(ctx, { ...current, ...body }, hook.id, 200, lastResponse);
	}
	if (route.method === 'DELETE') {
		ctx.state.webhooks.delete(hook.id);
		return { status: 204, committed: true };
	}
	return errorResponse(405, 'Method not allowed');
}
