/**
 * Create Invoice. An invoice is identified by its `InvoiceNumber` when the caller gives one, else
 * by its `Reference` (the source id, or the caller's reference): both are looked up for the whole
 * batch first, and an invoice that already exists comes back `unchanged`. Contacts are resolved
 * in batches too (inline ones are upserted), tax types are resolved from rates, then the rest is
 * created 50 per PUT under an idempotency key.
 */
import { LedgerError, invalidInput } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { Contact, Invoice, InvoiceLine, InvoiceRecord } from '../../model';
import { elementFailed } from '../errors';
import { findContactsBySourceId, getContactsById } from '../lookups/contacts';
import { getInvoicesByNumber, getInvoicesByReference } from '../lookups/invoices';
import { elementError, lineFieldFor } from '../mapping/elementErrors';
import { fromXeroInvoice, invoiceReference, toXeroInvoice } from '../mapping/invoice';
import { validateInvoice } from '../validate';
import type { XeroContact, XeroInvoice } from '../wire';
import { writeInBatches, type PreparedElement } from './batchWrite';
import type { XeroContext } from './context';
import { upsertContacts } from './upsertContacts';

type Failed = { index: number; action: 'failed'; error: LedgerError };

/** What identifies an invoice in Xero: its number when the caller chose one, else its reference. */
function identityOf(invoice: Invoice): { kind: 'number' | 'reference'; value: string } {
	const number = invoice.number?.trim();
	return number
		? { kind: 'number', value: number }
		: { kind: 'reference', value: invoiceReference(invoice) };
}

function identityKey(invoice: Invoice): string {
	const { kind, value } = identityOf(invoice);
	return `${kind}:${value}`;
}

async function findExisting(
	ctx: XeroContext,
	invoices: Invoice[],
): Promise<Map<string, XeroInvoice>> {
	const numbers = invoices
		.filter((i) => identityOf(i).kind === 'number')
		.map((i) => identityOf(i).value);
	const references = invoices
		.filter((i) => identityOf(i).kind === 'reference')
		.map((i) => identityOf(i).value);
	const [byNumber, byReference] = await Promise.all([
		numbers.length ? getInvoicesByNumber(ctx.api, numbers) : new Map<string, XeroInvoice>(),
		references.length
			? getInvoicesByReference(ctx.api, references)
			: new Map<string, XeroInvoice>(),
	]);
	const found = new Map<string, XeroInvoice>();
	for (const [value, invoice] of byNumber) found.set(`number:${value}`, invoice);
	for (const [value, invoice] of byReference) found.set(`reference:${value}`, invoice);
	return found;
}

function recordFor(invoice: Invoice, xero: XeroInvoice): InvoiceRecord {
	return { ...fromXeroInvoice(xero), sourceId: invoice.sourceId.trim() };
}

interface ResolvedContact {
	contactId: string;
	defaults?: XeroContact;
}

