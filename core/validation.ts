/**
 * Input checks both ledgers share, run before the first request: text a ledger cannot store as
 * given (too long, control characters) and quantities no invoice means. A check that only a
 * ledger's answer could make would come after something was already written (an inline contact
 * before its invoice), so these run first and refuse the one item, not its batch.
 */

/** Control characters other than tab, line feed and carriage return (C0, DEL and C1). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Any control character, line breaks included: names and ids are one line. */
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F-\u009F]/;

/** Larger quantities are typos or unit mix-ups (1e15 seats); ledgers round or overflow them. */
export const MAX_QUANTITY = 1_000_000_000;
/** Decimals a quantity may carry (Xero stores 4; EasyBill shows 4). */
export const QUANTITY_DECIMALS = 4;

export interface TextRule {
	max: number;
	/** Line breaks and tabs allowed (descriptions); never in names and ids. */
	multiline?: boolean;
}

/** Why a text cannot be stored as given, or undefined when it can. */
export function textProblem(value: unknown, rule: TextRule): string | undefined {
	if (typeof value !== 'string') return undefined;
	const pattern = rule.multiline ? CONTROL : CONTROL_OR_BREAK;
	const control = pattern.exec(value);
	if (control) {
		const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
		return `contains a control character (U+${code} at position ${control.index + 1}): remove it`;
	}
	// Characters as the ledgers count them (UTF-16 code units are what their length limits count too).
	if (value.length > rule.max) {
		return `is ${value.length.toLocaleString('en-US')} characters long; the limit is ${rule.max.toLocaleString('en-US')}`;
	}
	return undefined;
}

/** Decimal places of a finite number as written ("1.1234567" → 7; 1e-7 counts as many). */
export function decimalPlaces(value: number): number {
	const text = String(value);
	if (/e-/i.test(text)) return 20;
	const dot = text.indexOf('.');
	return dot < 0 ? 0 : text.length - dot - 1;
}

/** Why a line quantity cannot be booked, or undefined when it can. */
export function quantityProblem(quantity: unknown): string | undefined {
	if (typeof quantity !== 'number' || !Number.isFinite(quantity))
		return `"${String(quantity)}" is not a number`;
	if (quantity < 0) return `must not be negative, got ${quantity}`;
	if (quantity > MAX_QUANTITY)
		return `${quantity.toLocaleString('en-US')} is more than ${MAX_QUANTITY.toLocaleString('en-US')}: check the unit`;
	if (decimalPlaces(quantity) > QUANTITY_DECIMALS)
		return `has more than ${QUANTITY_DECIMALS} decimals: ${quantity}`;
	return undefined;
}

/** A line's amount must stay a whole number JavaScript holds exactly (no silent float drift). */
export function lineAmountProblem(quantity: number, unitPriceMinor: number): string | undefined {
	if (!Number.isSafeInteger(Math.round(quantity * unitPriceMinor)))
		return 'quantity times unit price is too large to book exactly';
	return undefined;
}
