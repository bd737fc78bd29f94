/**
 * Create Invoice: `external_id` = source id is the idempotency handle. Every batch first looks its
 * source ids up (comma lists); an invoice that exists is compared with the input (core/compare):
 * `unchanged` only when equal, a draft is updated in place, a finalised one (locked) is a conflict.
 * Status `final` means `PUT /documents/{id}/done`, which locks the document: before it, the draft's
 * amounts are checked against the input (operations/draftCheck).
 */
import { compareDocuments, decideCorrection, expectedTotalMismatch } from '../../compare';
import { LedgerError } from '../../errors';
import type { ItemResult } from '../../ledger';
import { documentTotals } from '../../money';
import type { Contact, Invoice, InvoiceRecord } from '../../model';
import type { EasyBillContext } from '../context';
import { createOnce } from '../createOnce';
import { recordsByHandle, settleCreateRace } from '../createRace';
import { CustomerFinder } from '../customerFinder';
import { customersByNumbers, documentsByExternalIds } from '../lookups';
import { bodyComparable, documentComparable } from '../mapping/comparable';
import { documentToInvoiceRecord, invoiceToDocument } from '../mapping/document';
import { failed, inOrder, validateAll } from '../results';
import { validateInvoice } from '../validation';
import type { EbDocument, EbDocumentInput } from '../wire';
import { assertDraftAmounts } from './draftCheck';
import { upsertCustomer } from './upsertContacts';

/** Finalises a draft; a document already final is returned as it is. */
export async function finalise(ctx: EasyBillContext, doc: EbDocument): Promise<EbDocument> {
	if (!doc.is_draft) return doc;
	try {
		return await ctx.api.put<EbDocument>(`/documents/${doc.id}/done`);
	} catch (error) {
		if (error instanceof LedgerError && error.kind === 'not_found') {
			// Someone deleted the draft between our two calls (a concurrent Void Invoice, a user):
			// running again would book a new invoice, which may be exactly what was not wanted.
			throw new LedgerError(
				`Document ${doc.id} was deleted in EasyBill before it could be finalised (a Void Invoice or a user removed the draft): nothing is booked for this invoice. Run again only if it should still be booked`,
				{ ...error.details(), kind: 'conflict' },
			);
		}
		if (error instanceof LedgerError) {
			throw new LedgerError(
				`Document ${doc.id} was created as a draft but finalising it failed (running again finalises it): ${error.message}`,
				error.details(),
			);
		}
		throw error;
	}
}

/** Customer ids for every invoice that still has to be created, upserting inline contacts first. */
async function resolveCustomers(
	ctx: EasyBillContext,
	invoices: Array<{ index: number; value: Invoice }>,
): Promise<Map<number, number | LedgerError>> {
	const out = new Map<number, number | LedgerError>();
	const bySource = invoices.flatMap(({ value }) =>
		'sourceId' in value.contact ? [value.contact.sourceId] : [],
	);
	const numbers = new Map<string, number>();
	for (const customer of await customersByNumbers(ctx.api, bySource))
		numbers.set(customer.number, customer.id);
	const inline = invoices.flatMap(({ value }) =>
		'contact' in value.contact ? [value.contact.contact] : [],
	);
	const finder = inline.length > 0 ? await CustomerFinder.load(ctx.api, inline) : undefined;
	for (const { index, value } of invoices) {
		const ref = value.contact;
		try {
			if ('ledgerId' in ref) out.set(index, Number(ref.ledgerId));
			else if ('sourceId' in ref) {
				const id = numbers.get(ref.sourceId);
				out.set(
					index,
					id ??
						new LedgerError(
							`contact.sourceId: no EasyBill customer has the number "${ref.sourceId}"; upsert the contact first`,
							{
								kind: 'not_found',
								field: 'contact.sourceId',
							},
						),
				);
			} else {
				const { customer } = await upsertCustomer(
					ctx,
					finder as CustomerFinder,
					(ref as { contact: Contact }).contact,
				);
				out.set(index, customer.id);
			}
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			out.set(index, error);
		}
	}
	return out;
}

