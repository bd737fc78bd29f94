/**
 * Which OAuth scopes open which Accounting API resource. Apps created since March 2026 get granular
 * scopes (accounting.invoices, accounting.payments, ...), older ones the broad
 * accounting.transactions; a token holding neither for a resource is refused, as at Xero.
 */
const READ_SUFFIX = '.read';

const SCOPES: Record<string, string[]> = {
	contacts: ['accounting.contacts'],
	invoices: ['accounting.transactions', 'accounting.invoices'],
	creditnotes: ['accounting.transactions', 'accounting.invoices'],
	payments: ['accounting.transactions', 'accounting.payments'],
	accounts: ['accounting.settings'],
	taxrates: ['accounting.settings'],
	currencies: ['accounting.settings'],
	trackingcategories: ['accounting.settings'],
	organisation: ['accounting.settings'],
};

/** The scopes that would allow this call; empty when the resource is not scope-checked. */
export function acceptedScopes(resource: string, method: string, subResource?: string): string[] {
	let writeScopes = SCOPES[resource.toLowerCase()] ?? [];
	// Allocating a credit note moves money: granular apps may hold it under payments or invoices.
	if (subResource?.toLowerCase() === 'allocations') writeScopes = [...writeScopes, 'accounting.payments'];
	// Files on any document need their own scope, old apps and new alike.
	if (subResource?.toLowerCase() === 'attachments') writeScopes = ['accounting.attachments'];
	if (method !== 'GET') return writeScopes;
	return [...writeScopes, ...writeScopes.map((scope) => `${scope}${READ_SUFFIX}`)];
}

export function scopeAllows(granted: string, resource: string, method: string, subResource?: string) {
	const accepted = acceptedScopes(resource, method, subResource);
	if (accepted.length === 0) return true;
	const held = new Set(granted.split(/\s+/).filter(Boolean));
	return accepted.some((scope) => held.has(scope));
}
