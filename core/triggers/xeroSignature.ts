/**
 * Xero signs every webhook delivery with the app's signing key: `x-xero-signature` is the base64
 * HMAC-SHA256 of the raw body bytes. The check must run on those exact bytes (re-serialised JSON
 * differs in whitespace and key order) and compare in constant time, so response timing reveals
 * nothing about how much of a forged signature was right.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function xeroSignatureOf(rawBody: Buffer | string, key: string): string {
	return createHmac('sha256', key).update(rawBody).digest('base64');
}

export function verifyXeroSignature(
	rawBody: Buffer,
	header: string | undefined,
	key: string,
): boolean {
	// An empty key would make every attacker who guesses "empty" a valid sender.
	if (!key || typeof header !== 'string' || header.length === 0) return false;
	const expected = Buffer.from(xeroSignatureOf(rawBody, key), 'utf8');
	const given = Buffer.from(header.trim(), 'utf8');
	// timingSafeEqual throws on different lengths; the length of a valid signature is public anyway.
	if (given.length !== expected.length) return false;
	return timingSafeEqual(given, expected);
}
