/**
 * Checks canonical input before any request leaves, so a bad item fails with its index and the
 * exact field instead of costing a call (and a rate-limit slot) to learn the same from Xero.
 */
import { invalidInput, type LedgerError } from '../errors';
import { isIsoDate } from '../dates';
import { isCurrencyCode } from '../money';
import { lineAmountProblem, quantityProblem, textProblem, type TextRule } from '../validation';
import { inexactAmount, inexactLine } from './exactness';
import type {
	Contact,
	ContactRef,
	CreditNote,
	Invoice,
	InvoiceLine,
	InvoiceRef,
	Payment,
} from '../model';

type Problem = [field: string, message: string];

function blank(value: unknown): boolean {
	return typeof value !== 'string' || value.trim() === '';
}

// Xero's contract: a longer value fails its whole request, so the valid items beside it too.
const ONE_LINE = (max: number): TextRule => ({ max });
const CONTACT_TEXT: Array<[keyof Contact, TextRule]> = [
	['sourceId', ONE_LINE(50)],
	['name', ONE_LINE(255)],
	['firstName', ONE_LINE(255)],
	['lastName', ONE_LINE(255)],
	['taxNumber', ONE_LINE(50)],
];
const ADDRESS_TEXT: Array<[keyof NonNullable<Contact['address']>, TextRule]> = [
	['line1', { max: 500 }],
	['line2', { max: 500 }],
	['city', ONE_LINE(255)],
	['region', ONE_LINE(255)],
	['postalCode', ONE_LINE(50)],
];
const LINE_DESCRIPTION: TextRule = { max: 4000, multiline: true };

function checkText(value: unknown, field: string, rule: TextRule, problems: Problem[]): void {
	const problem = textProblem(value, rule);
	if (problem) problems.push([field, problem]);
}

function checkDate(value: unknown, field: string, problems: Problem[]): void {
	if (typeof value !== 'string' || !isIsoDate(value)) {
		problems.push([field, `"${String(value)}" is not a date in the form YYYY-MM-DD`]);
	}
}

function checkCurrency(value: unknown, field: string, problems: Problem[]): void {
	if (typeof value !== 'string' || !isCurrencyCode(value)) {
		problems.push([
			field,
			`"${String(value)}" is not an ISO 4217 currency code such as EUR`,
		]);
	}
}

function checkMinor(value: unknown, field: string, problems: Problem[], positive: boolean): void {
	if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
		problems.push([field, `"${String(value)}" is not a whole number of minor units (cents)`]);
	} else if (positive && value <= 0) {
		// Not the value itself: it is in minor units, which the user may not have typed.
		problems.push([field, 'must be greater than zero']);
	}
}

function contactProblems(contact: Contact, prefix: string): Problem[] {
	const problems: Problem[] = [];
	if (!contact || typeof contact !== 'object') return [[prefix || 'contact', 'is missing']];
	if (blank(contact.sourceId)) problems.push([`${prefix}sourceId`, 'is empty']);
	if (blank(contact.name)) problems.push([`${prefix}name`, 'is empty: Xero needs a contact name']);
	for (const [field, rule] of CONTACT_TEXT) checkText(contact[field], `${prefix}${field}`, rule, problems);
	for (const [field, rule] of ADDRESS_TEXT)
		checkText(contact.address?.[field], `${prefix}address.${field}`, rule, problems);
	const country = contact.address?.country;
	if (country !== undefined && country !== '' && !/^[A-Za-z]{2}$/.test(country.trim())) {
		problems.push([`${prefix}address.country`, `"${country}" is not a 2-letter ISO country code`]);
	}
	(contact.emails ?? []).forEach((email, i) => {
		if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
			problems.push([`${prefix}emails[${i}]`, `"${String(email)}" is not an email address`]);
		} else checkText(email, `${prefix}emails[${i}]`, ONE_LINE(255), problems);
	});
	if (contact.currency !== undefined)
		checkCurrency(contact.currency, `${prefix}currency`, problems);
	return problems;
}