/**
 * How many new drafts share one re-check list. Fewer list calls (one per invoice was a third of a
 * new-invoice batch's calls), against how long a draft waits before it is checked and finalised:
 * up to this many creates plus as many finalisations, 100 calls (under 2 minutes at 60/min).
 */
export const RACE_CHECK_CHUNK = 50;

interface PendingCreate {
	index: number;
	invoice: Invoice;
	body: EbDocumentInput;
	doc: EbDocument;
}

/**
 * The drafts this run created, re-checked in one list for a concurrent execution's create of the
 * same source id (lowest id wins, a loser removes its own draft and reports the winner), then the
 * winners' amounts checked and finalised.
 */
async function settleCreated(
	ctx: EasyBillContext,
	created: PendingCreate[],
	existing: Map<string, EbDocument>,
): Promise<ItemResult<InvoiceRecord>[]> {
	if (created.length === 0) return [];
	let rivals: Map<string, EbDocument[]>;
	try {
		rivals = await recordsByHandle(
			created.map((p) => p.invoice.sourceId),
			(ids) => documentsByExternalIds(ctx.api, ids, 'INVOICE'),
			(d) => d.external_id,
		);
	} catch (error) {
		return created.map((p) => failed(p.index, uncheckedDraft(p.doc, error)));
	}
	const results: ItemResult<InvoiceRecord>[] = [];
	for (const { index, invoice, body, doc: draft } of created) {
		let doc = draft;
		try {
			const race = await settleCreateRace(
				doc,
				async () => rivals.get(invoice.sourceId) ?? [],
				(id) => ctx.api.delete(`/documents/${id}`),
			);
			if (!race.won) {
				// Another execution created it first; ours (a draft) is gone again.
				existing.set(invoice.sourceId, race.winner);
				results.push({
					index,
					action: 'unchanged',
					ledgerId: String(race.winner.id),
					record: documentToInvoiceRecord(race.winner),
				});
				continue;
			}
			existing.set(invoice.sourceId, doc);
			await assertDraftAmounts(ctx, doc, body, true, 'this invoice');
			if (invoice.status === 'final') {
				doc = await finalise(ctx, doc);
				existing.set(invoice.sourceId, doc);
			}
			results.push({
				index,
				action: 'created',
				ledgerId: String(doc.id),
				record: documentToInvoiceRecord(doc),
			});
		} catch (error) {
			results.push(failed(index, error));
		}
	}
	return results;
}

/** The re-check list failed: the draft stays unfinalised, and a re-run finds and finalises it. */
function uncheckedDraft(doc: EbDocument, error: unknown): unknown {
	if (!(error instanceof LedgerError)) return error;
	return new LedgerError(
		`Document ${doc.id} was created as a draft but checking it for a concurrent create failed, so it was not finalised (running again finalises it): ${error.message}`,
		error.details(),
	);
}

