/** PUT/POST with Xero's wrapped bodies: idempotency, batch atomicity and summarizeErrors. */
import type { SandboxRequest, SandboxResponse } from '../common/types';
import type { Book } from './book';
import type { Outcome, WriteContext } from './contacts';
import { envelope, render } from './format';
import { NOT_FOUND, validationException } from './responses';
import type { XeroRecord } from './seed';

/** One accounting request, resolved to its organisation. */
export interface Call {
	req: SandboxRequest;
	book: Book;
	segments: string[];
	now: number;
}

export function ok(call: Call, body: Record<string, unknown>): SandboxResponse {
	return { status: 200, body: envelope(call.now, body) };
}

export type Save = (element: XeroRecord, ctx: WriteContext) => Outcome;

export /** PUT/POST with a wrapped body: idempotency, batch atomicity, summarizeErrors. */
function write(
	call: Call,
	wrapper: string,
	save: Save,
	pathId?: string,
	idField?: string,
): SandboxResponse {
	const { req, book } = call;
	if (req.method !== 'PUT' && req.method !== 'POST') return NOT_FOUND;
	const key = req.headers['idempotency-key'];
	if (key) {
		const previous = book.idempotency.get(key);
		if (previous)
			return {
				status: previous.status,
				body: previous.body,
				headers: { 'x-sandbox-idempotent-replay': 'true' },
			};
	}
	const body = (req.body ?? {}) as XeroRecord;
	let elements: XeroRecord[] = Array.isArray(body[wrapper]) ? body[wrapper] : [body];
	if (pathId && idField) elements = elements.map((el) => ({ ...el, [idField]: pathId }));
	const ctx: WriteContext = {
		now: call.now,
		mode: req.method === 'PUT' ? 'create' : 'upsert',
		unitdp: req.query.get('unitdp') === '4' ? 4 : 2,
	};
	const summarize = req.query.get('summarizeErrors') !== 'false';
	const flag =
		wrapper === 'Contacts' || wrapper === 'Payments' ? 'HasValidationErrors' : 'HasErrors';

	const response = book.transaction((rollback) => {
		const outcomes = elements.map((element) => ({ element, outcome: save(element, ctx) }));
		const failed = outcomes.filter((o) => 'errors' in o.outcome);
		const asFailure = (o: { element: XeroRecord; outcome: Outcome }) => ({
			...o.element,
			StatusAttributeString: 'ERROR',
			[flag]: true,
			ValidationErrors: ('errors' in o.outcome ? o.outcome.errors : []).map((Message) => ({
				Message,
			})),
		});
		if (summarize && failed.length > 0) {
			rollback();
			return validationException(failed.map(asFailure));
		}
		const items = outcomes.map((o) =>
			'record' in o.outcome
				? { ...(render(o.outcome.record) as XeroRecord), StatusAttributeString: 'OK' }
				: asFailure(o),
		);
		const result: SandboxResponse = { status: 200, body: envelope(call.now, { [wrapper]: items }) };
		if (failed.length < outcomes.length) result.committed = true;
		return result;
	});
	if (key) book.idempotency.set(key, { status: response.status, body: response.body });
	return { ...response, logInfo: { elementCount: elements.length } };
}
