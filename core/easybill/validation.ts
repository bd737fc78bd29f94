/**
 * Checks canonical input before any EasyBill call, so a bad item fails with its index and the
 * canonical field at fault instead of burning a request out of a 10-per-minute plan.
 * Each check returns the input normalised (trimmed, dates as Berlin calendar dates).
 */
import { invalidInput, LedgerError } from '../errors';
import { toIsoDate } from '../dates';
import { currencyExponent, documentTotals, formatMajor, isCurrencyCode } from '../money';
import { lineAmountProblem, quantityProblem, textProblem, type TextRule } from '../validation';
import { isWholeMinor, toCents, toWholeCents } from './cents';
import type {
	Contact,
	ContactRef,
	CreditNote,
	Invoice,
	InvoiceLine,
	InvoiceRef,
	Payment,
} from '../model';

const BERLIN = 'Europe/Berlin';
/** EasyBill keeps at most three addresses in `emails`. */
export const MAX_EMAILS = 3;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function fail(field: string, message: string): never {
	throw invalidInput(field, message);
}

function nonEmpty(value: unknown, field: string): string {
	if (typeof value !== 'string' || value.trim() === '') fail(field, 'must not be empty');
	return value.trim();
}

/*
 * EasyBill's spec states no lengths. These keep a lookup by number or name well inside its
 * 4,094-byte request line (a longer one answers 414 for the whole batch) and a description to
 * what one document position can show; control characters never belong in a name or id.
 */
const ONE_LINE: TextRule = { max: 255 };
const DESCRIPTION: TextRule = { max: 4000, multiline: true };

function checkText<T>(value: T, field: string, rule: TextRule = ONE_LINE): T {
	const problem = textProblem(value, rule);
	if (problem) fail(field, problem);
	return value;
}

function currency(value: unknown, field = 'currency'): string {
	const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
	if (!isCurrencyCode(code)) fail(field, `"${String(value)}" is not an ISO 4217 currency code such as EUR`);
	return code;
}

function berlinDate(value: unknown, field: string): string {
	if (typeof value !== 'string') fail(field, 'must be a date in the form YYYY-MM-DD');
	return toIsoDate(value, field, BERLIN);
}

function positiveMinor(value: unknown, field: string): number {
	if (typeof value !== 'number' || !Number.isSafeInteger(value))
		fail(field, `"${String(value)}" is not a whole number of minor units`);
	if (value <= 0) fail(field, 'must be greater than zero');
	return value;
}

function percent(value: unknown, field: string): number | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
		fail(field, `"${String(value)}" is not a percentage between 0 and 100`);
	}
	return value;
}

/** Runs `check`, pinning a thrown LedgerError to the batch item and prefixing nested fields. */
export function atItem<T>(index: number, check: () => T): T {
	try {
		return check();
	} catch (error) {
		if (error instanceof LedgerError) throw error.forItem(index);
		throw error;
	}
}

function prefixed<T>(prefix: string, check: () => T): T {
	try {
		return check();
	} catch (error) {
		if (error instanceof LedgerError && error.kind === 'validation' && error.field) {
			const field = `${prefix}.${error.field}`;
			throw new LedgerError(error.message.replace(error.field, field), {
				...error.details(),
				field,
			});
		}
		throw error;
	}
}

export function validateContact(contact: Contact): Contact {
	for (const field of ['sourceId', 'name', 'companyName', 'firstName', 'lastName', 'taxNumber'] as const)
		checkText(contact[field], field);
	for (const field of ['line1', 'line2', 'city', 'region', 'postalCode'] as const)
		checkText(contact.address?.[field], `address.${field}`);
	const emails = (contact.emails ?? []).map((e, i) => {
		const email = nonEmpty(e, `emails[${i}]`);
		if (!EMAIL.test(email)) fail(`emails[${i}]`, `"${email}" is not an e-mail address`);
		return checkText(email, `emails[${i}]`);
	});
	if (emails.length > MAX_EMAILS)
		fail('emails', `EasyBill keeps at most ${MAX_EMAILS} e-mail addresses, got ${emails.length}`);
	const country = contact.address?.country?.trim();
	if (country !== undefined && country !== '' && !/^[A-Za-z]{2}$/.test(country)) {
		fail('address.country', `"${country}" is not a 2-letter ISO country code`);
	}
	return {
		...contact,
		sourceId: nonEmpty(contact.sourceId, 'sourceId'),
		name: nonEmpty(contact.name, 'name'),
		emails,
		currency:
			contact.currency === undefined || contact.currency === ''
				? undefined
				: currency(contact.currency),
		address: contact.address && {
			...contact.address,
			country: country ? country.toUpperCase() : undefined,
		},
	};
}

