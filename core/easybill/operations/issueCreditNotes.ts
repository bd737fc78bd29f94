/**
 * Issue Credit Note: a CREDIT document with `ref_id` = the invoice and `external_id` = the source
 * id, finalised. EasyBill has no credit allocation or refund objects, so (our decision, from the
 * Swagger file and API-FACTS):
 * - allocate: a payment on the invoice for min(credit, open amount), `reference` "credit:<source id>",
 *   `provider` "credit note" — it lowers what the invoice still owes, as Xero's allocation does —
 *   and its counterpart on the CREDIT document (`credit-applied:<source id>`), so both documents
 *   show as settled in EasyBill (see README);
 * - refund: a payment on the CREDIT document for what was not allocated, `reference`
 *   "refund:<source id>" — the credit is paid out and shows as settled.
 * Both are refused before any write when there is nothing to allocate or refund. Each step is
 * looked up before it is done, so a run interrupted half-way is completed by running it again.
 */
import type { Difference } from '../../compare';
import { invalidInput, ledgerRefusal } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { CreditNote, CreditNoteRecord } from '../../model';
import { formatMajor } from '../../money';
import { fromCents } from '../cents';
import type { EasyBillContext } from '../context';
import { createOnce } from '../createOnce';
import { settleCreateRace } from '../createRace';
import { documentsByExternalIds, paymentsByDocumentIds, resolveInvoiceRefs } from '../lookups';
import { planCredit } from '../mapping/credit';
import { CREDIT_ALLOCATION_PREFIX, openAmount } from '../mapping/document';
import { failed, inOrder, validateAll } from '../results';
import { validateCreditNote } from '../validation';
import type { EbDocument, EbPayment, EbPaymentInput } from '../wire';
import {
	creditLabel,
	creditTotalMismatch,
	decideCreditCorrection,
	updateDraftCredit,
} from './creditCorrection';
import { finalise } from './createInvoices';
import { assertDraftAmounts } from './draftCheck';
import { addPayment, requireInvoice } from './recordPayments';

export const allocationReference = (sourceId: string): string =>
	`${CREDIT_ALLOCATION_PREFIX}${sourceId}`;
export const refundReference = (sourceId: string): string => `refund:${sourceId}`;
/** The allocation's counterpart on the CREDIT document. */
export const appliedReference = (sourceId: string): string => `credit-applied:${sourceId}`;

interface Batch {
	credits: Map<string, EbDocument>;
	payments: EbPayment[];
	invoices: Map<number, EbDocument>;
	/** Cents already credited per invoice id (existing CREDITs with that ref_id), read once per invoice. */
	credited: Map<number, number>;
}

/** Checks what can be checked before the first write of a new credit. */
function checkPlan(
	note: CreditNote,
	invoice: EbDocument,
	totalMinor: number,
	creditedMinor: number,
): void {
	const money = (cents: number) =>
		`${formatMajor(fromCents(cents, invoice.currency), invoice.currency)} ${invoice.currency}`;
	const field = note.amountMinor !== undefined ? 'amountMinor' : 'lines';
	if (totalMinor <= 0) throw invalidInput(field, 'the credit must total more than zero');
	const creditable = invoice.amount - creditedMinor;
	if (totalMinor > creditable) {
		const already = creditedMinor > 0 ? ` (${money(creditedMinor)} of it is credited already)` : '';
		throw ledgerRefusal(
			field,
			`the credit of ${money(totalMinor)} exceeds what is left to credit on the invoice total of ${money(invoice.amount)}${already}`,
		);
	}
	const allocated = note.allocate ? Math.min(totalMinor, openAmount(invoice)) : 0;
	if (note.allocate && allocated === 0) {
		throw ledgerRefusal(
			'allocate',
			`invoice ${invoice.number ?? invoice.id} has nothing left to pay; refund the credit instead`,
		);
	}
	if (note.refund && totalMinor - allocated <= 0) {
		throw invalidInput(
			'refund',
			'the whole credit is allocated to the invoice; nothing is left to refund',
		);
	}
}

/**
 * What earlier credits took off the invoice. `ref_id` filters take one id (the Swagger file promises
 * no list), so this is one call per invoice, made only when a new credit is about to be written.
 */
async function creditedSoFar(
	ctx: EasyBillContext,
	batch: Batch,
	invoiceId: number,
): Promise<number> {
	const known = batch.credited.get(invoiceId);
	if (known !== undefined) return known;
	const credits = await ctx.api.listAll<EbDocument>('/documents', {
		type: 'CREDIT',
		ref_id: invoiceId,
	});
	const total = credits
		.filter((c) => c.ref_id === invoiceId && (c.cancel_id === null || c.cancel_id === undefined))
		.reduce((sum, c) => sum + c.amount, 0);
	batch.credited.set(invoiceId, total);
	return total;
}

