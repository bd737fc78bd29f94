/** Write Off on EasyBill: a CREDIT for the amount due, allocated as its payment (see core/writeOff.ts). */
import type { ItemResult } from '../../ledger';
import type { CreditNoteRecord } from '../../model';
import { writeOffInvoices as writeOff, type ExistingCredit, type WriteOff } from '../../writeOff';
import { fromCents } from '../cents';
import type { EasyBillContext } from '../context';
import { documentsByExternalIds } from '../lookups';
import { findInvoices } from './findInvoices';
import { issueCreditNotes } from './issueCreditNotes';

export function writeOffInvoices(ctx: EasyBillContext, requests: WriteOff[]): Promise<ItemResult<CreditNoteRecord>[]> {
	return writeOff(
		{
			findInvoices: (refs) => findInvoices(ctx, refs),
			creditsBySourceId: async (sourceIds) => {
				const found = new Map<string, ExistingCredit>();
				for (const credit of await documentsByExternalIds(ctx.api, sourceIds, 'CREDIT')) {
					if (!credit.external_id || found.has(credit.external_id)) continue;
					found.set(credit.external_id, { totalMinor: fromCents(credit.amount, credit.currency), currency: credit.currency });
				}
				return found;
			},
			issueCreditNotes: (notes) => issueCreditNotes(ctx, notes),
		},
		requests,
	);
}