/** Contact ids for every invoice, with the contact's defaults when lines need them. */
async function resolveContacts(
	ctx: XeroContext,
	work: Array<{ index: number; invoice: Invoice }>,
): Promise<Map<number, ResolvedContact | Failed>> {
	const resolved = new Map<number, ResolvedContact | Failed>();
	const inline = work.filter((w) => 'contact' in w.invoice.contact);
	if (inline.length > 0) {
		const upserted = await upsertContacts(
			ctx,
			inline.map((w) => (w.invoice.contact as { contact: Contact }).contact),
		);
		upserted.forEach((result, i) => {
			const { index } = inline[i];
			if (result.action === 'failed') {
				const e = result.error;
				resolved.set(index, {
					index,
					action: 'failed',
					error: new LedgerError(`contact: ${e.message}`, {
						...e.details(),
						itemIndex: index,
						field: `contact.${e.field ?? 'name'}`,
					}),
				});
			} else {
				const r = result.record;
				resolved.set(index, {
					contactId: result.ledgerId,
					defaults: {
						SalesDefaultAccountCode: r.defaultAccountCode,
						AccountsReceivableTaxType: r.defaultTaxType,
					},
				});
			}
		});
	}
	const bySource = work.filter((w) => 'sourceId' in w.invoice.contact);
	if (bySource.length > 0) {
		const found = await findContactsBySourceId(
			ctx.api,
			bySource.map((w) => (w.invoice.contact as { sourceId: string }).sourceId.trim()),
		);
		for (const { index, invoice } of bySource) {
			const sourceId = (invoice.contact as { sourceId: string }).sourceId.trim();
			const contact = found.get(sourceId);
			resolved.set(
				index,
				contact?.ContactID
					? { contactId: contact.ContactID, defaults: contact }
					: {
							index,
							action: 'failed',
							error: new LedgerError(
								`contact.sourceId: no Xero contact has the source id (ContactNumber) "${sourceId}"`,
								{
									kind: 'not_found',
									field: 'contact.sourceId',
									itemIndex: index,
								},
							),
						},
			);
		}
	}
	const byId = work.filter((w) => 'ledgerId' in w.invoice.contact);
	// The contact's defaults matter only for lines without an account code or tax type.
	const needDefaults = byId.filter((w) =>
		w.invoice.lines.some((l) => !l.accountCode || (!l.taxType && l.taxRatePercent === undefined)),
	);
	const defaults = needDefaults.length
		? await getContactsById(
				ctx.api,
				needDefaults.map((w) => (w.invoice.contact as { ledgerId: string }).ledgerId.trim()),
			)
		: new Map<string, XeroContact>();
	for (const { index, invoice } of byId) {
		const contactId = (invoice.contact as { ledgerId: string }).ledgerId.trim();
		resolved.set(index, { contactId, defaults: defaults.get(contactId) });
	}
	return resolved;
}

/**
 * Lines with their account code and tax type filled in from what the caller gave: the line's
 * own values, a tax rate resolved against the org's tax rates, or the contact's defaults. Never a
 * hard-coded code: what is right differs per country and org.
 */
export async function resolveLines(
	ctx: XeroContext,
	lines: InvoiceLine[],
	taxMode: Invoice['taxMode'],
	defaults: XeroContact | undefined,
	itemIndex: number,
	fieldPrefix = 'lines',
): Promise<InvoiceLine[]> {
	const out: InvoiceLine[] = [];
	for (const [i, line] of lines.entries()) {
		let taxType = line.taxType?.trim() || undefined;
		if (!taxType && taxMode !== 'none') {
			if (line.taxRatePercent !== undefined) {
				taxType = await ctx.settings.taxTypeForRate(
					line.taxRatePercent,
					`${fieldPrefix}[${i}].taxType`,
					itemIndex,
				);
			} else {
				taxType = defaults?.AccountsReceivableTaxType || undefined;
			}
		}
		const accountCode = line.accountCode?.trim() || defaults?.SalesDefaultAccountCode || undefined;
		out.push({ ...line, taxType, accountCode });
	}
	return out;
}

function invoiceFieldFor(invoice: Invoice) {
	return (message: string): string | undefined => {
		if (/invoice ?number/i.test(message)) return 'number';
		if (/due ?date/i.test(message)) return 'dueDate';
		if (/contact/i.test(message)) return 'contact';
		if (/currency/i.test(message)) return 'currency';
		if (/\bdate\b/i.test(message)) return 'issueDate';
		if (/reference/i.test(message)) return 'reference';
		return lineFieldFor(message, invoice.lines);
	};
}

function needsFourDecimals(invoice: XeroInvoice): boolean {
	return (invoice.LineItems ?? []).some(
		(line) => !Number.isInteger(Math.round((line.UnitAmount ?? 0) * 1e6) / 1e4),
	);
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
		const existing = await findExisting(
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

	const contacts =
		work.length > 0
			? await resolveContacts(ctx, work)
			: new Map<number, ResolvedContact | Failed>();
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
			const found = await findExisting(ctx, batch);
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
