/**
 * EasyBill list filters take comma lists (`number=a,b,c`). A value that itself holds a comma must
 * be written `\,`, which EasyBill honours only with the header `X-Easybill-Escape: true`; without
 * it "Müller, Schmidt GmbH" is looked up as two names. The request line may not exceed 4,094 bytes
 * (414 beyond), so long lists are split into several requests.
 */

export const ESCAPE_HEADER = { 'X-Easybill-Escape': 'true' } as const;

/** The request-line limit of EasyBill's front end, `GET <target> HTTP/1.1` included. */
export const MAX_REQUEST_LINE_BYTES = 4094;

/** Escapes one value for a comma list: backslash first, so `\,` stays unambiguous. */
export function escapeFilterValue(value: string): string {
	return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,');
}

/** Bytes a query value takes once percent-encoded (an upper bound of what any HTTP client sends). */
function encodedBytes(text: string): number {
	return Buffer.byteLength(encodeURIComponent(text));
}

/**
 * The request line a GET would have, in bytes, with every value percent-encoded (the worst case:
 * clients that leave `,` or `:` unencoded send less).
 */
export function requestLineBytes(
	method: string,
	url: string,
	query: Record<string, string | number>,
): number {
	let path = url;
	try {
		path = new URL(url).pathname;
	} catch {
		// A relative URL is measured as given.
	}
	const pairs = Object.entries(query).map(
		([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`,
	);
	const target = pairs.length > 0 ? `${path}?${pairs.join('&')}` : path;
	return Buffer.byteLength(`${method} ${target} HTTP/1.1`);
}

/**
 * Splits `values` into comma lists that keep the request line (`GET url?...&filter=<list>`) within
 * the limit. Duplicates and empty values are dropped. A single value too long on its own still gets
 * its own chunk: EasyBill will answer 414 and the caller sees it.
 */
export function chunkFilterValues(
	values: readonly string[],
	fixedLineBytes: number,
	filterName: string,
	limit = MAX_REQUEST_LINE_BYTES,
): string[] {
	const unique = [...new Set(values.filter((v) => v !== ''))];
	const chunks: string[] = [];
	// `&name=` (or `?name=`) joins the filter to the fixed part.
	const budget = limit - fixedLineBytes - Buffer.byteLength(`&${encodeURIComponent(filterName)}=`);
	let current = '';
	for (const value of unique) {
		const escaped = escapeFilterValue(value);
		const candidate = current === '' ? escaped : `${current},${escaped}`;
		if (current !== '' && encodedBytes(candidate) > budget) {
			chunks.push(current);
			current = escaped;
		} else {
			current = candidate;
		}
	}
	if (current !== '') chunks.push(current);
	return chunks;
}
