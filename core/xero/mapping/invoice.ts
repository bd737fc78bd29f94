/**
 * Canonical Invoice <-> Xero ACCREC invoice. Money crosses here and only here: minor units become
 * Xero's decimals on the way out and come back through `majorNumberToMinor`, never as floats
 * added up. The source id is kept in `Reference` (unless the caller gives an explicit
 * reference); an explicit `number` becomes `InvoiceNumber`, which Xero keeps unique.
 */
import { parseXeroDate, xeroDateToIso } from '../../dates';
import { majorNumberToMinor, toMajorNumber } from '../../money';
import type {
	Invoice,
	InvoiceLine,
	InvoiceRecord,
	InvoiceState,
	PaidInvoice,
	PaymentRecord,
	TaxMode,
} from '../../model';
import type { XeroInvoice, XeroLineItem, XeroPayment } from '../wire';
import { toXeroTracking } from './tracking';

export const LINE_AMOUNT_TYPES: Record<TaxMode, string> = {
	exclusive: 'Exclusive',
	inclusive: 'Inclusive',
	none: 'NoTax',
};

/** Where the invoice's source id is written: its reference, unless the caller chose one. */
export function invoiceReference(invoice: Pick<Invoice, 'sourceId' | 'reference'>): string {
	return invoice.reference?.trim() || invoice.sourceId.trim();
}

export function toXeroLineItem(line: InvoiceLine, currency: string): XeroLineItem {
	const item: XeroLineItem = {
		Description: line.description?.trim() || undefined,
		Quantity: line.quantity,
		UnitAmount: toMajorNumber(line.unitPriceMinor, currency),
		AccountCode: line.accountCode?.trim() || undefined,
		TaxType: line.taxType?.trim() || undefined,
		ItemCode: line.itemCode?.trim() || undefined,
		DiscountRate: line.discountPercent || undefined,
		Tracking: toXeroTracking(line.tracking),
	};
	return Object.fromEntries(
		Object.entries(item).filter(([, v]) => v !== undefined),
	) as XeroLineItem;
}

/** The PUT body element for one invoice whose contact and lines are already resolved. */
export function toXeroInvoice(
	invoice: Invoice,
	contactId: string,
	lines: InvoiceLine[],
	currencyRate?: number,
): XeroInvoice {
	const xero: XeroInvoice = {
		Type: 'ACCREC',
		Contact: { ContactID: contactId },
		Date: invoice.issueDate,
		DueDate: invoice.dueDate,
		CurrencyCode: invoice.currency,
		LineAmountTypes: LINE_AMOUNT_TYPES[invoice.taxMode],
		Status: invoice.status === 'final' ? 'AUTHORISED' : 'DRAFT',
		InvoiceNumber: invoice.number?.trim() || undefined,
		Reference: invoiceReference(invoice),
		LineItems: lines.map((line) => toXeroLineItem(line, invoice.currency)),
		CurrencyRate: currencyRate,
	};
	// CurrencyRate only when the caller gave one for a foreign currency: Xero fills in the day's
	// rate otherwise, and a default of 1 would book foreign money at par.
	return Object.fromEntries(Object.entries(xero).filter(([, v]) => v !== undefined)) as XeroInvoice;
}

export function invoiceState(status: string | undefined): InvoiceState {
	switch (status) {
		case 'PAID':
			return 'paid';
		case 'AUTHORISED':
			return 'open';
		case 'VOIDED':
		case 'DELETED':
			return 'void';
		default:
			return 'draft';
	}
}

function minor(value: number | undefined, currency: string): number {
	return typeof value === 'number' && Number.isFinite(value)
		? majorNumberToMinor(value, currency)
		: 0;
}

function isoDate(value: string | undefined): string | undefined {
	if (!value) return undefined;
	try {
		return xeroDateToIso(value);
	} catch {
		return undefined; // a date Xero did not send in a known shape is left out, not guessed
	}
}

export function fromXeroInvoice(xero: XeroInvoice): InvoiceRecord {
	const currency = xero.CurrencyCode ?? '';
	const record: InvoiceRecord = {
		ledgerId: xero.InvoiceID ?? '',
		number: xero.InvoiceNumber || undefined,
		sourceId: xero.Reference || undefined,
		reference: xero.Reference || undefined,
		contact: {
			ledgerId: xero.Contact?.ContactID ?? '',
			name: xero.Contact?.Name || undefined,
			email: xero.Contact?.EmailAddress || undefined,
		},
		currency,
		issueDate: isoDate(xero.DateString ?? xero.Date) ?? '',
		dueDate: isoDate(xero.DueDateString ?? xero.DueDate),
		state: invoiceState(xero.Status),
		subtotalMinor: minor(xero.SubTotal, currency),
		taxMinor: minor(xero.TotalTax, currency),
		totalMinor: minor(xero.Total, currency),
		amountPaidMinor: minor(xero.AmountPaid, currency),
		amountCreditedMinor: minor(xero.AmountCredited, currency),
		amountDueMinor: minor(xero.AmountDue, currency),
		paidDate: isoDate(xero.FullyPaidOnDate),
	};
	return Object.fromEntries(
		Object.entries(record).filter(([, v]) => v !== undefined),
	) as InvoiceRecord;
}

export function fromXeroPayment(
	payment: XeroPayment,
	invoiceId: string,
	currency: string,
): PaymentRecord {
	return {
		ledgerId: payment.PaymentID ?? '',
		invoiceLedgerId: payment.Invoice?.InvoiceID ?? invoiceId,
		amountMinor: minor(payment.Amount, currency),
		currency,
		date: isoDate(payment.Date) ?? '',
		...(payment.Reference ? { reference: payment.Reference } : {}),
	};
}

/** A paid sales invoice as the trigger emits it. */
export function toPaidInvoice(xero: XeroInvoice, tenantId: string): PaidInvoice {
	const record = fromXeroInvoice(xero);
	return {
		...record,
		ledger: 'xero',
		tenantId,
		payments: (xero.Payments ?? []).map((p) =>
			fromXeroPayment(p, record.ledgerId, record.currency),
		),
		raw: xero,
	};
}

export function isPaidSalesInvoice(xero: XeroInvoice): boolean {
	return xero.Type === 'ACCREC' && xero.Status === 'PAID';
}

/** `UpdatedDateUTC` as epoch ms, for cursors; undefined when absent. */
export function updatedAt(xero: XeroInvoice): number | undefined {
	if (!xero.UpdatedDateUTC) return undefined;
	try {
		return parseXeroDate(xero.UpdatedDateUTC);
	} catch {
		return undefined; // no usable timestamp: this invoice cannot move the cursor
	}
}

/** Whether a body needs `unitdp=4`: Xero keeps two unit-price decimals unless told otherwise. */
export function needsFourDecimals(invoice: XeroInvoice): boolean {
	return (invoice.LineItems ?? []).some(
		(line) => !Number.isInteger(Math.round((line.UnitAmount ?? 0) * 1e6) / 1e4),
	);
}
