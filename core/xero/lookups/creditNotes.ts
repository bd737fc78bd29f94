/** Sales credit notes by source id (`Reference`), one OR'd `where` per chunk. */
import type { XeroApi } from '../api';
import { firstCreated } from '../creationOrder';
import { orWhereChunks, whereEquals } from '../where';
import type { XeroCreditNote } from '../wire';

const live = (note: XeroCreditNote) => note.Status !== 'DELETED' && note.Status !== 'VOIDED';

/**
 * Every sales credit note per reference, voided ones included (not deleted ones): the re-check
 * after an issue (../creditNoteRace) must see each copy a concurrent execution made.
 */
export async function getAllCreditNotesByReference(
	api: XeroApi,
	references: string[],
): Promise<Map<string, XeroCreditNote[]>> {
	const wanted = new Set(references);
	const found = new Map<string, XeroCreditNote[]>();
	const seen = new Set<string>();
	for (const where of orWhereChunks([...wanted].map((r) => whereEquals('Reference', r)))) {
		for (const note of await api.getAll('/CreditNotes', 'CreditNotes', { where })) {
			const reference = note.Reference;
			if (note.Type !== 'ACCRECCREDIT' || note.Status === 'DELETED') continue;
			if (reference === undefined || !wanted.has(reference)) continue;
			// A record listed twice (paging while others write) counts once.
			if (note.CreditNoteID && seen.has(note.CreditNoteID)) continue;
			if (note.CreditNoteID) seen.add(note.CreditNoteID);
			found.set(reference, [...(found.get(reference) ?? []), note]);
		}
	}
	return found;
}

/**
 * The live sales credit note per reference; of two (executions that issued one source id at
 * the same moment), the one created first, which both keep.
 */
export async function getCreditNotesByReference(
	api: XeroApi,
	references: string[],
): Promise<Map<string, XeroCreditNote>> {
	const found = new Map<string, XeroCreditNote>();
	for (const [reference, notes] of await getAllCreditNotesByReference(api, references)) {
		const first = firstCreated(notes.filter(live));
		if (first) found.set(reference, first);
	}
	return found;
}
