/**
 * Write Off: what is still due on an invoice becomes a credit note for exactly that amount,
 * allocated to the invoice, so it is settled without money (Zoho Billing's "write off"). It is an
 * Issue Credit Note by amount (the tax split in proportion, core/proportion.ts) whose amount is
 * read from the ledger, identified by its own source id:
 * - a write-off already issued for the source id is the same credit note again (`unchanged`,
 *   its allocation completed if a run stopped half-way), whatever the invoice owes now;
 * - an invoice with nothing due (paid, credited) is refused as a conflict naming what settled it,
 *   never answered with a zero or negative credit; a draft or a void invoice likewise.
 * The same for every ledger: each supplies its invoice look-up, its credit look-up by source id
 * and its Issue Credit Note.
 */
import { LedgerError } from './errors';
import type { ItemResult } from './ledger';
import { formatMajor } from './money';
import type { CreditNote, CreditNoteRecord, InvoiceRecord, InvoiceRef, IsoDate } from './model';

export interface WriteOff {
	/** The billing system's id of the write-off (e.g. Stripe's uncollectible invoice event): the credit note's source id. */
	sourceId: string;
	invoice: InvoiceRef;
	date: IsoDate;
	reason?: string;
}

/** A credit note issued for a source id earlier: what a re-run must match. */
export interface ExistingCredit {
	totalMinor: number;
	currency: string;
}

export interface WriteOffDeps {
	findInvoices(refs: InvoiceRef[]): Promise<Array<InvoiceRecord | undefined>>;
	creditsBySourceId(sourceIds: string[]): Promise<Map<string, ExistingCredit>>;
	issueCreditNotes(notes: CreditNote[]): Promise<ItemResult<CreditNoteRecord>[]>;
}

function conflict(index: number, message: string): ItemResult<CreditNoteRecord> {
	return { index, action: 'failed', error: new LedgerError(`invoice: ${message}`, { kind: 'conflict', field: 'invoice', itemIndex: index }) };
}

function nothingDue(invoice: InvoiceRecord, index: number): ItemResult<CreditNoteRecord> | undefined {
	const name = `invoice ${invoice.number ?? invoice.ledgerId}`;
	if (invoice.state === 'draft') return conflict(index, `${name} is a draft: approve it before writing it off`);
	if (invoice.state === 'void') return conflict(index, `${name} is void: there is nothing to write off`);
	if (invoice.amountDueMinor > 0) return undefined;
	const money = (minor: number) => `${formatMajor(minor, invoice.currency)} ${invoice.currency}`;
	return conflict(
		index,
		`nothing to write off: ${name} has no amount due (total ${money(invoice.totalMinor)}, paid ${money(invoice.amountPaidMinor)}, credited ${money(invoice.amountCreditedMinor)}); no credit note was issued`,
	);
}

export async function writeOffInvoices(deps: WriteOffDeps, requests: WriteOff[]): Promise<ItemResult<CreditNoteRecord>[]> {
	const results = new Map<number, ItemResult<CreditNoteRecord>>();
	const sourceIds = requests.map((r) => r.sourceId.trim());
	const [invoices, existing] = await Promise.all([
		deps.findInvoices(requests.map((r) => r.invoice)),
		deps.creditsBySourceId([...new Set(sourceIds)]),
	]);
	const notes: Array<{ index: number; note: CreditNote }> = [];
	for (const [index, request] of requests.entries()) {
		const invoice = invoices[index];
		if (!invoice) {
			results.set(index, {
				index,
				action: 'failed',
				error: new LedgerError('invoice: no sales invoice matches it', { kind: 'not_found', field: 'invoice', itemIndex: index }),
			});
			continue;
		}
		const before = existing.get(sourceIds[index]);
		if (!before) {
			const refused = nothingDue(invoice, index);
			if (refused) {
				results.set(index, refused);
				continue;
			}
		}
		notes.push({
			index,
			note: {
				sourceId: sourceIds[index],
				invoice: request.invoice,
				date: request.date,
				currency: before?.currency ?? invoice.currency,
				amountMinor: before?.totalMinor ?? invoice.amountDueMinor,
				allocate: true,
				...(request.reason ? { reason: request.reason } : {}),
			},
		});
	}
	if (notes.length > 0) {
		const issued = await deps.issueCreditNotes(notes.map((n) => n.note));
		for (const result of issued) {
			const index = notes[result.index].index;
			results.set(index, result.action === 'failed' ? { ...result, index, error: result.error.forItem(index) } : { ...result, index });
		}
	}
	return requests.map((_r, index) => results.get(index)!);
}
