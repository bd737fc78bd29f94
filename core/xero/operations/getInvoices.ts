/**
 * Get Invoice: each ref resolved in one batched call per kind (`IDs=`, `InvoiceNumbers=`, the
 * source id in `Reference`), with the payments and credit notes Xero lists on the invoice, and the
 * online-invoice link for approved ones (one call each: Xero has no batched form of it).
 */
import { LedgerError } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { CreditApplied, InvoiceDetails } from '../../lifecycle';
import { majorNumberToMinor } from '../../money';
import type { InvoiceRef } from '../../model';
import { xeroDateToIso } from '../../dates';
import { resolveInvoiceRefs } from '../lookups/invoices';
import { fromXeroInvoice, fromXeroPayment } from '../mapping/invoice';
import type { XeroInvoice } from '../wire';
import type { XeroContext } from './context';

export function describeInvoiceRef(ref: InvoiceRef): string {
	if ('ledgerId' in ref) return `id ${ref.ledgerId}`;
	if ('number' in ref) return `number ${ref.number}`;
	return `source id ${ref.sourceId}`;
}

export function invoiceNotFound(ref: InvoiceRef, index: number): LedgerError {
	return new LedgerError(`invoice: no Xero sales invoice with ${describeInvoiceRef(ref)}`, {
		kind: 'not_found',
		field: 'invoice',
		itemIndex: index,
	});
}

function isoOrUndefined(value: string | undefined): string | undefined {
	if (!value) return undefined;
	try {
		return xeroDateToIso(value);
	} catch {
		return undefined;
	}
}

export function invoiceDetails(xero: XeroInvoice, onlineUrl?: string): InvoiceDetails {
	const currency = xero.CurrencyCode ?? '';
	const credits: CreditApplied[] = (xero.CreditNotes ?? []).map((note) => {
		const applied = (note as { AppliedAmount?: number }).AppliedAmount ?? note.Total ?? 0;
		const credit: CreditApplied = {
			ledgerId: note.CreditNoteID ?? '',
			amountMinor: majorNumberToMinor(applied, currency),
		};
		if (note.CreditNoteNumber) credit.number = note.CreditNoteNumber;
		const date = isoOrUndefined(note.Date);
		if (date) credit.date = date;
		return credit;
	});
	return {
		...fromXeroInvoice(xero),
		payments: (xero.Payments ?? [])
			.filter((p) => p.Status !== 'DELETED')
			.map((p) => fromXeroPayment(p, xero.InvoiceID ?? '', currency)),
		credits,
		...(onlineUrl ? { onlineUrl } : {}),
	};
}

async function onlineUrlOf(ctx: XeroContext, invoice: XeroInvoice): Promise<string | undefined> {
	if (invoice.Status !== 'AUTHORISED' && invoice.Status !== 'PAID') return undefined;
	const envelope = (await ctx.api.get(`/Invoices/${invoice.InvoiceID}/OnlineInvoice`)) as {
		OnlineInvoices?: Array<{ OnlineInvoiceUrl?: string }>;
	};
	return envelope.OnlineInvoices?.[0]?.OnlineInvoiceUrl || undefined;
}

export async function getInvoices(
	ctx: XeroContext,
	refs: InvoiceRef[],
	options: { onlineUrl?: boolean } = {},
): Promise<ItemResult<InvoiceDetails>[]> {
	const found = await resolveInvoiceRefs(ctx.api, refs);
	const urls = new Map<string, string | undefined>();
	const results: ItemResult<InvoiceDetails>[] = [];
	for (const [index, ref] of refs.entries()) {
		const xero = found[index];
		if (!xero?.InvoiceID) {
			results.push({ index, action: 'failed', error: invoiceNotFound(ref, index) });
			continue;
		}
		try {
			if (options.onlineUrl !== false && !urls.has(xero.InvoiceID))
				urls.set(xero.InvoiceID, await onlineUrlOf(ctx, xero));
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			results.push({ index, action: 'failed', error: error.forItem(index) });
			continue;
		}
		const record = invoiceDetails(xero, urls.get(xero.InvoiceID));
		if ('sourceId' in ref) record.sourceId = ref.sourceId.trim();
		results.push({ index, action: 'unchanged', ledgerId: xero.InvoiceID, record });
	}
	return results;
}
