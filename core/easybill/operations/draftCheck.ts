/**
 * Before `PUT /documents/{id}/done` (irreversible: it numbers and locks the document) the draft's
 * amounts must be what the package computed from the input. A draft that came back otherwise (a
 * field the account ignored, another rounding) is removed when this run created it, or left as a
 * draft when it was there before, and the item fails naming the difference: nothing is locked.
 */
import { type Difference, describeDifferences } from '../../compare';
import { LedgerError } from '../../errors';
import type { EasyBillContext } from '../context';
import { EASYBILL_AMOUNT_DECIMALS, expectedAmounts } from '../mapping/comparable';
import type { EbDocument, EbDocumentInput } from '../wire';

const show = (amount: number) =>
	(amount / 10 ** EASYBILL_AMOUNT_DECIMALS).toFixed(EASYBILL_AMOUNT_DECIMALS);

export function draftDifferences(doc: EbDocument, body: EbDocumentInput): Difference[] {
	const expected = expectedAmounts(body);
	if (!expected) return [];
	const out: Difference[] = [];
	if (doc.amount !== expected.grossMinor)
		out.push({ field: 'totalMinor', label: 'Total', ledger: show(doc.amount), input: show(expected.grossMinor) });
	if (doc.amount_net !== expected.netMinor)
		out.push({
			field: 'subtotalMinor',
			label: 'Net Total',
			ledger: show(doc.amount_net),
			input: show(expected.netMinor),
		});
	return out;
}

/** Throws a `conflict` (after removing a draft this run created) when the draft's amounts differ. */
export async function assertDraftAmounts(
	ctx: EasyBillContext,
	doc: EbDocument,
	body: EbDocumentInput,
	createdNow: boolean,
	what: string,
): Promise<void> {
	const differences = draftDifferences(doc, body);
	if (differences.length === 0) return;
	let fate = 'it was left as a draft, not finalised';
	if (createdNow) {
		try {
			await ctx.api.delete(`/documents/${doc.id}`);
			fate = 'the draft was removed';
		} catch {
			fate = `removing the draft failed: draft ${doc.id} is left, not finalised`;
		}
	}
	throw new LedgerError(
		`EasyBill computed other amounts for ${what} than the input gives; ${fate}, nothing was locked. ${describeDifferences(differences)}`,
		{ kind: 'conflict', field: differences[0].field, differences },
	);
}
