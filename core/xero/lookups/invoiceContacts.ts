/**
 * The contact of each invoice in a batch: inline contacts are upserted, source ids are found in
 * one lookup, ledger ids are taken as given (their defaults fetched only when a line needs them).
 */
import { LedgerError } from '../../errors';
import type { Contact, Invoice } from '../../model';
import type { XeroContact } from '../wire';
import type { XeroContext } from '../operations/context';
import { upsertContacts } from '../operations/upsertContacts';
import { findContactsBySourceId, getContactsById } from './contacts';

export type FailedContact = { index: number; action: 'failed'; error: LedgerError };

export interface ResolvedContact {
	contactId: string;
	defaults?: XeroContact;
}

/** Contact ids for every invoice, with the contact's defaults when lines need them. */
export async function resolveInvoiceContacts(
	ctx: XeroContext,
	work: Array<{ index: number; invoice: Invoice }>,
): Promise<Map<number, ResolvedContact | FailedContact>> {
	const resolved = new Map<number, ResolvedContact | FailedContact>();
	const inline = work.filter((w) => 'contact' in w.invoice.contact);
	if (inline.length > 0) {
		const upserted = await upsertContacts(
			ctx,
			inline.map((w) => (w.invoice.contact as { contact: Contact }).contact),
			{ reported: false },
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

