/**
 * The few things the trigger does with n8n's request and response objects. It answers through the
 * plain Node.js response API (`statusCode` + `end`), which n8n's express response extends, so the
 * answer is exactly the status and body Xero expects (an empty 200, a bare 401).
 */
import type { IWebhookFunctions } from 'n8n-workflow';

type RawBodyRequest = ReturnType<IWebhookFunctions['getRequestObject']> & {
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
};

/**
 * The body bytes exactly as received. n8n keeps them on `req.rawBody` (reading them on demand with
 * `readRawBody` where the body was not parsed yet). Undefined when they are not available: the
 * caller must then refuse, never re-serialise the parsed JSON (its bytes differ from what was signed).
 */
export async function rawBodyOf(request: RawBodyRequest): Promise<Buffer | undefined> {
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
		await request.readRawBody();
	}
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

export function headerOf(request: RawBodyRequest, name: string): string | undefined {
	const value = request.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** Ends the response now with a status and an empty body (unless it was already answered). */
export function answer(context: IWebhookFunctions, status: number): void {
	const response = context.getResponseObject();
	if (response.headersSent) return;
	response.statusCode = status;
	response.end();
}
