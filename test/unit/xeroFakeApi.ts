/**
 * A scripted stand-in for Xero's HTTP API, for unit tests of core/xero: routes each request to a
 * handler by method and path, records every request, and builds ledgers on a virtual clock.
 */
import { createXeroLedger, type XeroLedger, type XeroLedgerOptions } from '../../core/xero';
import type { HttpRequest, HttpResponse } from '../../core/transport';
import { virtualClock } from '../helpers/http';

export const TENANT = '0c6f1b8e-7d2a-4c5e-9a41-3f2b8d9e1a77';
export const BASE = 'http://xero.test';

export type Route = (request: HttpRequest) => HttpResponse | Promise<HttpResponse>;

export function ok(body: unknown, headers: Record<string, string> = {}): HttpResponse {
	return { status: 200, headers, body };
}

/** Echoes a batch back with ids, as Xero does for a successful `summarizeErrors=false` write. */
export function echoBatch(
	key: string,
	idField: string,
	reject: (element: Record<string, unknown>, i: number) => string | undefined = () => undefined,
): Route {
	let next = 0;
	return (request) => {
		const elements = ((request.body as Record<string, unknown[]>)[key] ?? []) as Array<
			Record<string, unknown>
		>;
		return ok({
			[key]: elements.map((element, i) => {
				const message = reject(element, i);
				if (message)
					return { ...element, HasErrors: true, ValidationErrors: [{ Message: message }] };
				next += 1;
				return {
					...element,
					[idField]: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
					HasErrors: false,
				};
			}),
		});
	};
}

export interface FakeXero {
	ledger: XeroLedger;
	requests: HttpRequest[];
	/** Requests with the given method whose path ends with `path`. */
	calls(method: string, path: string): HttpRequest[];
	clock: ReturnType<typeof virtualClock>;
}

/** `routes` keys are `METHOD /Path` (path after /api.xro/2.0); unknown routes answer an empty list. */
export function fakeXero(
	routes: Record<string, Route>,
	options: Partial<XeroLedgerOptions> = {},
): FakeXero {
	const requests: HttpRequest[] = [];
	const clock = virtualClock();
	const send = async (request: HttpRequest): Promise<HttpResponse> => {
		requests.push(request);
		const path = request.url.replace(`${BASE}/api.xro/2.0`, '');
		const route = routes[`${request.method} ${path}`];
		if (route) return route(request);
		return ok({});
	};
	const ledger = createXeroLedger({ send, clock, tenantId: TENANT, apiBaseUrl: BASE, ...options });
	return {
		ledger,
		requests,
		clock,
		calls: (method, path) =>
			requests.filter((r) => r.method === method && r.url.endsWith(`/api.xro/2.0${path}`)),
	};
}
