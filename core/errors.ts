/**
 * A neutral set of failures every ledger's vendor errors are translated into, so the node layer
 * can explain them the same way whatever ledger answered.
 */
export type LedgerErrorKind =
	| 'auth' // token expired/revoked, bad API key: reconnect the credential
	| 'validation' // the ledger (or our own pre-check) rejected the input
	| 'not_found'
	| 'conflict' // duplicate, locked document, already paid: nothing was written
	| 'mismatch' // written, but the ledger booked other values (e.g. another total) than the input
	| 'rate_limited'
	| 'transient' // 5xx, dropped connection: safe to retry later
	| 'unknown';

export interface LedgerErrorDetails {
	kind: LedgerErrorKind;
	/** Index of the item in the batch the caller passed (the n8n item index in nodes). */
	itemIndex?: number;
	/** The canonical field at fault, e.g. `lines[2].quantity`. */
	field?: string;
	/** The vendor's own words, already scrubbed of secrets. */
	vendorMessage?: string;
	httpStatus?: number;
	retryAfterSeconds?: number;
	/** The request left but no answer came: a write may or may not have happened. */
	outcomeUnknown?: boolean;
	/** For a `conflict` with what the ledger holds: each differing field with both values. */
	differences?: Array<{ field: string; label: string; ledger: string; input: string }>;
	/** For a `mismatch`: the record the ledger did write. */
	ledgerId?: string;
}

export class LedgerError extends Error {
	readonly kind: LedgerErrorKind;
	readonly itemIndex?: number;
	readonly field?: string;
	readonly vendorMessage?: string;
	readonly httpStatus?: number;
	readonly retryAfterSeconds?: number;
	readonly outcomeUnknown?: boolean;
	readonly differences?: LedgerErrorDetails['differences'];
	readonly ledgerId?: string;

	constructor(message: string, details: LedgerErrorDetails) {
		super(message);
		this.name = 'LedgerError';
		this.kind = details.kind;
		this.itemIndex = details.itemIndex;
		this.field = details.field;
		this.vendorMessage = details.vendorMessage;
		this.httpStatus = details.httpStatus;
		this.retryAfterSeconds = details.retryAfterSeconds;
		this.outcomeUnknown = details.outcomeUnknown;
		this.differences = details.differences;
		this.ledgerId = details.ledgerId;
	}

	/** The same error, pinned to an item of the caller's batch. */
	forItem(itemIndex: number): LedgerError {
		return new LedgerError(this.message, { ...this.details(), itemIndex });
	}

	/** The same error with what happened before it told first (`prefix` ends with ": "). */
	prefixed(prefix: string): LedgerError {
		return new LedgerError(`${prefix}${this.message}`, this.details());
	}

	details(): LedgerErrorDetails {
		return {
			kind: this.kind,
			itemIndex: this.itemIndex,
			field: this.field,
			vendorMessage: this.vendorMessage,
			httpStatus: this.httpStatus,
			retryAfterSeconds: this.retryAfterSeconds,
			outcomeUnknown: this.outcomeUnknown,
			differences: this.differences,
			ledgerId: this.ledgerId,
		};
	}
}

/** Invalid canonical input, found before any API call. */
export function invalidInput(field: string, message: string, itemIndex?: number): LedgerError {
	return new LedgerError(`${field}: ${message}`, { kind: 'validation', field, itemIndex });
}

/**
 * The record the item names, as the ledger holds it, cannot take what is asked (a payment on a
 * draft, in another currency, more than is due; a credit above what is left): a `conflict`
 * naming the field, on every ledger alike, and nothing written.
 */
export function ledgerRefusal(field: string, message: string, itemIndex?: number): LedgerError {
	return new LedgerError(`${field}: ${message}`, { kind: 'conflict', field, itemIndex });
}

const REDACTED = '[redacted]';

// Shapes a secret takes even when we were not told its value: auth headers and OAuth fields.
const SECRET_PATTERNS: RegExp[] = [
	/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi,
	/("?(?:access_token|refresh_token|id_token|client_secret|api_key|apiKey|password)"?\s*[:=]\s*"?)[^"&,\s}]+/gi,
];

/**
 * Removes every known secret value and anything shaped like a credential from a text. Applied to
 * every message that leaves the core, because vendor errors sometimes echo the request.
 */
export function scrubSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
	let out = text;
	for (const secret of secrets) {
		// Very short values would redact ordinary words; real secrets are long.
		if (secret && secret.length >= 6) out = out.split(secret).join(REDACTED);
	}
	out = out.replace(SECRET_PATTERNS[0], (_m, scheme: string) => `${scheme} ${REDACTED}`);
	out = out.replace(SECRET_PATTERNS[1], (_m, prefix: string) => `${prefix}${REDACTED}`);
	return out;
}

/** A LedgerError whose message and vendor message are scrubbed of the given secrets. */
export function scrubError(error: LedgerError, secrets: ReadonlyArray<string | undefined>): LedgerError {
	const details = error.details();
	return new LedgerError(scrubSecrets(error.message, secrets), {
		...details,
		vendorMessage:
			details.vendorMessage === undefined ? undefined : scrubSecrets(details.vendorMessage, secrets),
	});
}
