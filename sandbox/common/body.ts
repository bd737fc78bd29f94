/** Parses a request body the way the vendors accept it: JSON, or form fields for OAuth token calls. */
export function parseBody(
	raw: Buffer,
	contentType: string | undefined,
): { body: unknown; error?: string } {
	if (raw.length === 0) return { body: undefined };
	const text = raw.toString('utf8');
	const type = (contentType ?? '').toLowerCase();
	if (type.includes('application/x-www-form-urlencoded')) {
		return { body: Object.fromEntries(new URLSearchParams(text)) };
	}
	const looksJson = type.includes('json') || /^\s*[[{]/.test(text);
	if (!looksJson) return { body: text };
	try {
		return { body: JSON.parse(text) };
	} catch (error) {
		return { body: undefined, error: `Invalid JSON: ${(error as Error).message}` };
	}
}
