/**
 * EasyBill keeps every amount in hundredths of the document's currency unit, whatever the currency
 * ("150 = 1.50" in its spec): ¥1,000 is 100000, KWD 12.340 is 1234. The canonical model counts ISO
 * minor units (JPY 0 decimals, KWD 3). Inside core/easybill amounts are EasyBill's hundredths; these
 * convert at the mapping edge, both ways, and say when an amount has no exact EasyBill form.
 */
import { invalidInput } from '../errors';
import { currencyExponent, formatMajor, roundHalfAwayFromZero } from '../money';

/** Canonical minor units as EasyBill hundredths; may be fractional for 3-decimal currencies. */
export function toCents(minor: number, currency: string): number {
	const exponent = currencyExponent(currency);
	return exponent <= 2 ? minor * 10 ** (2 - exponent) : minor / 10 ** (exponent - 2);
}

/**
 * EasyBill hundredths as canonical minor units. Exact for everything this package books (it
 * refuses what would not be); a document typed in EasyBill with VAT in hundredths of a yen is
 * rounded half away from zero to whole yen.
 */
export function fromCents(cents: number, currency: string): number {
	const exponent = currencyExponent(currency);
	if (exponent >= 2) return cents * 10 ** (exponent - 2);
	return roundHalfAwayFromZero(cents / 10 ** (2 - exponent));
}

/** True when EasyBill hundredths are a whole number of the currency's minor units. */
export function isWholeMinor(cents: number, currency: string): boolean {
	const exponent = currencyExponent(currency);
	return exponent >= 2 || cents % 10 ** (2 - exponent) === 0;
}

/**
 * Canonical minor units as whole EasyBill hundredths, for EasyBill's integer fields (payment
 * `amount`, document totals); refused when they have none (KWD 12.345 would be 1234.5).
 */
export function toWholeCents(minor: number, currency: string, field: string): number {
	const cents = toCents(minor, currency);
	if (Number.isInteger(cents)) return cents;
	throw invalidInput(
		field,
		`${formatMajor(minor, currency)} ${currency} cannot be booked exactly: EasyBill keeps amounts in hundredths of the currency unit`,
	);
}
