/**
 * EasyBill answers errors as `{ code, message }` with the HTTP status repeated in `code`.
 */
import type { SandboxResponse } from '../common/types';

/** `specErrors` on a response is what the request log flags as a contract violation. */
export type EasyBillResponse = SandboxResponse;

export function errorResponse(status: number, message: string): EasyBillResponse {
	return { status, body: { code: status, message } };
}

/** Bodies are copied so later state changes cannot leak into a response still being written. */
export function jsonResponse(status: number, body: unknown, committed = false): EasyBillResponse {
	const copy = structuredClone(body);
	return committed ? { status, body: copy, committed } : { status, body: copy };
}

/** 400 for a body that breaks the vendor's contract; the failures travel in a header and a field. */
export function specErrorResponse(errors: string[]): EasyBillResponse {
	return {
		status: 400,
		headers: { 'x-sandbox-spec-errors': JSON.stringify(errors) },
		body: { code: 400, message: `Invalid request body: ${errors.join('; ')}` },
		specErrors: errors,
	};
}

export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}