/** "Keep the Ledger's Version": the credit as EasyBill holds it, with what differs; nothing written. */
function keptCredit(
	index: number,
	note: CreditNote,
	invoice: EbDocument,
	credit: EbDocument,
	batch: Batch,
	differences: Difference[],
): ItemResult<CreditNoteRecord> {
	const paid = (documentId: number, reference: string) =>
		batch.payments
			.filter((p) => p.document_id === documentId && p.reference === reference)
			.reduce((sum, p) => sum + p.amount, 0);
	const record = creditRecord(
		credit,
		note,
		invoice,
		paid(invoice.id, allocationReference(note.sourceId)),
		paid(credit.id, refundReference(note.sourceId)),
	);
	return { index, action: 'unchanged', ledgerId: record.ledgerId, record, differences };
}

function creditRecord(
	credit: EbDocument,
	note: CreditNote,
	invoice: EbDocument,
	allocatedCents: number,
	refundedCents: number,
	refundLedgerId?: string,
): CreditNoteRecord {
	const record: CreditNoteRecord = {
		ledgerId: String(credit.id),
		sourceId: note.sourceId,
		invoiceLedgerId: String(invoice.id),
		currency: credit.currency,
		totalMinor: fromCents(credit.amount, credit.currency),
		allocatedMinor: fromCents(allocatedCents, credit.currency),
		refundedMinor: fromCents(refundedCents, credit.currency),
	};
	if (credit.number) record.number = credit.number;
	if (refundLedgerId) record.refundLedgerId = refundLedgerId;
	return record;
}

