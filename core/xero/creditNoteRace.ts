/**
 * Issue Credit Note's race (see ./createRace): executions whose batches differ but share a source
 * id each issue a credit note for it. Right after the issue, before any allocation or refund, each
 * one lists the credit notes of the source ids it issued again and keeps the one created first
 * (the CN-0001, CN-0002, ... sequence); a later copy is still unallocated then, so its maker voids
 * it (an issued credit note cannot be deleted) and goes on with the kept one as found.
 */
import { LedgerError } from '../errors';
import type { XeroContext } from './operations/context';
import { settleRaces, type CreatedCopy, type RaceKind, type RaceOutcome } from './createRace';
import { getAllCreditNotesByReference } from './lookups/creditNotes';
import type { XeroCreditNote } from './wire';

export const CREDIT_NOTE_RACE: RaceKind<XeroCreditNote> = {
	what: 'credit note',
	path: '/CreditNotes',
	key: 'CreditNotes',
	operation: 'creditnotesduplicate',
	removal: (_mine, id) => ({ CreditNoteID: id, Status: 'VOIDED' }),
};

/**
 * Starts the re-check's list for the source ids a batch just issued (alongside the batch's claim,
 * so the allocation waits no longer than before); `settle` then decides every copy.
 */
export class CreditNoteRecheck {
	private readonly lists: Array<Promise<Map<string, XeroCreditNote[]> | LedgerError>> = [];

	constructor(private readonly ctx: XeroContext) {}

	start(references: string[]): void {
		if (references.length === 0) return;
		this.lists.push(
			getAllCreditNotesByReference(this.ctx.api, references).catch((error: unknown) => {
				if (error instanceof LedgerError) return error;
				throw error;
			}),
		);
	}

	async settle(
		copies: Array<CreatedCopy<XeroCreditNote>>,
	): Promise<Map<number, RaceOutcome<XeroCreditNote>>> {
		const lists = await Promise.all(this.lists);
		return settleRaces(this.ctx, CREDIT_NOTE_RACE, copies, async () => {
			const merged = new Map<string, XeroCreditNote[]>();
			for (const list of lists) {
				if (list instanceof LedgerError) throw list;
				for (const [reference, notes] of list) {
					const known = merged.get(reference) ?? [];
					const ids = new Set(known.map((n) => n.CreditNoteID));
					merged.set(reference, [...known, ...notes.filter((n) => !ids.has(n.CreditNoteID))]);
				}
			}
			return merged;
		});
	}
}
