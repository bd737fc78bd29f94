/**
 * Xero documents in the canonical comparable form of core/compare.ts, and what Xero allows to be
 * edited: a draft always; an AUTHORISED document only while no payment or credit is applied to it.
 */
import type { ComparableDocument, ComparableLine } from '../../compare';
import { currencyExponent } from '../../money';
import type { Invoice, InvoiceLine, TaxMode } from '../../model';
import type { XeroInvoice, XeroLineItem } from '../wire';
import { fromXeroInvoice } from './invoice';
import { fromXeroTracking, trackingText } from './tracking';

export const TAX_MODES: Record<string, TaxMode> = {
	Exclusive: 'exclusive',
	Inclusive: 'inclusive',
	NoTax: 'none',
};

/** Xero's decimal unit price (up to 4 places) in minor units, kept exact to 4 decimals. */
function unitMinor(unit: number | undefined, currency: string): number {
	const scaled = (unit ?? 0) * 10 ** currencyExponent(currency);
	return Number(scaled.toFixed(4));
}

export function xeroLineComparable(line: XeroLineItem, currency: string): ComparableLine {
	return {
		description: line.Description ?? '',
		quantity: line.Quantity ?? 1,
		unitPriceMinor: unitMinor(line.UnitAmount, currency),
		discountPercent: line.DiscountRate ?? 0,
		taxType: line.TaxType,
		accountCode: line.AccountCode,
		tracking: trackingText(fromXeroTracking(line)),
	};
}

export function xeroInvoiceComparable(xero: XeroInvoice): ComparableDocument {
	const record = fromXeroInvoice(xero);
	return {
		contactId: xero.Contact?.ContactID,
		currency: record.currency,
		issueDate: record.issueDate,
		dueDate: record.dueDate,
		taxMode: TAX_MODES[xero.LineAmountTypes ?? 'Exclusive'],
		currencyRate: xero.CurrencyRate,
		lines: (xero.LineItems ?? []).map((l) => xeroLineComparable(l, record.currency)),
		...(xero.Status === 'VOIDED' ? { status: 'voided' } : {}),
	};
}

export function inputLineComparable(line: InvoiceLine): ComparableLine {
	return {
		description: line.description ?? '',
		quantity: line.quantity,
		unitPriceMinor: line.unitPriceMinor,
		discountPercent: line.discountPercent ?? 0,
		taxType: line.taxType?.trim() || undefined,
		accountCode: line.accountCode?.trim() || undefined,
		// Left open (not compared) when the input names no tracking.
		tracking: line.tracking?.length ? trackingText(line.tracking) : undefined,
	};
}

/** The input, with its contact and lines already resolved the way they would be written. */
export function inputInvoiceComparable(
	invoice: Invoice,
	contactId: string,
	lines: InvoiceLine[],
): ComparableDocument {
	return {
		contactId,
		currency: invoice.currency,
		issueDate: invoice.issueDate,
		dueDate: invoice.dueDate,
		taxMode: invoice.taxMode,
		currencyRate: invoice.currencyRate,
		lines: lines.map(inputLineComparable),
		status: invoice.status,
	};
}

export function isXeroDraft(status: string | undefined): boolean {
	return status === 'DRAFT' || status === 'SUBMITTED';
}

/** Why Xero will not take an edit of this approved document, or undefined when it will. */
export function xeroLockedReason(xero: {
	Status?: string;
	AmountPaid?: number;
	AmountCredited?: number;
	Payments?: unknown[];
	Allocations?: unknown[];
}): string | undefined {
	const status = xero.Status ?? '';
	if (status === 'PAID') return 'it is paid (Xero locks it)';
	if (status === 'VOIDED' || status === 'DELETED') return `it is ${status} in Xero`;
	const applied =
		(xero.AmountPaid ?? 0) !== 0 ||
		(xero.AmountCredited ?? 0) !== 0 ||
		(xero.Payments?.length ?? 0) > 0 ||
		(xero.Allocations?.length ?? 0) > 0;
	if (applied) return 'it has payments or credits applied (Xero locks it until they are removed)';
	return undefined;
}
