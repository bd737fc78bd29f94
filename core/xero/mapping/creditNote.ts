/**
 * Sales credit notes (`ACCRECCREDIT`, never the bill-side `ACCPAYCREDIT`). The source id is the
 * credit note's `Reference`. Lines come from one of three places: the invoice's own lines (a full
 * credit), the caller's lines, or a single line for a gross amount that reuses the invoice's
 * account and tax type so the credit books where the sale did.
 */
import { majorNumberToMinor, toMajorNumber } from '../../money';
import type { CreditNote, CreditNoteRecord } from '../../model';
import { splitInProportion } from '../../proportion';
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

function creditDescription(note: CreditNote, invoice: XeroInvoice): string {
	return (
		note.reason?.trim() ||
		`Credit for invoice ${invoice.InvoiceNumber ?? invoice.InvoiceID ?? ''}`.trim()
	);
}

function withoutUndefined(line: XeroLineItem): XeroLineItem {
	return Object.fromEntries(
		Object.entries(line).filter(([, v]) => v !== undefined),
	) as XeroLineItem;
}

/**
 * Tax-inclusive lines for a gross amount, so the credit note total is exactly that amount. On an
 * invoice with several tax types the amount is split across them in proportion to their gross
 * (largest remainder, core/proportion, in ascending rate order as on EasyBill), each part on the
 * account and tax type it was sold under: the credit's tax is what Xero computes per rate.
 */
export function amountLines(
	note: CreditNote,
	invoice: XeroInvoice,
	rateOf: (taxType: string) => number | undefined,
): XeroLineItem[] {
	const currency = note.currency;
	const description = creditDescription(note, invoice);
	const noTax = invoice.LineAmountTypes === 'NoTax';
	const inclusive = invoice.LineAmountTypes === 'Inclusive';
	const groups = new Map<string, { taxType?: string; account?: string; gross: number }>();
	for (const line of invoice.LineItems ?? []) {
		const key = noTax ? '' : (line.TaxType ?? '');
		const gross =
			minor(line.LineAmount, currency) + (inclusive || noTax ? 0 : minor(line.TaxAmount, currency));
		const group = groups.get(key) ?? { taxType: line.TaxType, account: line.AccountCode, gross: 0 };
		group.gross += gross;
		groups.set(key, group);
	}
	const parts = [...groups.values()]
		.filter((g) => g.gross > 0)
		.sort(
			(a, b) =>
				(rateOf(a.taxType ?? '') ?? 0) - (rateOf(b.taxType ?? '') ?? 0) ||
				(a.taxType ?? '').localeCompare(b.taxType ?? ''),
		);
	const amount = note.amountMinor ?? 0;
	if (parts.length <= 1) {
		const model = parts[0] ?? { taxType: invoice.LineItems?.[0]?.TaxType, account: invoice.LineItems?.[0]?.AccountCode };
		return [
			withoutUndefined({
				Description: description,
				Quantity: 1,
				UnitAmount: toMajorNumber(amount, currency),
				AccountCode: model.account,
				TaxType: noTax ? undefined : model.taxType,
			}),
		];
	}
	const shares = splitInProportion(
		amount,
		parts.map((p) => p.gross),
	);
	return parts.map((part, i) => {
		const rate = rateOf(part.taxType ?? '');
		return withoutUndefined({
			Description: `${description} (${rate ?? part.taxType}% tax)`,
			Quantity: 1,
			UnitAmount: toMajorNumber(shares[i], currency),
			AccountCode: part.account,
			TaxType: part.taxType,
		});
	});
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
