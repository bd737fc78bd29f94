/** Sales credit notes by source id (`Reference`), one OR'd `where` per chunk. */
import type { XeroApi } from '../api';
import { orWhereChunks, whereEquals } from '../where';
import type { XeroCreditNote } from '../wire';

export async function getCreditNotesByReference(
	api: XeroApi,
	references: string[],
): Promise<Map<string, XeroCreditNote>> {
	const found = new Map<string, XeroCreditNote>();
	for (const where of orWhereChunks(references.map((r) => whereEquals('Reference', r)))) {
		for (const note of await api.getAll('/CreditNotes', 'CreditNotes', { where })) {
			const live = note.Status !== 'DELETED' && note.Status !== 'VOIDED';
			if (note.Type === 'ACCRECCREDIT' && live && note.Reference && !found.has(note.Reference))
				found.set(note.Reference, note);
		}
	}
	return found;
}

/** One credit note, fresh (after an allocation or refund changed it). */
export async function getCreditNote(api: XeroApi, id: string): Promise<XeroCreditNote | undefined> {
	return (await api.get(`/CreditNotes/${encodeURIComponent(id)}`)).CreditNotes?.[0];
}
