/**
 * Which of several concurrent executions made a record. Executions that send the same write (a
 * webhook retried while its first delivery still runs, on another worker) share one
 * Idempotency-Key, so Xero writes once and answers every one of them with the first answer: none
 * can tell from that answer whether its own request made the record. So each one then adds a note
 * to the record's History ("Created by n8n Accounting Sync, run <random id>") under a key derived
 * from the write's key. Xero keeps the first note and replays it to the others: the execution whose
 * own run id comes back reports `created`, the others `unchanged` (the ledger already held exactly
 * what they asked for). An execution alone pays one call per batch it created something in.
 */
import { randomUUID } from 'node:crypto';

import { LedgerError } from '../errors';
import { idempotencyKey } from './idempotency';
import type { XeroContext } from './operations/context';

/** The History note that claims a write; `run` is this execution's random id. */
export function claimNote(what: string, run: string): string {
	return `${what} by n8n Accounting Sync (run ${run})`;
}

/**
 * True when this execution made the write keyed `writeKey` (or when that cannot be told: a failed
 * claim never turns a write into `unchanged`). `recordPath` is the written record, e.g.
 * `/Invoices/<InvoiceID>`.
 */
export async function claimWrite(
	ctx: XeroContext,
	recordPath: string,
	writeKey: string,
	what = 'Created',
): Promise<boolean> {
	const run = randomUUID();
	try {
		const [answer] = await ctx.api.writeBatch(
			'PUT',
			`${recordPath}/History`,
			'HistoryRecords',
			[{ Details: claimNote(what, run) }],
			{ idempotencyKey: idempotencyKey(ctx.tenantId, 'claim', [writeKey]) },
		);
		const details = (answer as { Details?: unknown } | undefined)?.Details;
		return typeof details !== 'string' || details.includes(run);
	} catch (error) {
		if (!(error instanceof LedgerError)) throw error;
		return true;
	}
}