export function validateContactRef(ref: ContactRef): ContactRef {
	if ('ledgerId' in ref) return { ledgerId: numericId(ref.ledgerId, 'contact.ledgerId') };
	if ('sourceId' in ref) return { sourceId: nonEmpty(ref.sourceId, 'contact.sourceId') };
	if ('contact' in ref && ref.contact)
		return { contact: prefixed('contact', () => validateContact(ref.contact)) };
	return fail('contact', 'give a ledger id, a source id or the contact details');
}

export function validateInvoiceRef(ref: InvoiceRef, field = 'invoice'): InvoiceRef {
	if (ref && 'ledgerId' in ref) return { ledgerId: numericId(ref.ledgerId, `${field}.ledgerId`) };
	if (ref && 'number' in ref) return { number: nonEmpty(ref.number, `${field}.number`) };
	if (ref && 'sourceId' in ref) return { sourceId: nonEmpty(ref.sourceId, `${field}.sourceId`) };
	return fail(field, 'give the invoice ledger id, number or source id');
}

/** EasyBill ids are integers; a Xero GUID pasted here fails before the call. */
export function numericId(value: unknown, field: string): string {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^\d+$/.test(text)) fail(field, `"${String(value)}" is not an EasyBill id (a whole number)`);
	return text;
}

export function validateLines(
	lines: unknown,
	taxMode: Invoice['taxMode'],
	field = 'lines',
): InvoiceLine[] {
	if (!Array.isArray(lines) || lines.length === 0) fail(field, 'needs at least one line');
	return (lines as InvoiceLine[]).map((line, i) => {
		const at = `${field}[${i}]`;
		const quantity = quantityProblem(line.quantity);
		if (quantity) fail(`${at}.quantity`, quantity);
		if (typeof line.unitPriceMinor !== 'number' || !Number.isSafeInteger(line.unitPriceMinor)) {
			fail(
				`${at}.unitPriceMinor`,
				`"${String(line.unitPriceMinor)}" is not a whole number of minor units`,
			);
		}
		const amount = lineAmountProblem(line.quantity, line.unitPriceMinor);
		if (amount) fail(`${at}.unitPriceMinor`, amount);
		// EasyBill documents have no tracking categories: refused, never dropped without a word.
		if (Array.isArray(line.tracking) && line.tracking.length > 0)
			fail(`${at}.tracking`, 'EasyBill has no tracking categories: remove them from this line');
		const taxRatePercent = percent(line.taxRatePercent, `${at}.taxRatePercent`);
		if (taxRatePercent === undefined && taxMode !== 'none') {
			// EasyBill books VAT from vat_percent; a tax code alone (Xero's TaxType) means nothing to it.
			fail(
				`${at}.taxRatePercent`,
				'EasyBill needs the VAT rate in percent (or use tax mode "none")',
			);
		}
		return {
			...line,
			description: checkText(nonEmpty(line.description, `${at}.description`), `${at}.description`, DESCRIPTION),
			discountPercent: percent(line.discountPercent, `${at}.discountPercent`),
			taxRatePercent,
		};
	});
}

/**
 * Refuses lines EasyBill would book differently from what was asked. Its amounts are hundredths of
 * the currency unit: a 3-decimal price like KWD 12.345 (1234.5) would be rounded on the document,
 * and VAT on a zero-decimal currency is computed in hundredths of a yen, which the books in whole
 * yen cannot show. Totals are computed as EasyBill does: per position, in hundredths.
 */