export async function createInvoices(
	ctx: EasyBillContext,
	invoices: Invoice[],
): Promise<ItemResult<InvoiceRecord>[]> {
	const { results, valid } = validateAll<InvoiceRecord, Invoice, Invoice>(
		invoices,
		validateInvoice,
	);
	if (valid.length === 0) return inOrder(results);
	const existing = new Map<string, EbDocument>();
	let customers: Map<number, number | LedgerError>;
	try {
		for (const doc of await documentsByExternalIds(
			ctx.api,
			valid.map((v) => v.value.sourceId),
			'INVOICE',
		)) {
			// Two for one source id (a race a crashed loser never cleaned up): the lowest id is the one kept.
			const seen = doc.external_id ? existing.get(doc.external_id) : undefined;
			if (doc.external_id && (!seen || doc.id < seen.id)) existing.set(doc.external_id, doc);
		}
		// Existing invoices need their customer too: it is one of the values compared.
		customers = await resolveCustomers(ctx, valid);
	} catch (error) {
		return inOrder([...results, ...valid.map((v) => failed<InvoiceRecord>(v.index, error))]);
	}
	// New drafts wait here for the concurrency re-check, one list call per chunk.
	const pending: PendingCreate[] = [];
	const settlePending = async () => {
		results.push(...(await settleCreated(ctx, pending.splice(0), existing)));
	};
	for (const { index, value: invoice } of valid) {
		// The same source id twice in one batch: the second is compared with the settled first.
		if (pending.some((p) => p.invoice.sourceId === invoice.sourceId)) await settlePending();
		try {
			const customerId = customers.get(index);
			if (customerId instanceof LedgerError) throw customerId;
			const body = invoiceToDocument(invoice, customerId as number);
			const mismatch = expectedTotalMismatch(
				invoice.expectedTotalMinor,
				documentTotals(invoice.lines, invoice.taxMode).grossMinor,
				invoice.currency,
				'this invoice',
				index,
			);
			const found = existing.get(invoice.sourceId);
			if (found) {
				const result = await correct(ctx, index, invoice, found, body, mismatch);
				results.push(result);
				continue;
			}
			if (mismatch) throw mismatch;
			const doc = await createOnce(
				() => ctx.api.post<EbDocument>('/documents', body),
				async () =>
					(await documentsByExternalIds(ctx.api, [invoice.sourceId], 'INVOICE')).find(
						(d) => d.external_id === invoice.sourceId,
					),
			);
			pending.push({ index, invoice, body, doc });
			if (pending.length >= RACE_CHECK_CHUNK) await settlePending();
		} catch (error) {
			results.push(failed(index, error));
		}
	}
	await settlePending();
	return inOrder(results);
}

/**
 * An invoice that exists for the source id: unchanged when equal; a draft is updated in place
 * (PUT) and finalised if asked; a finalised one is locked by EasyBill, so other values are a
 * conflict unless the caller keeps the ledger's version.
 */
async function correct(
	ctx: EasyBillContext,
	index: number,
	invoice: Invoice,
	found: EbDocument,
	body: EbDocumentInput,
	mismatch: LedgerError | undefined,
): Promise<ItemResult<InvoiceRecord>> {
	const what = `invoice ${found.number ?? found.id}`;
	const differences = compareDocuments(documentComparable(found), {
		...bodyComparable(body, invoice.dueDate),
		status: invoice.status,
	});
	const cancelled = found.cancel_id !== null && found.cancel_id !== undefined;
	const decision = decideCorrection(differences, {
		policy: invoice.ifDifferent,
		draft: found.is_draft,
		locked: cancelled
			? `it is cancelled in EasyBill (storno ${found.cancel_id})`
			: 'EasyBill locks finalised documents',
		what,
		itemIndex: index,
	});
	if (decision.action === 'conflict') throw decision.error;
	const wantsFinal = invoice.status === 'final' && found.is_draft;
	if (decision.action === 'unchanged' && (decision.differences || !wantsFinal)) {
		if (!decision.differences && invoice.expectedTotalMinor !== undefined) {
			const booked = expectedTotalMismatch(
				invoice.expectedTotalMinor,
				documentToInvoiceRecord(found).totalMinor,
				invoice.currency,
				what,
				index,
			);
			if (booked) throw booked;
		}
		return {
			index,
			action: 'unchanged',
			ledgerId: String(found.id),
			record: documentToInvoiceRecord(found),
			...(decision.differences ? { differences: decision.differences } : {}),
		};
	}
	if (mismatch) throw mismatch;
	let doc = found;
	if (decision.action === 'update') {
		// `type` can only be set on create.
		const changes: Partial<EbDocumentInput> = { ...body };
		delete changes.type;
		doc = await ctx.api.put<EbDocument>(`/documents/${found.id}`, changes);
	}
	await assertDraftAmounts(ctx, doc, body, false, what);
	if (wantsFinal) doc = await finalise(ctx, doc);
	return {
		index,
		action: 'updated',
		ledgerId: String(doc.id),
		record: documentToInvoiceRecord(doc),
	};
}
