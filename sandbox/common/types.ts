/**
 * Contracts shared by the sandbox's emulators. The sandbox never imports the package's core:
 * an emulator that shares our mapping code would agree with our bugs.
 */

/** A clock the tests can scale: `now()` is the emulated wall time in epoch milliseconds. */
export interface SandboxClock {
	now(): number;
}

/** The clock a sandbox owns: tests move it forward and read its speed. */
export interface ControllableClock extends SandboxClock {
	advance(ms: number): void;
	/** Emulated milliseconds per real millisecond. */
	readonly timeScale: number;
}

export type ServiceName = 'xero-identity' | 'xero' | 'easybill';

export interface SandboxRequest {
	method: string;
	/** Path without query string, e.g. `/api.xro/2.0/Invoices`. */
	path: string;
	/** The raw request target as sent (path and query, still percent-encoded). */
	url?: string;
	query: URLSearchParams;
	/** Header names lower-cased. */
	headers: Record<string, string | undefined>;
	rawBody: Buffer;
	/** JSON or form body, parsed; undefined when empty. */
	body: unknown;
	/** Set when the body could not be parsed (e.g. broken JSON); `body` is then undefined. */
	bodyError?: string;
	/**
	 * Waits out the artificial latency (and a 'slow' fault) for this request. A handler that
	 * holds a resource while the request is in flight (Xero's concurrency slot) calls it inside
	 * that region; otherwise the server waits after the handler returned. Runs at most once.
	 */
	wait?: () => Promise<void>;
}

export interface SandboxResponse {
	status: number;
	headers?: Record<string, string>;
	/** Objects are sent as JSON; strings as-is; undefined as an empty body. */
	body?: unknown;
	/** Set by a handler after it committed a write: the fault injector's "drop after commit" keys on it. */
	committed?: boolean;
	/** What the handler knows for the request log (tenant, batch size, spec failures). */
	logInfo?: Pick<RequestLogEntry, 'tenantId' | 'elementCount' | 'specErrors'>;
	/** Spec-validation failures (same as `logInfo.specErrors`; either is logged). */
	specErrors?: string[];
}

export type Handler = (req: SandboxRequest) => Promise<SandboxResponse>;

export interface RequestLogEntry {
	service: ServiceName;
	method: string;
	path: string;
	query: string;
	status: number;
	/** Emulated time the request arrived. */
	at: number;
	tenantId?: string;
	/** Number of elements in a wrapped Xero body ({"Invoices":[...]}) or 1 for EasyBill writes. */
	elementCount?: number;
	/** Spec-validation failures; a request with any is answered 400 and flagged here. */
	specErrors?: string[];
	/** A fault that the injector applied to this request. */
	fault?: string;
	/** Real milliseconds from arrival to the answer (or the dropped connection). */
	durationMs?: number;
}

/** One scripted failure; see the sandbox README for how `nth` and `times` count. */
export interface FaultRule {
	service: ServiceName;
	method?: string;
	/** Matched against the path without query. */
	path?: string | RegExp;
	/** Apply to the nth matching request (1-based; default 1) ... */
	nth?: number;
	/** ... and this many in a row from there (default 1). */
	times?: number;
	kind: '429' | '500' | '502' | '503' | 'slow' | 'drop-after-commit' | 'expired-token';
	/**
	 * Fire on each matching request with this chance (0..1) instead of by position; `nth`/`times`
	 * are then ignored. Draws come from the injector's seeded random source, so a run replays.
	 */
	probability?: number;
	/** For Xero '429': send no Retry-After at all (a proxy or gateway answering for Xero). */
	omitRetryAfter?: boolean;
	/** For 'slow': real milliseconds to hold the request (default 5000). */
	delayMs?: number;
	/** For '429' (Xero sends Retry-After; EasyBill never does). */
	retryAfterSeconds?: number;
	/** Xero's X-Rate-Limit-Problem for '429' (default 'minute'). */
	problem?: 'minute' | 'concurrent' | 'daily' | 'appminute';
}