export function checkExactInEasyBill(
	lines: InvoiceLine[],
	taxMode: Invoice['taxMode'],
	currencyCode: string,
	field = 'lines',
): void {
	const exponent = currencyExponent(currencyCode);
	if (exponent === 2) return;
	lines.forEach((line, i) => {
		if (!Number.isInteger(toCents(line.unitPriceMinor, currencyCode))) {
			fail(
				`${field}[${i}].unitPriceMinor`,
				`${formatMajor(line.unitPriceMinor, currencyCode)} ${currencyCode} cannot be booked exactly: EasyBill keeps amounts in hundredths of the currency unit`,
			);
		}
	});
	const inCents = lines.map((line) => ({
		...line,
		unitPriceMinor: toCents(line.unitPriceMinor, currencyCode),
	}));
	const totals = documentTotals(inCents, taxMode);
	for (const [label, cents] of [
		['net total', totals.netMinor],
		['VAT', totals.taxMinor],
		['total', totals.grossMinor],
	] as const) {
		if (!isWholeMinor(cents, currencyCode)) {
			fail(
				field,
				`EasyBill would book a ${label} of ${(cents / 100).toFixed(2)} ${currencyCode} (it computes in hundredths of the unit), which is not a whole amount in ${currencyCode}; change the prices or the VAT rate`,
			);
		}
	}
}

export function validateInvoice(invoice: Invoice): Invoice {
	// EasyBill's documents carry a currency but no exchange rate (its API has no such field).
	if (invoice.currencyRate !== undefined)
		fail('currencyRate', 'EasyBill keeps no exchange rate on a document (only its currency): leave it empty');
	const issueDate = berlinDate(invoice.issueDate, 'issueDate');
	const dueDate =
		invoice.dueDate === undefined || invoice.dueDate === ''
			? undefined
			: berlinDate(invoice.dueDate, 'dueDate');
	if (dueDate !== undefined && dueDate < issueDate)
		fail('dueDate', `${dueDate} is before the issue date ${issueDate}`);
	if (!['exclusive', 'inclusive', 'none'].includes(invoice.taxMode))
		fail('taxMode', `"${String(invoice.taxMode)}" is not exclusive, inclusive or none`);
	if (invoice.status !== 'draft' && invoice.status !== 'final')
		fail('status', `"${String(invoice.status)}" is not draft or final`);
	return {
		...invoice,
		sourceId: nonEmpty(invoice.sourceId, 'sourceId'),
		contact: validateContactRef(invoice.contact),
		issueDate,
		dueDate,
		currency: currency(invoice.currency),
		lines: exactLines(invoice),
		number: invoice.number?.trim() || undefined,
		reference: invoice.reference?.trim() || undefined,
	};
}

function exactLines(invoice: Invoice): InvoiceLine[] {
	const lines = validateLines(invoice.lines, invoice.taxMode);
	checkExactInEasyBill(lines, invoice.taxMode, currency(invoice.currency));
	return lines;
}

/** A positive amount EasyBill's integer `amount` fields can hold exactly. */
function exactAmount(input: { amountMinor?: number; currency: string }): number {
	const amount = positiveMinor(input.amountMinor, 'amountMinor');
	toWholeCents(amount, currency(input.currency), 'amountMinor');
	return amount;
}

export function validatePayment(payment: Payment): Payment {
	return {
		...payment,
		sourceId: nonEmpty(payment.sourceId, 'sourceId'),
		invoice: validateInvoiceRef(payment.invoice),
		amountMinor: exactAmount(payment),
		currency: currency(payment.currency),
		date: berlinDate(payment.date, 'date'),
		reference: payment.reference?.trim() || undefined,
	};
}

export function validateCreditNote(note: CreditNote): CreditNote {
	if (note.lines !== undefined && note.amountMinor !== undefined) {
		fail('amountMinor', 'give either lines or an amount for a partial credit, not both');
	}
	return {
		...note,
		sourceId: nonEmpty(note.sourceId, 'sourceId'),
		invoice: validateInvoiceRef(note.invoice),
		date: berlinDate(note.date, 'date'),
		currency: currency(note.currency),
		// A credit line without a VAT rate takes the invoice's (checked once the invoice is known).
		lines: note.lines === undefined ? undefined : validateLines(note.lines, 'none'),
		amountMinor: note.amountMinor === undefined ? undefined : exactAmount(note),
		reason: note.reason?.trim() || undefined,
		refund: note.refund && { ...note.refund, date: berlinDate(note.refund.date, 'refund.date') },
	};
}