function contactRefProblems(ref: ContactRef | undefined): Problem[] {
	if (!ref || typeof ref !== 'object') return [['contact', 'is missing']];
	if ('ledgerId' in ref) return blank(ref.ledgerId) ? [['contact.ledgerId', 'is empty']] : [];
	if ('sourceId' in ref) return blank(ref.sourceId) ? [['contact.sourceId', 'is empty']] : [];
	if ('contact' in ref) return contactProblems(ref.contact, 'contact.');
	return [['contact', 'needs a ledgerId, a sourceId or inline contact details']];
}

function invoiceRefProblems(ref: InvoiceRef | undefined): Problem[] {
	if (!ref || typeof ref !== 'object') return [['invoice', 'is missing']];
	if ('ledgerId' in ref) return blank(ref.ledgerId) ? [['invoice.ledgerId', 'is empty']] : [];
	if ('number' in ref) return blank(ref.number) ? [['invoice.number', 'is empty']] : [];
	if ('sourceId' in ref) return blank(ref.sourceId) ? [['invoice.sourceId', 'is empty']] : [];
	return [['invoice', 'needs a ledgerId, a number or a sourceId']];
}

function lineProblems(lines: InvoiceLine[] | undefined, problems: Problem[]): void {
	if (!Array.isArray(lines) || lines.length === 0) {
		problems.push(['lines', 'is empty: at least one line item is needed']);
		return;
	}
	lines.forEach((line, i) => {
		const at = `lines[${i}]`;
		if (blank(line.description) && blank(line.itemCode))
			problems.push([`${at}.description`, 'is empty']);
		checkText(line.description, `${at}.description`, LINE_DESCRIPTION, problems);
		const quantity = quantityProblem(line.quantity);
		if (quantity) problems.push([`${at}.quantity`, quantity]);
		checkMinor(line.unitPriceMinor, `${at}.unitPriceMinor`, problems, false);
		const amount =
			quantity || !Number.isSafeInteger(line.unitPriceMinor)
				? undefined
				: lineAmountProblem(line.quantity, line.unitPriceMinor);
		if (amount) problems.push([`${at}.unitPriceMinor`, amount]);
		const discount = line.discountPercent;
		if (
			discount !== undefined &&
			(typeof discount !== 'number' || !(discount >= 0 && discount <= 100))
		) {
			problems.push([
				`${at}.discountPercent`,
				`must be between 0 and 100, got ${String(discount)}`,
			]);
		}
		const rate = line.taxRatePercent;
		if (rate !== undefined && (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0)) {
			problems.push([
				`${at}.taxRatePercent`,
				`must be a percentage of 0 or more, got ${String(rate)}`,
			]);
		}
		trackingProblems(line.tracking, `${at}.tracking`, problems);
	});
}

/** Xero takes at most two tracking categories per line, one option in each. */
function trackingProblems(tracking: InvoiceLine['tracking'], at: string, problems: Problem[]): void {
	if (tracking === undefined) return;
	if (!Array.isArray(tracking)) {
		problems.push([at, 'must be a list of category and option pairs']);
		return;
	}
	if (tracking.length > 2) {
		problems.push([at, `Xero allows at most 2 tracking categories per line, got ${tracking.length}`]);
		return;
	}
	const seen = new Set<string>();
	for (const entry of tracking) {
		if (blank(entry?.category) || blank(entry?.option)) {
			problems.push([at, 'each tracking entry needs a category and an option']);
			return;
		}
		const key = entry.category.trim().toLowerCase();
		if (seen.has(key)) {
			problems.push([at, `names the tracking category "${entry.category}" twice (one option per category)`]);
			return;
		}
		seen.add(key);
	}
}

function first(problems: Problem[], itemIndex: number): LedgerError | undefined {
	if (problems.length === 0) return undefined;
	const [field, message] = problems[0];
	return invalidInput(field, message, itemIndex);
}