async function issueOne(
	ctx: EasyBillContext,
	batch: Batch,
	index: number,
	note: CreditNote,
	found: EbDocument | undefined,
): Promise<ItemResult<CreditNoteRecord>> {
	const listed = requireInvoice(found, note.invoice);
	const invoice = batch.invoices.get(listed.id) ?? listed;
	if (invoice.is_draft)
		throw ledgerRefusal(
			'invoice',
			`invoice ${invoice.id} is a draft; finalise it before crediting it`,
		);
	if (invoice.currency !== note.currency)
		throw ledgerRefusal(
			'currency',
			`the invoice is in ${invoice.currency}, the credit in ${note.currency}`,
		);
	let credit = batch.credits.get(note.sourceId);
	let changed = false;
	let created = false;
	// Another execution created this credit at the same moment and its draft was kept (see
	// createRace): completing its steps here is part of that one creation, not a change of ours.
	let raced = false;
	const plan = planCredit(note, invoice);
	if (!credit) {
		const mismatch = creditTotalMismatch(note, plan.totalCents, 'this credit note', index);
		if (mismatch) throw mismatch;
		const creditedMinor = await creditedSoFar(ctx, batch, invoice.id);
		checkPlan(note, invoice, plan.totalCents, creditedMinor);
		credit = await createOnce(
			() => ctx.api.post<EbDocument>('/documents', plan.body),
			async () =>
				(await documentsByExternalIds(ctx.api, [note.sourceId], 'CREDIT')).find(
					(d) => d.external_id === note.sourceId,
				),
		);
		const race = await settleCreateRace(
			credit,
			async () =>
				(await documentsByExternalIds(ctx.api, [note.sourceId], 'CREDIT')).filter(
					(d) => d.external_id === note.sourceId,
				),
			(id) => ctx.api.delete(`/documents/${id}`),
		);
		credit = race.winner;
		batch.credits.set(note.sourceId, credit);
		batch.credited.set(invoice.id, creditedMinor + credit.amount);
		created = race.won;
		raced = !race.won;
		// `done` locks it: the draft's amounts must be the input's first.
		if (created) await assertDraftAmounts(ctx, credit, plan.body, true, 'this credit note');
	}
	if (!created) {
		const decision = decideCreditCorrection(credit, note, plan, index);
		if (decision.action === 'conflict') throw decision.error;
		if (decision.action === 'unchanged' && decision.differences)
			return keptCredit(index, note, invoice, credit, batch, decision.differences);
		const what = creditLabel(credit);
		if (decision.action === 'update') {
			const mismatch = creditTotalMismatch(note, plan.totalCents, what, index);
			if (mismatch) throw mismatch;
			const others = (await creditedSoFar(ctx, batch, invoice.id)) - credit.amount;
			checkPlan(note, invoice, plan.totalCents, others);
			credit = await updateDraftCredit(ctx, credit, plan);
			batch.credits.set(note.sourceId, credit);
			batch.credited.set(invoice.id, others + credit.amount);
			changed = true;
			raced = false;
		} else {
			const mismatch = creditTotalMismatch(note, credit.amount, what, index);
			if (mismatch) throw mismatch;
		}
	}
	if (credit.is_draft) {
		credit = await finalise(ctx, credit);
		batch.credits.set(note.sourceId, credit);
		changed = true;
	}
	let allocatedMinor = 0;
	if (note.allocate) {
		const body: EbPaymentInput = {
			document_id: invoice.id,
			amount: Math.min(credit.amount, openAmount(invoice)),
			payment_at: note.date,
			reference: allocationReference(note.sourceId),
			provider: 'credit note',
			notice: `Credit note ${credit.number ?? credit.id}`,
			is_overdue_fee: false,
		};
		const already = batch.payments.find(
			(p) => p.document_id === body.document_id && p.reference === body.reference,
		);
		if (!already && body.amount <= 0)
			throw ledgerRefusal(
				'allocate',
				`invoice ${invoice.number ?? invoice.id} has nothing left to pay`,
			);
		const step = await addPayment(ctx, body, batch.payments);
		allocatedMinor = step.payment.amount;
		if (step.created) {
			batch.invoices.set(invoice.id, {
				...invoice,
				paid_amount: (invoice.paid_amount ?? 0) + allocatedMinor,
			});
			changed = true;
		}
		// The other half of the offset, so the credit shows as settled (used) too, not as open.
		const offset = await addPayment(
			ctx,
			{
				document_id: credit.id,
				amount: allocatedMinor,
				payment_at: note.date,
				reference: appliedReference(note.sourceId),
				provider: 'credit note',
				notice: `Offset against invoice ${invoice.number ?? invoice.id}`,
				is_overdue_fee: false,
			},
			batch.payments,
		);
		changed ||= offset.created;
	}
	let refundedMinor = 0;
	let refundLedgerId: string | undefined;
	if (note.refund) {
		const body: EbPaymentInput = {
			document_id: credit.id,
			amount: credit.amount - allocatedMinor,
			payment_at: note.refund.date,
			reference: refundReference(note.sourceId),
			is_overdue_fee: false,
		};
		if (note.refund.reference) body.notice = note.refund.reference;
		const already = batch.payments.find(
			(p) => p.document_id === body.document_id && p.reference === body.reference,
		);
		if (!already && body.amount <= 0) throw invalidInput('refund', 'nothing is left to refund');
		const step = await addPayment(ctx, body, batch.payments);
		refundedMinor = step.payment.amount;
		refundLedgerId = String(step.payment.id);
		changed ||= step.created;
	}
	const record = creditRecord(credit, note, invoice, allocatedMinor, refundedMinor, refundLedgerId);
	const action = created ? 'created' : changed && !raced ? 'updated' : 'unchanged';
	return { index, action, ledgerId: record.ledgerId, record };
}

export async function issueCreditNotes(
	ctx: EasyBillContext,
	notes: CreditNote[],
): Promise<ItemResult<CreditNoteRecord>[]> {
	const { results, valid } = validateAll<CreditNoteRecord, CreditNote, CreditNote>(
		notes,
		validateCreditNote,
	);
	if (valid.length === 0) return inOrder(results);
	let invoices: Array<EbDocument | undefined>;
	const batch: Batch = {
		credits: new Map(),
		payments: [],
		invoices: new Map(),
		credited: new Map(),
	};
	try {
		invoices = await resolveInvoiceRefs(
			ctx.api,
			valid.map((v) => v.value.invoice),
		);
		for (const credit of await documentsByExternalIds(
			ctx.api,
			valid.map((v) => v.value.sourceId),
			'CREDIT',
		)) {
			if (credit.external_id && !batch.credits.has(credit.external_id))
				batch.credits.set(credit.external_id, credit);
		}
		const documentIds = [
			...invoices.flatMap((d) => (d ? [d.id] : [])),
			...[...batch.credits.values()].map((c) => c.id),
		];
		batch.payments = await paymentsByDocumentIds(ctx.api, [...new Set(documentIds)]);
	} catch (error) {
		return inOrder([...results, ...valid.map((v) => failed<CreditNoteRecord>(v.index, error))]);
	}
	for (const [i, { index, value }] of valid.entries()) {
		try {
			results.push(await issueOne(ctx, batch, index, value, invoices[i]));
		} catch (error) {
			results.push(failed(index, error));
		}
	}
	return inOrder(results);
}
