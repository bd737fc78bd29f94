/**
 * EasyBill documents no signature for webhook deliveries, so the trigger puts a random token in the
 * URL it registers and accepts only deliveries that carry it back.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes as URL-safe text: unguessable and needs no escaping in a query string. */
export function newSecretToken(): string {
	return randomBytes(32).toString('base64url');
}

/** Constant-time equality of a received token and the stored one; false when either is missing. */
export function tokensEqual(received: unknown, expected: string | undefined): boolean {
	if (typeof received !== 'string' || !received || !expected) return false;
	// Hashing first gives equal lengths, so timingSafeEqual never throws and length leaks nothing.
	const a = createHash('sha256').update(received).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}
