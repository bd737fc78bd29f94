/**
 * The organisations one Xero token reaches (`GET /connections`). The node lets the user pick one:
 * silently taking the first would post invoices into the wrong company.
 */
import { scrubError } from '../errors';
import type { Send } from '../transport';
import { DEFAULT_XERO_API_BASE_URL } from './api';
import { xeroErrors } from './errors';

export async function listXeroTenants(
	send: Send,
	apiBaseUrl: string = DEFAULT_XERO_API_BASE_URL,
): Promise<Array<{ tenantId: string; tenantName: string; tenantType: string }>> {
	const request = {
		method: 'GET' as const,
		url: `${apiBaseUrl.replace(/\/+$/, '')}/connections`,
		headers: { Accept: 'application/json' },
	};
	const response = await send(request);
	if (response.status >= 400) throw scrubError(xeroErrors.translate(response, request), []);
	const list = Array.isArray(response.body)
		? (response.body as Array<Record<string, unknown>>)
		: [];
	return list.map((c) => ({
		tenantId: String(c.tenantId ?? ''),
		tenantName: String(c.tenantName ?? ''),
		tenantType: String(c.tenantType ?? ''),
	}));
}
