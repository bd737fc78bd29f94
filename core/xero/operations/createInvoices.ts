/**
 * Create Invoice: an invoice that already exists for its identity (lookups/invoiceIdentity) comes
 * back `unchanged`; contacts are resolved in batches (lookups/invoiceContacts), lines get their
 * account and tax codes (mapping/lines), and the rest is created 50 per PUT under an idempotency key.
 */
import { LedgerError, invalidInput } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { Invoice, InvoiceRecord } from '../../model';
import { ensureDailyBudget } from '../dailyBudget';
import { elementFailed } from '../errors';
import {
	resolveInvoiceContacts,
	type FailedContact,
	type ResolvedContact,
} from '../lookups/invoiceContacts';
import { findExistingInvoices, identityKey } from '../lookups/invoiceIdentity';
import { elementError, invoiceFieldFor } from '../mapping/elementErrors';
import { fromXeroInvoice, needsFourDecimals, toXeroInvoice } from '../mapping/invoice';
import { resolveLines } from '../mapping/lines';
import { validateInvoice } from '../validate';
import type { XeroInvoice } from '../wire';
import { writeInBatches, type PreparedElement } from './batchWrite';
import type { XeroContext } from './context';

function recordFor(invoice: Invoice, xero: XeroInvoice): InvoiceRecord {
	return { ...fromXeroInvoice(xero), sourceId: invoice.sourceId.trim() };
}

export async function createInvoices(
	ctx: XeroContext,
	invoices: Invoice[],
): Promise<Array<ItemResult<InvoiceRecord>>> {
	const results = new Map<number, ItemResult<InvoiceRecord>>();
	const firstOfIdentity = new Map<string, number>();
	let work: Array<{ index: number; invoice: Invoice }> = [];
	invoices.forEach((invoice, index) => {
		const error = validateInvoice(invoice, index);
		if (error) {
			results.set(index, { index, action: 'failed', error });
			return;
		}
		const key = identityKey(invoice);
		if (firstOfIdentity.has(key)) return; // a repeat in the same batch reports the first one's outcome
		firstOfIdentity.set(key, index);
		work.push({ index, invoice });
	});

	if (work.length > 0) {
		const existing = await findExistingInvoices(
			ctx,
			work.map((w) => w.invoice),
		);
		work = work.filter(({ index, invoice }) => {
			const found = existing.get(identityKey(invoice));
			if (!found?.InvoiceID) return true;
			results.set(index, {
				index,
				action: 'unchanged',
				ledgerId: found.InvoiceID,
				record: recordFor(invoice, found),
			});
			return false;
		});
	}

	const inlineContacts = work.filter((w) => 'contact' in w.invoice.contact).length;
	ensureDailyBudget(
		ctx,
		{ lookups: inlineContacts, writes: [inlineContacts, work.length] },
		`creating ${work.length} invoices`,
	);
	const contacts =
		work.length > 0
			? await resolveInvoiceContacts(ctx, work)
			: new Map<number, ResolvedContact | FailedContact>();
	const prepared: Array<PreparedElement<XeroInvoice>> = [];
	const byIndex = new Map<number, Invoice>();
	for (const { index, invoice } of work) {
		const contact = contacts.get(index);
		if (!contact || 'action' in contact) {
			results.set(
				index,
				contact ?? {
					index,
					action: 'failed',
					error: invalidInput('contact', 'could not be resolved', index),
				},
			);
			continue;
		}
		try {
			const lines = await resolveLines(
				ctx,
				invoice.lines,
				invoice.taxMode,
				contact.defaults,
				index,
			);
			prepared.push({
				index,
				sourceId: invoice.sourceId.trim(),
				body: toXeroInvoice(invoice, contact.contactId, lines),
			});
			byIndex.set(index, invoice);
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			results.set(index, { index, action: 'failed', error: error.forItem(index) });
		}
	}

	const written = await writeInBatches(ctx, prepared, {
		method: 'PUT',
		path: '/Invoices',
		key: 'Invoices',
		operation: 'invoices',
		// Xero keeps two unit-price decimals unless told otherwise; KWD and friends have three.
		query: (batch) => (batch.some((e) => needsFourDecimals(e.body)) ? { unitdp: 4 } : {}),
		toResult: (answer, element): ItemResult<InvoiceRecord> => {
			const xero = answer as XeroInvoice;
			const invoice = byIndex.get(element.index) as Invoice;
			if (elementFailed(xero) || !xero?.InvoiceID) {
				return {
					index: element.index,
					action: 'failed',
					error: elementError(xero, element.index, invoiceFieldFor(invoice), 'the invoice'),
				};
			}
			return {
				index: element.index,
				action: 'created',
				ledgerId: xero.InvoiceID,
				record: recordFor(invoice, xero),
			};
		},
		recover: async (elements) => {
			const batch = elements.map((e) => byIndex.get(e.index) as Invoice);
			const found = await findExistingInvoices(ctx, batch);
			const recovered = new Map<number, ItemResult<InvoiceRecord>>();
			elements.forEach((element, i) => {
				const xero = found.get(identityKey(batch[i]));
				if (xero?.InvoiceID) {
					recovered.set(element.index, {
						index: element.index,
						action: 'created',
						ledgerId: xero.InvoiceID,
						record: recordFor(batch[i], xero),
					});
				}
			});
			return recovered;
		},
	});
	for (const result of written) results.set(result.index, result);

	return invoices.map((invoice, index): ItemResult<InvoiceRecord> => {
		const own = results.get(index);
		if (own) return own;
		const first = results.get(firstOfIdentity.get(identityKey(invoice)) ?? -1);
		if (first && first.action !== 'failed')
			return { index, action: 'unchanged', ledgerId: first.ledgerId, record: first.record };
		const error = first
			? first.error.forItem(index)
			: invalidInput('sourceId', 'was not processed', index);
		return { index, action: 'failed', error };
	});
}
