/**
 * Sales credit notes (`ACCRECCREDIT`, never the bill-side `ACCPAYCREDIT`). The source id is the
 * credit note's `Reference`. Lines come from one of three places: the invoice's own lines (a full
 * credit), the caller's lines, or a single line for a gross amount that reuses the invoice's
 * account and tax type so the credit books where the sale did.
 */
import { majorNumberToMinor, toMajorNumber } from '../../money';
import type { CreditNote, CreditNoteRecord } from '../../model';
import type { XeroCreditNote, XeroInvoice, XeroLineItem } from '../wire';

/** The invoice's lines as they can be sent again (ids and computed amounts dropped). */
export function copyInvoiceLines(invoice: XeroInvoice): XeroLineItem[] {
	return (invoice.LineItems ?? []).map((line) => {
		const copy: XeroLineItem = {
			Description: line.Description,
			Quantity: line.Quantity,
			UnitAmount: line.UnitAmount,
			AccountCode: line.AccountCode,
			TaxType: line.TaxType,
			ItemCode: line.ItemCode,
			DiscountRate: line.DiscountRate,
			Tracking: line.Tracking,
		};
		return Object.fromEntries(
			Object.entries(copy).filter(([, v]) => v !== undefined && v !== null),
		) as XeroLineItem;
	});
}

/** One tax-inclusive line for a gross amount, so the credit note total is exactly that amount. */
export function amountLine(note: CreditNote, invoice: XeroInvoice): XeroLineItem {
	const model = invoice.LineItems?.[0];
	const line: XeroLineItem = {
		Description:
			note.reason?.trim() ||
			`Credit for invoice ${invoice.InvoiceNumber ?? invoice.InvoiceID ?? ''}`.trim(),
		Quantity: 1,
		UnitAmount: toMajorNumber(note.amountMinor ?? 0, note.currency),
		AccountCode: model?.AccountCode,
		TaxType: invoice.LineAmountTypes === 'NoTax' ? undefined : model?.TaxType,
	};
	return Object.fromEntries(
		Object.entries(line).filter(([, v]) => v !== undefined),
	) as XeroLineItem;
}

export function toXeroCreditNote(
	note: CreditNote,
	invoice: XeroInvoice,
	lines: XeroLineItem[],
	lineAmountTypes: string,
): XeroCreditNote {
	return {
		Type: 'ACCRECCREDIT',
		Contact: { ContactID: invoice.Contact?.ContactID },
		Date: note.date,
		CurrencyCode: note.currency,
		LineAmountTypes: lineAmountTypes,
		Status: 'AUTHORISED',
		Reference: note.sourceId.trim(),
		LineItems: lines,
	};
}

function minor(value: number | undefined, currency: string): number {
	return typeof value === 'number' && Number.isFinite(value)
		? majorNumberToMinor(value, currency)
		: 0;
}

export function fromXeroCreditNote(
	xero: XeroCreditNote,
	invoiceLedgerId: string | undefined,
): CreditNoteRecord {
	const currency = xero.CurrencyCode ?? '';
	const allocations = (xero.Allocations ?? []).filter((a) => a.IsDeleted !== true);
	const refunds = (xero.Payments ?? []).filter((p) => p.Status !== 'DELETED');
	const record: CreditNoteRecord = {
		ledgerId: xero.CreditNoteID ?? '',
		number: xero.CreditNoteNumber || undefined,
		sourceId: xero.Reference || undefined,
		invoiceLedgerId: invoiceLedgerId ?? allocations[0]?.Invoice?.InvoiceID,
		currency,
		totalMinor: minor(xero.Total, currency),
		allocatedMinor: allocations.reduce((sum, a) => sum + minor(a.Amount, currency), 0),
		refundedMinor: refunds.reduce((sum, p) => sum + minor(p.Amount, currency), 0),
		refundLedgerId: refunds[0]?.PaymentID,
	};
	return Object.fromEntries(
		Object.entries(record).filter(([, v]) => v !== undefined),
	) as CreditNoteRecord;
}

/** What the credit note can still give: its total less allocations and refunds. */
export function remainingCreditMinor(xero: XeroCreditNote): number {
	const currency = xero.CurrencyCode ?? '';
	if (typeof xero.RemainingCredit === 'number') return minor(xero.RemainingCredit, currency);
	const record = fromXeroCreditNote(xero, undefined);
	return record.totalMinor - record.allocatedMinor - record.refundedMinor;
}
