/**
 * Issue Credit Note resent for a source id whose CREDIT exists: compared with what the input would
 * write (core/compare, both sides as EasyBill positions through the same mapping). Equal → the
 * existing credit (its allocation or refund is still completed); a draft → updated in place (PUT),
 * checked, then finalised; a finalised credit is locked by EasyBill, so other values are a
 * `conflict` naming each field, or `unchanged` with `differences` under "Keep the Ledger's Version".
 * Expected Total is checked against the total the credit will carry before anything is written.
 */
import {
	type Correction,
	type Difference,
	compareDocuments,
	decideCorrection,
	expectedTotalMismatch,
} from '../../compare';
import type { CreditNote } from '../../model';
import { fromCents } from '../cents';
import type { EasyBillContext } from '../context';
import type { CreditPlan } from '../mapping/credit';
import { bodyComparable, documentComparable } from '../mapping/comparable';
import type { EbDocument, EbDocumentInput } from '../wire';
import { assertDraftAmounts } from './draftCheck';

export function creditLabel(credit: EbDocument): string {
	return `credit note ${credit.number ?? credit.id}`;
}

/**
 * What differs. By amount the positions are derived from the invoice, so what the caller gave,
 * the total, is compared instead of the derived positions.
 */
export function creditDifferences(
	credit: EbDocument,
	note: CreditNote,
	plan: CreditPlan,
): Difference[] {
	const ledger = documentComparable(credit);
	const input = bodyComparable(plan.body);
	if (note.amountMinor !== undefined) {
		delete ledger.lines;
		delete input.lines;
		ledger.totalMinor = credit.amount;
		input.totalMinor = plan.totalCents;
	}
	const differences = compareDocuments(ledger, input);
	// The invoice a credit belongs to is part of what was asked: a credit resent against another
	// invoice must not be allocated (or refunded) there as if it were the same credit.
	const asked = plan.body.ref_id;
	if (asked !== undefined && credit.ref_id !== asked) {
		differences.unshift({
			field: 'invoice',
			label: 'Invoice',
			ledger: credit.ref_id === null || credit.ref_id === undefined ? 'none' : `document ${credit.ref_id}`,
			input: `document ${asked}`,
		});
	}
	return differences;
}

export function decideCreditCorrection(
	credit: EbDocument,
	note: CreditNote,
	plan: CreditPlan,
	index: number,
): Correction {
	return decideCorrection(creditDifferences(credit, note, plan), {
		policy: note.ifDifferent,
		draft: credit.is_draft,
		locked: 'EasyBill locks finalised documents',
		what: creditLabel(credit),
		itemIndex: index,
	});
}

/** Expected Total against the total (EasyBill hundredths) the credit will carry. */
export function creditTotalMismatch(
	note: CreditNote,
	totalCents: number,
	what: string,
	index: number,
) {
	return expectedTotalMismatch(
		note.expectedTotalMinor,
		fromCents(totalCents, note.currency),
		note.currency,
		what,
		index,
	);
}

/** A draft credit with other values: PUT in place, then checked before anyone finalises it. */
export async function updateDraftCredit(
	ctx: EasyBillContext,
	credit: EbDocument,
	plan: CreditPlan,
): Promise<EbDocument> {
	// `type` can only be set on create.
	const changes: Partial<EbDocumentInput> = { ...plan.body };
	delete changes.type;
	const updated = await ctx.api.put<EbDocument>(`/documents/${credit.id}`, changes);
	await assertDraftAmounts(ctx, updated, plan.body, false, creditLabel(credit));
	return updated;
}
