/** The organisation picker: the tenants the Xero credential can reach (`GET /connections`). */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listXeroTenants } from '../../../core/xero';

export async function searchTenants(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const credentials = await this.getCredentials('xeroAccountingSyncOAuth2Api');
	const apiBaseUrl = typeof credentials.apiBaseUrl === 'string' && credentials.apiBaseUrl ? credentials.apiBaseUrl : undefined;
	const tenants = await listXeroTenants(async (request) => {
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'xeroAccountingSyncOAuth2Api', {
			method: request.method,
			url: request.url,
			headers: request.headers,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; headers: Record<string, string>; body: unknown };
		return { status: response.statusCode, headers: response.headers, body: response.body };
	}, apiBaseUrl);
	const term = filter?.trim().toLowerCase();
	return {
		results: tenants
			.filter((tenant) => tenant.tenantType === 'ORGANISATION')
			.filter((tenant) => !term || tenant.tenantName.toLowerCase().includes(term))
			.map((tenant) => ({ name: tenant.tenantName, value: tenant.tenantId })),
	};
}