export function validateContact(contact: Contact, itemIndex: number): LedgerError | undefined {
	return first(contactProblems(contact, ''), itemIndex);
}

export function validateInvoice(invoice: Invoice, itemIndex: number): LedgerError | undefined {
	const problems: Problem[] = [];
	if (blank(invoice.sourceId)) problems.push(['sourceId', 'is empty']);
	problems.push(...contactRefProblems(invoice.contact));
	checkDate(invoice.issueDate, 'issueDate', problems);
	if (invoice.dueDate !== undefined) {
		checkDate(invoice.dueDate, 'dueDate', problems);
		if (
			isIsoDate(invoice.dueDate) &&
			isIsoDate(invoice.issueDate) &&
			invoice.dueDate < invoice.issueDate
		) {
			problems.push([
				'dueDate',
				`${invoice.dueDate} is before the issue date ${invoice.issueDate}`,
			]);
		}
	}
	checkCurrency(invoice.currency, 'currency', problems);
	const rate = invoice.currencyRate;
	if (rate !== undefined && (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0)) {
		problems.push(['currencyRate', `must be a number above 0, got ${String(rate)}`]);
	}
	if (!['exclusive', 'inclusive', 'none'].includes(invoice.taxMode)) {
		problems.push(['taxMode', `"${String(invoice.taxMode)}" is not exclusive, inclusive or none`]);
	}
	if (!['draft', 'final'].includes(invoice.status)) {
		problems.push(['status', `"${String(invoice.status)}" is not draft or final`]);
	}
	lineProblems(invoice.lines, problems);
	if (problems.length === 0) exactLineProblems(invoice.lines, invoice.taxMode, invoice.currency, problems);
	return first(problems, itemIndex);
}

/** Lines whose amounts Xero's two decimals cannot hold in this currency (JPY, KWD...). */
function exactLineProblems(
	lines: InvoiceLine[],
	taxMode: Invoice['taxMode'],
	currency: string,
	problems: Problem[],
): void {
	lines.forEach((line, i) => {
		const problem = inexactLine(line, taxMode, currency);
		if (problem) problems.push([`lines[${i}].unitPriceMinor`, problem]);
	});
}

function exactAmountProblem(minor: number, currency: string, problems: Problem[]): void {
	if (!Number.isSafeInteger(minor) || !isCurrencyCode(currency)) return;
	const problem = inexactAmount(minor, currency);
	if (problem) problems.push(['amountMinor', problem]);
}

export function validatePayment(payment: Payment, itemIndex: number): LedgerError | undefined {
	const problems: Problem[] = [];
	if (blank(payment.sourceId)) problems.push(['sourceId', 'is empty']);
	problems.push(...invoiceRefProblems(payment.invoice));
	checkMinor(payment.amountMinor, 'amountMinor', problems, true);
	checkCurrency(payment.currency, 'currency', problems);
	exactAmountProblem(payment.amountMinor, payment.currency, problems);
	checkDate(payment.date, 'date', problems);
	return first(problems, itemIndex);
}

export function validateCreditNote(note: CreditNote, itemIndex: number): LedgerError | undefined {
	const problems: Problem[] = [];
	if (blank(note.sourceId)) problems.push(['sourceId', 'is empty']);
	problems.push(...invoiceRefProblems(note.invoice));
	checkDate(note.date, 'date', problems);
	checkCurrency(note.currency, 'currency', problems);
	if (note.lines !== undefined && note.amountMinor !== undefined) {
		problems.push(['amountMinor', 'give either lines or an amount for a partial credit, not both']);
	}
	if (note.lines !== undefined) lineProblems(note.lines, problems);
	if (note.amountMinor !== undefined) {
		checkMinor(note.amountMinor, 'amountMinor', problems, true);
		exactAmountProblem(note.amountMinor, note.currency, problems);
	}
	if (note.refund !== undefined) checkDate(note.refund.date, 'refund.date', problems);
	return first(problems, itemIndex);
}
