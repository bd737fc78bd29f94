/**
 * Xero keeps line amounts, tax and totals to two decimals whatever the currency (unit prices may
 * have four). Amounts in a currency with another exponent are only exact when Xero's two-decimal
 * figures are whole minor units: for JPY a line of 1.5 × ¥333 would be ¥499.50, for KWD a line of
 * 12.345 would be 12.35. Such items are refused before anything is written.
 */
import { currencyExponent, formatMajor, lineTotals } from '../money';
import type { InvoiceLine, TaxMode } from '../model';

const XERO_DECIMALS = 2;

/** Minor units per Xero hundredth (KWD: 10 fils is the smallest amount Xero keeps). */
function step(currency: string): { up: number; down: number } {
	const exponent = currencyExponent(currency);
	return exponent <= XERO_DECIMALS
		? { up: 10 ** (XERO_DECIMALS - exponent), down: 1 }
		: { up: 1, down: 10 ** (exponent - XERO_DECIMALS) };
}

function why(currency: string): string {
	return `Xero keeps amounts to ${XERO_DECIMALS} decimals, ${currency} has ${currencyExponent(currency)}`;
}

/** An amount Xero stores as it is, or the reason it cannot. */
export function inexactAmount(minor: number, currency: string): string | undefined {
	const { down } = step(currency);
	if (minor % down === 0) return undefined;
	return `${formatMajor(minor, currency)} ${currency} cannot be booked exactly: ${why(currency)}`;
}

/**
 * Line amounts (quantity × unit price less discount) as Xero computes them, in its hundredths:
 * each must be a whole number of the currency's minor units. With the tax rate known, the line's
 * tax too (Xero rounds it to hundredths: 10 % of ¥1,234 is ¥123.40).
 */
export function inexactLine(
	line: InvoiceLine,
	taxMode: TaxMode,
	currency: string,
	taxRatePercent?: number,
): string | undefined {
	if (currencyExponent(currency) === XERO_DECIMALS) return undefined;
	const { up, down } = step(currency);
	const rate = taxMode === 'none' ? 0 : (taxRatePercent ?? 0);
	// lineTotals rounds to whole units of the price it is given: for JPY give it Xero's hundredths
	// (whole yen are multiples of 100); for KWD its own fils (Xero's hundredths are 10 fils).
	const totals = lineTotals({ ...line, unitPriceMinor: line.unitPriceMinor * up }, taxMode, rate);
	const unit = up * down;
	const amount = taxMode === 'inclusive' ? totals.grossMinor : totals.netMinor;
	const asMajor = (value: number) =>
		up > 1 ? (value / 10 ** XERO_DECIMALS).toFixed(XERO_DECIMALS) : formatMajor(value, currency);
	if (amount % unit !== 0) {
		return `Xero would book a line amount of ${asMajor(amount)} ${currency}, not a whole amount (${why(currency)})`;
	}
	if (taxRatePercent !== undefined && totals.taxMinor % unit !== 0) {
		return `Xero would compute a tax of ${asMajor(totals.taxMinor)} ${currency} on this line, not a whole amount (${why(currency)})`;
	}
	return undefined;
}
