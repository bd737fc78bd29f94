/**
 * The Xero organisations the credential reaches, for the "Organisation" resource locator. Listed
 * from GET /connections; the user picks one, we never fall back to the first.
 */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listXeroTenants } from '../../core/xero';
import { baseUrlOf } from './createLedger';
import { XERO_CREDENTIAL } from './credentialTypes';
import { n8nSend } from './n8nSend';
import { toNodeError } from './toNodeError';

export async function searchTenants(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const credentials = await this.getCredentials(XERO_CREDENTIAL);
	let tenants;
	try {
		tenants = await listXeroTenants(
			n8nSend(this, XERO_CREDENTIAL),
			baseUrlOf(credentials.apiBaseUrl),
		);
	} catch (error) {
		throw toNodeError(this, error);
	}
	const term = filter?.trim().toLowerCase();
	return {
		results: tenants
			.filter(
				(t) => !term || t.tenantName.toLowerCase().includes(term) || t.tenantId.includes(term),
			)
			.map((t) => ({ name: t.tenantName || t.tenantId, value: t.tenantId }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}
