/** Write Off on Xero: an ACCRECCREDIT for the amount due, allocated (see core/writeOff.ts). */
import type { ItemResult } from '../../ledger';
import { majorNumberToMinor } from '../../money';
import type { CreditNoteRecord } from '../../model';
import { writeOffInvoices as writeOff, type ExistingCredit, type WriteOff } from '../../writeOff';
import { getCreditNotesByReference } from '../lookups/creditNotes';
import type { XeroContext } from './context';
import { findInvoices } from './findInvoices';
import { issueCreditNotes } from './issueCreditNotes';

export function writeOffInvoices(ctx: XeroContext, requests: WriteOff[]): Promise<ItemResult<CreditNoteRecord>[]> {
	return writeOff(
		{
			findInvoices: (refs) => findInvoices(ctx, refs),
			creditsBySourceId: async (sourceIds) => {
				const found = new Map<string, ExistingCredit>();
				for (const [sourceId, note] of await getCreditNotesByReference(ctx.api, sourceIds)) {
					const currency = note.CurrencyCode ?? '';
					found.set(sourceId, { totalMinor: majorNumberToMinor(note.Total ?? 0, currency), currency });
				}
				return found;
			},
			issueCreditNotes: (notes) => issueCreditNotes(ctx, notes),
		},
		requests,
	);
}
