/**
 * Xero `where` filters are a C#-like expression language. Every value goes through
 * `quoteWhereValue`: an unescaped quote in a customer name would otherwise end the string and
 * change the filter (`O'Brien "Ltd"` must match itself, not a different contact).
 */

/** A string literal for a where clause: backslashes and double quotes escaped. */
export function quoteWhereValue(value: string): string {
	return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `Field=="value"` with the value safely quoted. */
export function whereEquals(field: string, value: string): string {
	return `${field}==${quoteWhereValue(value)}`;
}

/**
 * Ors clauses together in as few filters as possible while each stays below `maxEncodedLength`
 * once URL-encoded: proxies and Xero itself reject very long URLs.
 */
export function orWhereChunks(clauses: string[], maxEncodedLength = 1500): string[] {
	const chunks: string[] = [];
	let current = '';
	for (const clause of [...new Set(clauses)]) {
		const candidate = current ? `${current} OR ${clause}` : clause;
		if (current && encodeURIComponent(candidate).length > maxEncodedLength) {
			chunks.push(current);
			current = clause;
		} else {
			current = candidate;
		}
	}
	if (current) chunks.push(current);
	return chunks;
}

/**
 * Comma-joined id lists (`IDs=`, `InvoiceNumbers=`) split the same way, 50 per call: fifty
 * GUIDs (about 1,950 characters encoded) fit, so a webhook burst of 50 invoices costs one call.
 */
export function commaListChunks(
	values: string[],
	maxItems = 50,
	maxEncodedLength = 2000,
): string[] {
	const chunks: string[] = [];
	let current: string[] = [];
	for (const value of [...new Set(values)]) {
		const candidate = [...current, value];
		const tooLong = encodeURIComponent(candidate.join(',')).length > maxEncodedLength;
		if (current.length > 0 && (candidate.length > maxItems || tooLong)) {
			chunks.push(current.join(','));
			current = [value];
		} else {
			current = candidate;
		}
	}
	if (current.length > 0) chunks.push(current.join(','));
	return chunks;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Xero ids are GUIDs, and `IDs=` with anything else fails the whole lookup (HTTP 400): a value
 * that is not a GUID cannot name a Xero object, so it is simply not found.
 */
export function isXeroId(value: string): boolean {
	return GUID.test(value.trim());
}
