/**
 * Executions whose Create Invoice (or Issue Credit Note) batches differ (another worker sends the same source id alone,
 * or with other invoices) carry different Idempotency-Keys, so Xero does not join them: each one
 * looked the source id up, found nothing and created it. So after its creates, an execution
 * lists the invoices of the source ids it created again (one batched lookup, as before the
 * create) and, where a source id has more than one live invoice, keeps the one created first
 * (../creationOrder: the auto-numbered sequence). Every execution orders the same invoices the
 * same way, and an execution that saw only its own invoice saw the first one (any invoice
 * created before its own would have been in its re-check), so the invoice an execution reported
 * `created` is never one another execution removes. The loser is the later execution's own
 * invoice: deleted while a draft (DRAFT/SUBMITTED), voided once AUTHORISED (Xero cannot delete
 * an approved invoice), and that execution reports the winner. Credit notes race the same way
 * (`settleRaces` with ../creditNoteRace's kind): numbered from their own sequence, the loser voided
 * before it is allocated or refunded.
 */
import {
	compareDocuments,
	describeDifferences,
	expectedTotalMismatch,
	type Difference,
} from '../compare';
import { LedgerError } from '../errors';
import type { ItemResult } from '../ledger';
import { majorNumberToMinor } from '../money';
import type { Invoice, InvoiceLine, InvoiceRecord } from '../model';
import { elementFailed } from './errors';
import { firstCreated, type NumberedDocument } from './creationOrder';
import { identityOf } from './lookups/invoiceIdentity';
import { getAllInvoicesByReference } from './lookups/invoices';
import { inputInvoiceComparable, isXeroDraft, xeroInvoiceComparable } from './mapping/comparable';
import { elementError } from './mapping/elementErrors';
import { fromXeroInvoice } from './mapping/invoice';
import { writeInBatches, type PreparedElement } from './operations/batchWrite';
import type { XeroContext } from './operations/context';
import type { XeroElementStatus, XeroInvoice } from './wire';

/** One record a create answered with, for the caller's item `index`. */
export interface CreatedCopy<T = XeroInvoice> {
	index: number;
	/** The record's `Reference` (its identity when the caller set no number). */
	reference: string;
	xero: T;
	/** This execution made it (its claim came back, ../claim); false: a replay of another's. */
	ours: boolean;
}

export type RaceOutcome<T = XeroInvoice> =
	/** The record answered is the one kept. */
	| { kept: true }
	/** Another record for the source id was created first: report it (ours was removed). */
	| { kept: false; winner: T }
	/** Ours lost but could not be removed: two records stay in Xero. */
	| { kept: false; error: LedgerError };

type Raced = NumberedDocument & { Status?: string };

/** What differs between racing invoices and racing credit notes. */
export interface RaceKind<T extends Raced> {
	/** "invoice", "credit note": how messages name the record. */
	what: string;
	path: '/Invoices' | '/CreditNotes';
	key: 'Invoices' | 'CreditNotes';
	operation: string;
	/** The write that takes a losing copy out of the books. */
	removal(mine: T, id: string): Record<string, string>;
}

const live = (record: Raced) => record.Status !== 'DELETED' && record.Status !== 'VOIDED';
const idOf = (record: Raced) => record.InvoiceID ?? record.CreditNoteID;
const nameOf = (record: Raced) => record.InvoiceNumber ?? record.CreditNoteNumber ?? idOf(record);

export const INVOICE_RACE: RaceKind<XeroInvoice> = {
	what: 'invoice',
	path: '/Invoices',
	key: 'Invoices',
	operation: 'invoicesduplicate',
	removal: (mine, id) => ({ InvoiceID: id, Status: isXeroDraft(mine.Status) ? 'DELETED' : 'VOIDED' }),
};

/**
 * Settles the creates of one execution: an outcome per copy (by `index`). `list` reads every
 * record of the copies' references again, voided ones included. A re-check that cannot be read
 * leaves every copy as reported (`kept`): a failed check never turns a write into `unchanged` on
 * a guess (see core/xero/README.md, "What remains").
 */
export async function settleRaces<T extends Raced>(
	ctx: XeroContext,
	kind: RaceKind<T>,
	copies: Array<CreatedCopy<T>>,
	list: () => Promise<Map<string, T[]>>,
): Promise<Map<number, RaceOutcome<T>>> {
	const outcomes = new Map<number, RaceOutcome<T>>();
	if (copies.length === 0) return outcomes;
	let listed: Map<string, T[]>;
	try {
		listed = await list();
	} catch (error) {
		if (!(error instanceof LedgerError)) throw error;
		for (const copy of copies) outcomes.set(copy.index, { kept: true });
		return outcomes;
	}
	const losers: Array<PreparedElement<Record<string, string>>> = [];
	const winners = new Map<number, T>();
	for (const copy of copies) {
		const id = idOf(copy.xero);
		const same = listed.get(copy.reference) ?? [];
		// Our own record counts even if the list did not show it yet.
		const candidates = same.some((i) => idOf(i) === id) ? same : [...same, copy.xero];
		const winner = firstCreated(candidates.filter(live));
		if (!winner || idOf(winner) === id) {
			outcomes.set(copy.index, { kept: true });
			continue;
		}
		winners.set(copy.index, winner);
		const mine = candidates.find((i) => idOf(i) === id) ?? copy.xero;
		// Only the execution that made the copy removes it (one removal per loser); one already
		// gone needs nothing.
		if (!copy.ours || !live(mine)) {
			outcomes.set(copy.index, { kept: false, winner });
			continue;
		}
		losers.push({ index: copy.index, sourceId: id as string, body: kind.removal(mine, id as string) });
	}
	const removed = await writeInBatches(ctx, losers, {
		method: 'POST',
		path: kind.path,
		key: kind.key,
		operation: kind.operation,
		toResult: (answer, element) => {
			const xero = answer as T & XeroElementStatus;
			if (elementFailed(xero) || (xero?.Status !== 'VOIDED' && xero?.Status !== 'DELETED'))
				return {
					index: element.index,
					action: 'failed',
					error: elementError(xero, element.index, () => 'sourceId', 'removing the duplicate'),
				};
			return { index: element.index, action: 'updated', ledgerId: element.sourceId, record: xero };
		},
	});
	for (const result of removed) {
		const winner = winners.get(result.index) as T;
		if (result.action !== 'failed') {
			outcomes.set(result.index, { kept: false, winner });
			continue;
		}
		const copy = copies.find((c) => c.index === result.index) as CreatedCopy<T>;
		const ours = nameOf(copy.xero);
		outcomes.set(result.index, {
			kept: false,
			error: new LedgerError(
				`sourceId: another execution created ${kind.what} ${nameOf(winner)} for "${copy.reference}" at the same moment, before this execution's ${ours}, and removing ${ours} failed (${result.error.message}): Xero holds both; void or delete ${ours} in Xero`,
				{
					kind: 'mismatch',
					field: 'sourceId',
					itemIndex: result.index,
					ledgerId: idOf(copy.xero),
					vendorMessage: result.error.vendorMessage,
				},
			),
		});
	}
	return outcomes;
}

