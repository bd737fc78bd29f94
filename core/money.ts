/**
 * Money arithmetic on integer minor units. Decimal strings are parsed digit by digit, never through
 * binary floating point, so `0.1 + 0.2` style inputs cannot drift by a cent.
 */
import { ISO_CURRENCIES } from './currencies';
import { invalidInput } from './errors';
import type { InvoiceLine, TaxMode } from './model';

// ISO 4217 exponents that are not 2. Everything else the ledgers support uses cents.
const EXPONENTS: Record<string, number> = {
	BHD: 3, BIF: 0, CLP: 0, DJF: 0, GNF: 0, IQD: 3, ISK: 0, JOD: 3, JPY: 0, KMF: 0, KRW: 0, KWD: 3,
	LYD: 3, OMR: 3, PYG: 0, RWF: 0, TND: 3, UGX: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
};

/** An ISO 4217 code in use, upper case ("EUR"); "XYZ" or "eur" is not. */
export function isCurrencyCode(code: string): boolean {
	return ISO_CURRENCIES.has(code);
}

/** Number of decimal places of a currency's minor unit (EUR 2, JPY 0, KWD 3). */
export function currencyExponent(currency: string): number {
	return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** Rounds half away from zero, the way Xero and EasyBill round line amounts. */
export function roundHalfAwayFromZero(value: number): number {
	const rounded = Math.round(Math.abs(value) + Number.EPSILON * Math.abs(value));
	return value < 0 ? -rounded : rounded;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal text into an integer scaled by 10^places (`"1.155"`, 2 → 116), rounding the
 * digits beyond `places` half away from zero. Undefined when the text is not a plain decimal.
 */
function decimalToScaled(text: string, places: number): number | undefined {
	const match = DECIMAL.exec(text);
	if (!match) return undefined;
	const [, sign, whole, fraction = ''] = match;
	const kept = (fraction + '0'.repeat(places)).slice(0, places);
	const rest = fraction.slice(places);
	let scaledValue = Number(whole) * 10 ** places + (kept ? Number(kept) : 0);
	if (rest && Number(rest[0]) >= 5) scaledValue += 1;
	return sign === '-' ? -scaledValue : scaledValue;
}

/**
 * Converts a major-unit amount (`"12.50"`, `12.5`) into integer minor units (`1250`).
 * More decimals than the currency has are rounded half away from zero.
 */
export function toMinorUnits(major: string | number, currency: string, field = 'amount'): number {
	const text = typeof major === 'number' ? numberToPlainString(major) : major.trim();
	const minor = decimalToScaled(text, currencyExponent(currency));
	if (minor === undefined) throw invalidInput(field, `"${String(major)}" is not a number`);
	if (!Number.isSafeInteger(minor)) throw invalidInput(field, `"${String(major)}" is too large`);
	return minor;
}

/** Parses a minor-unit input (`1250`, `"1250"`); fractions of a cent are refused, not rounded. */
export function parseMinorUnits(value: string | number, field = 'amount'): number {
	const n = typeof value === 'number' ? value : Number(String(value).trim());
	if (typeof value === 'string' && !/^[+-]?\d+$/.test(value.trim())) {
		throw invalidInput(field, `"${value}" is not a whole number of minor units`);
	}
	if (!Number.isSafeInteger(n)) throw invalidInput(field, `"${String(value)}" is not a whole number of minor units`);
	return n;
}

/** Minor units as a decimal string in major units: `1250, 'EUR'` → `"12.50"`. */
export function formatMajor(minor: number, currency: string): string {
	const exponent = currencyExponent(currency);
	const sign = minor < 0 ? '-' : '';
	const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
	if (exponent === 0) return sign + digits;
	return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Minor units as a JavaScript number in major units, for APIs that take decimals (Xero). */
export function toMajorNumber(minor: number, currency: string): number {
	return Number(formatMajor(minor, currency));
}

/** Converts a ledger's decimal amount (e.g. Xero's `123.45`) back to minor units without drift. */
export function majorNumberToMinor(major: number, currency: string): number {
	return toMinorUnits(numberToPlainString(major), currency);
}

function numberToPlainString(n: number): string {
	if (!Number.isFinite(n)) return String(n);
	// toPrecision(15) strips binary noise (0.1 + 0.2 → "0.300000000000000"), then trailing zeros go.
	const text = Math.abs(n) < 1e21 ? n.toPrecision(15) : String(n);
	if (/e/i.test(text)) return n.toFixed(20).replace(/\.?0+$/, '');
	return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

export interface LineTotals {
	netMinor: number;
	taxMinor: number;
	grossMinor: number;
}

/** Scales a decimal with up to `places` decimals to an exact BigInt (1.15, 4 → 11500n). */
function scaled(value: number, places: number): bigint {
	const result = decimalToScaled(numberToPlainString(value), places);
	if (result === undefined || !Number.isSafeInteger(result)) throw new RangeError(`${value} is not a finite decimal`);
	return BigInt(result);
}

/** Integer division rounded half away from zero. */
function roundDiv(numerator: bigint, denominator: bigint): bigint {
	const negative = numerator < 0n !== denominator < 0n;
	const n = numerator < 0n ? -numerator : numerator;
	const d = denominator < 0n ? -denominator : denominator;
	const q = (2n * n + d) / (2n * d);
	return negative ? -q : q;
}

/**
 * One line's net, tax and gross in minor units, rounded once per line (as both ledgers do), for a
 * tax rate in percent. Computed in exact integers: quantity and rates are scaled to 4 decimals.
 * Inclusive prices carry their tax inside: net is what is left after it.
 */
export function lineTotals(
	line: InvoiceLine,
	taxMode: TaxMode,
	taxRatePercent = line.taxRatePercent ?? 0,
): LineTotals {
	const quantity = scaled(line.quantity, 4);
	const keptShare = scaled(100 - (line.discountPercent ?? 0), 4); // percent × 10^4
	const amount = roundDiv(quantity * BigInt(line.unitPriceMinor) * keptShare, 10n ** 10n);
	const rate = taxMode === 'none' ? 0n : scaled(taxRatePercent, 4); // percent × 10^4
	const hundred = 100n * 10n ** 4n;
	if (taxMode === 'inclusive') {
		const tax = roundDiv(amount * rate, hundred + rate);
		return { netMinor: Number(amount - tax), taxMinor: Number(tax), grossMinor: Number(amount) };
	}
	const tax = roundDiv(amount * rate, hundred);
	return { netMinor: Number(amount), taxMinor: Number(tax), grossMinor: Number(amount + tax) };
}

/** Document totals as the sum of per-line rounded amounts. */
export function documentTotals(
	lines: InvoiceLine[],
	taxMode: TaxMode,
	rateOf: (line: InvoiceLine) => number = (line) => line.taxRatePercent ?? 0,
): LineTotals {
	const total: LineTotals = { netMinor: 0, taxMinor: 0, grossMinor: 0 };
	for (const line of lines) {
		const t = lineTotals(line, taxMode, rateOf(line));
		total.netMinor += t.netMinor;
		total.taxMinor += t.taxMinor;
		total.grossMinor += t.grossMinor;
	}
	return total;
}
