/**
 * The EasyBill REST API v1 emulator. The shared server wrapper hands it every request under
 * `/rest/v1`; authentication, the request-line limit, the per-minute budget and the contract checks
 * all happen here so the emulator answers exactly where EasyBill would.
 */
import { randomBytes } from 'node:crypto';
import type { Handler, SandboxClock, SandboxRequest } from '../common/types';
import type { EasyBillContext, EasyBillRoute } from './context';
import { handleAttachments } from './attachments';
import { handleCustomers } from './customers';
import { handleDocumentPayments, publicPayment, recordPayment } from './documentPayments';
import { handleDocuments } from './documents';
import { RateLimiter } from './rateLimiter';
import { type EasyBillResponse, HttpError, errorResponse } from './responses';
import { EasyBillSpecValidator } from './specValidator';
import { EasyBillState, sortedById } from './state';
import { WebhookDispatcher } from './webhookDispatcher';
import { handleWebhooks } from './webhooks';

export { berlinDate, berlinDateTime } from './berlinTime';
export { signEasyBillDelivery } from './webhookDispatcher';

const API_PREFIX = '/rest/v1';
/** Longest request line EasyBill's front end accepts; longer ones get 414. */
const MAX_REQUEST_LINE_BYTES = 4094;

export interface EasyBillServiceOptions {
	clock: SandboxClock;
	/** 10 (PLUS plan) or 60 (BUSINESS plan). */
	perMinute: number;
	/** Public base of the emulator, with or without the `/rest/v1` suffix. */
	publicBaseUrl: () => string;
	/** Fixed API key (e.g. for `npm run sandbox`); random when omitted. */
	apiKey?: string;
}

/** Raw request target when the server wrapper provides it (it measures the real request line). */
type RequestWithUrl = SandboxRequest & { url?: string };

function requestLineBytes(req: RequestWithUrl): number {
	// Without the raw target, rebuild it the way most clients encode (percent-encoding per value).
	const pairs = [...req.query].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
	const target = req.url ?? (pairs.length > 0 ? `${req.path}?${pairs.join('&')}` : req.path);
	return Buffer.byteLength(`${req.method} ${target} HTTP/1.1`);
}

function isAuthorized(header: string | undefined, apiKey: string): boolean {
	if (!header) return false;
	const [scheme, credentials = ''] = header.trim().split(/\s+/, 2);
	if (scheme.toLowerCase() === 'bearer') return credentials === apiKey;
	if (scheme.toLowerCase() === 'basic') {
		const decoded = Buffer.from(credentials, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		// Any login e-mail is accepted: the emulated account has one login, the key is what matters.
		return colon > 0 && decoded.slice(colon + 1) === apiKey;
	}
	return false;
}

function parseJsonBody(req: SandboxRequest): unknown {
	if (req.rawBody.length === 0) return undefined;
	try {
		return JSON.parse(req.rawBody.toString('utf8'));
	} catch {
		throw new HttpError(400, 'The request body is not valid JSON.');
	}
}

// Compiling the contract takes a noticeable moment; it never changes, so services share one.
let sharedValidator: EasyBillSpecValidator | undefined;

export function createEasyBillService(opts: EasyBillServiceOptions) {
	const apiKey = opts.apiKey ?? randomBytes(24).toString('hex');
	const state = new EasyBillState();
	const webhooks = new WebhookDispatcher(state, opts.clock);
	const limiter = new RateLimiter(opts.clock, opts.perMinute);
	const ctx: EasyBillContext = {
		state,
		clock: opts.clock,
		validator: (sharedValidator ??= new EasyBillSpecValidator()),
		webhooks,
		baseUrl: () => {
			const base = opts.publicBaseUrl().replace(/\/+$/, '');
			return base.endsWith(API_PREFIX) ? base : `${base}${API_PREFIX}`;
		},
	};

	function route(req: SandboxRequest): EasyBillResponse {
		if (!req.path.startsWith(`${API_PREFIX}/`)) return errorResponse(404, 'Not found');
		const segments = req.path
			.slice(API_PREFIX.length + 1)
			.split('/')
			.filter(Boolean);
		// Files travel as multipart (upload) or raw bytes (content), not JSON.
		if (segments[0] === 'attachments') {
			return handleAttachments(ctx, {
				method: req.method.toUpperCase(),
				segments,
				contentType: req.headers['content-type'] ?? '',
				rawBody: req.rawBody,
			});
		}
		const routeReq: EasyBillRoute = {
			method: req.method.toUpperCase(),
			segments,
			query: req.query,
			headers: req.headers,
			body: parseJsonBody(req),
		};
		switch (segments[0]) {
			case 'customers':
				return handleCustomers(ctx, routeReq);
			case 'documents':
				return handleDocuments(ctx, routeReq);
			case 'document-payments':
				return handleDocumentPayments(ctx, routeReq);
			case 'webhooks':
				return handleWebhooks(ctx, routeReq);
			default:
				return errorResponse(404, 'Not found');
		}
	}

	const handler: Handler = async (req) => {
		if (requestLineBytes(req) > MAX_REQUEST_LINE_BYTES) {
			return errorResponse(414, 'Request-URI Too Long');
		}
		if (!isAuthorized(req.headers.authorization, apiKey)) {
			return errorResponse(401, 'Unauthorized: send Authorization: Bearer <api key>.');
		}
		// EasyBill's 429 carries no Retry-After: clients must pace themselves to the plan's budget.
		if (!limiter.tryAcquire()) return errorResponse(429, 'Too Many Requests');
		try {
			return route(req);
		} catch (error) {
			if (error instanceof HttpError) return errorResponse(error.status, error.message);
			throw error;
		}
	};

	const copy = <T>(records: Iterable<T & { id: number }>) =>
		sortedById(records).map((r) => structuredClone(r));

	return {
		handler,
		inspect: {
			apiKey,
			customers: () => copy(state.customers.values()),
			documents: () => copy(state.documents.values()),
			payments: () => copy(state.payments.values()).map(publicPayment),
			webhooks: () => copy(state.webhooks.values()),
			/** Files uploaded through /attachments, with their bytes. */
			attachments: () => copy(state.attachments.values()),
			/** Documents sent by e-mail, fax or post (POST /documents/{id}/send/{type}), oldest first. */
			postBoxes: () => state.postBoxes.map((p) => ({ ...p })),
			/** Every webhook delivery attempted so far, oldest first. */
			deliveries: () => webhooks.deliveries.map((d) => ({ ...d })),
			/** Resolves when every webhook delivery started so far has been attempted. */
			webhooksIdle: () => webhooks.idle(),
			/**
			 * Records a payment as the user would in EasyBill's UI (default: the open amount) and resolves
			 * after the resulting webhook deliveries were attempted.
			 */
			/** Test mode: from now on drop these position fields when a document is written (none: back to normal). */
			ignorePositionFields: (fields: string[]) => {
				state.ignoredPositionFields.clear();
				for (const field of fields) state.ignoredPositionFields.add(field);
			},
			payDocument: async (id: number, cents?: number) => {
				const { payment, deliveries } = recordPayment(ctx, { document_id: id, amount: cents });
				await deliveries;
				return publicPayment(structuredClone(payment));
			},
		},
	};
}

export type EasyBillService = ReturnType<typeof createEasyBillService>;