/** What an item's create wrote: the input, its lines as resolved, and Xero's answer. */
export interface CreatedInvoice {
	invoice: Invoice;
	/** The lines as resolved for the write (account and tax codes filled). */
	lines: InvoiceLine[];
	xero: XeroInvoice;
}

type Settling = CreatedInvoice & {
	/** `created` (this execution made it) or `unchanged` (a replay of another's, see ../claim). */
	result: ItemResult<InvoiceRecord> & { action: 'created' | 'unchanged' };
};

/**
 * The results of an execution's writes once each source id it created is settled: the invoice
 * kept is reported as before; a copy that lost to one created first is removed and the item
 * reports that one, `unchanged` when it holds exactly what was asked, else a `conflict` naming
 * each field. `createdBy` tells, per item, what its create wrote (undefined: not a create).
 * Invoices identified by a number the caller chose are not checked: Xero refuses a second one.
 */
export async function settleCreatedInvoices(
	ctx: XeroContext,
	results: Array<ItemResult<InvoiceRecord>>,
	createdBy: (index: number) => CreatedInvoice | undefined,
): Promise<Array<ItemResult<InvoiceRecord>>> {
	const checked: Settling[] = [];
	for (const result of results) {
		const created = createdBy(result.index);
		if (!created || (result.action !== 'created' && result.action !== 'unchanged')) continue;
		if (identityOf(created.invoice).kind !== 'reference' || !created.xero.InvoiceID) continue;
		checked.push({ ...created, result: { ...result, action: result.action } });
	}
	const copies = checked.map((c) => ({
		index: c.result.index,
		reference: identityOf(c.invoice).value,
		xero: c.xero,
		ours: c.result.action === 'created',
	}));
	// `grownBy`: the invoices just created stand in for a new probe of the list's size.
	const outcomes = await settleRaces(ctx, INVOICE_RACE, copies, () =>
		getAllInvoicesByReference(
			ctx.api,
			copies.map((c) => c.reference),
			copies.length,
		),
	);
	const settled = new Map<number, ItemResult<InvoiceRecord>>();
	for (const c of checked) {
		const outcome = outcomes.get(c.result.index);
		if (!outcome || outcome.kept) continue;
		settled.set(
			c.result.index,
			'error' in outcome
				? { index: c.result.index, action: 'failed', error: outcome.error }
				: reportWinner(c, outcome.winner),
		);
	}
	return results.map((r) => settled.get(r.index) ?? r);
}

function reportWinner(c: Settling, winner: XeroInvoice): ItemResult<InvoiceRecord> {
	const index = c.result.index;
	const { invoice } = c;
	const name = winner.InvoiceNumber ?? winner.InvoiceID;
	const differences: Difference[] = compareDocuments(
		xeroInvoiceComparable(winner),
		inputInvoiceComparable(invoice, c.xero.Contact?.ContactID ?? '', c.lines),
	);
	if (invoice.status === 'final' && isXeroDraft(winner.Status))
		differences.push({ field: 'status', label: 'Status', ledger: 'draft', input: 'final' });
	const mine = c.xero.InvoiceNumber ?? c.xero.InvoiceID;
	const what = `another execution created invoice ${name} for this source id at the same moment, before this execution's ${mine}`;
	if (differences.length > 0) {
		return {
			index,
			action: 'failed',
			error: new LedgerError(
				`${what}, with other values; ${mine} was removed, so nothing of this item stays written. ${describeDifferences(differences)}`,
				{ kind: 'conflict', itemIndex: index, field: differences[0].field, differences },
			),
		};
	}
	const mismatch = expectedTotalMismatch(
		invoice.expectedTotalMinor,
		majorNumberToMinor(winner.Total ?? 0, invoice.currency),
		invoice.currency,
		`invoice ${name}`,
		index,
	);
	if (mismatch) return { index, action: 'failed', error: mismatch };
	return {
		index,
		action: 'unchanged',
		ledgerId: winner.InvoiceID as string,
		record: { ...fromXeroInvoice(winner), sourceId: invoice.sourceId.trim() },
	};
}
