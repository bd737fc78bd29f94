/**
 * Idempotency keys for Xero writes. A key is a pure function of the tenant, the operation, the
 * content and what the write was decided on (an update includes the found object's
 * `UpdatedDateUTC`), so the same batch sent again (a retry, a concurrent run) carries the same key
 * and Xero returns the first result instead of creating a second object, while a later, different
 * request never gets a stale answer. A rejection Xero replays is detected in
 * operations/batchWrite and sent again under a key derived from it.
 */
import { createHash } from 'node:crypto';

/** Xero rejects longer keys. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

/** JSON with object keys sorted, so equal content always serialises the same way. */
export function stableStringify(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v)).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * `xero-<operation>-<sha256 of tenant, operation, source ids and content>`; at most 128 chars.
 * The source ids are hashed rather than spelled out so any length or character set fits.
 */
export function idempotencyKey(
	tenantId: string,
	operation: string,
	sourceIds: string[],
	content?: unknown,
): string {
	const digest = createHash('sha256')
		.update(stableStringify({ tenantId, operation, sourceIds, content }))
		.digest('hex');
	const prefix = `xero-${operation.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}-`;
	return (prefix + digest).slice(0, MAX_IDEMPOTENCY_KEY_LENGTH);
}
