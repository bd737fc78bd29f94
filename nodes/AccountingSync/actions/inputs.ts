/**
 * Turning n8n parameter values into canonical values. Every failure is a LedgerError of kind
 * `validation` naming the canonical field, raised before any request is made.
 */
import { invalidInput } from '../../../core/errors';
import { isIsoDate, toIsoDate } from '../../../core/dates';
import { currencyExponent, isCurrencyCode, parseMinorUnits, toMinorUnits } from '../../../core/money';
import type { LedgerKind } from '../../../core/model';

export type AmountUnit = 'major' | 'minor';

/** What every operation's reader needs besides the parameters. */
export interface ReadEnv {
	ledger: LedgerKind;
	amountUnit: AmountUnit;
	/**
	 * The ledger's IANA zone for calendar dates (the Xero organisation's `Timezone`, Europe/Berlin
	 * for EasyBill). Unknown until a timestamp needs it: reading then throws NeedsTimeZone and the
	 * router reads the items again once it has asked the ledger.
	 */
	timeZone?: string;
}

/** Thrown by `date` for a timestamp while the ledger's zone is not known yet. */
export class NeedsTimeZone extends Error {
	constructor() {
		super('the ledger time zone is needed to read a timestamp as a date');
	}
}

export function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value.trim() : String(value).trim();
}

/** A trimmed text, or undefined when blank (optional fields). */
export function optionalText(value: unknown): string | undefined {
	const trimmed = text(value);
	return trimmed === '' ? undefined : trimmed;
}

export function requiredText(value: unknown, field: string): string {
	// An expression that picked an object or a list would be booked as "[object Object]".
	if (typeof value === 'object' && value !== null)
		throw invalidInput(field, `is ${Array.isArray(value) ? 'a list' : 'an object'}, not text: map a single value`);
	const trimmed = text(value);
	if (trimmed === '') throw invalidInput(field, 'must not be empty');
	return trimmed;
}

/**
 * A money amount in the chosen unit, as integer minor units. Billing systems (Stripe, Chargebee)
 * send cents; people type 12.50. Fractions of a cent in minor units are refused, not rounded.
 */
export function money(value: unknown, unit: AmountUnit, currency: string, field: string): number {
	if (value === undefined || value === null || text(value) === '')
		throw invalidInput(field, 'must not be empty');
	if (typeof value !== 'number' && typeof value !== 'string') {
		throw invalidInput(field, `"${JSON.stringify(value)}" is not a number`);
	}
	return unit === 'minor' ? parseMinorUnits(value, field) : toMinorUnits(value, currency, field);
}

/**
 * An amount of money moved (a payment, a credit), which must be booked exactly as given: more
 * decimals than the currency has are refused instead of rounded. (Unit prices may have more, and
 * are rounded per line as the ledgers do.)
 */
export function exactMoney(
	value: unknown,
	unit: AmountUnit,
	currency: string,
	field: string,
): number {
	if (unit === 'major' && (typeof value === 'string' || typeof value === 'number')) {
		refuseExtraDecimals(value, currency, field);
	}
	return money(value, unit, currency, field);
}

/**
 * "1.234" EUR is not an amount anyone can book: rounding it would book another amount than the
 * one asked for, so it is refused. A computed number keeps float noise (58.309999999999995),
 * which is tolerated.
 */
function refuseExtraDecimals(value: string | number, currency: string, field: string): void {
	const places = currencyExponent(currency);
	const tooMany = () =>
		invalidInput(
			field,
			`"${String(value)}" has more decimals than ${currency} has (${places}): give the exact amount`,
		);
	if (typeof value === 'string') {
		const fraction = /\.(\d+)$/.exec(value.trim())?.[1] ?? '';
		if (fraction.replace(/0+$/, '').length > places) throw tooMany();
		return;
	}
	if (!Number.isFinite(value)) return;
	const scaled = value * 10 ** places;
	if (Math.abs(scaled - Math.round(scaled)) > 1e-6 * Math.max(1, Math.abs(scaled))) throw tooMany();
}

export function optionalMoney(
	value: unknown,
	unit: AmountUnit,
	currency: string,
	field: string,
): number | undefined {
	if (value === undefined || value === null || text(value) === '') return undefined;
	return money(value, unit, currency, field);
}

/** A plain decimal (quantity, percentages); numeric text is accepted, anything else refused. */
export function decimal(value: unknown, field: string): number {
	const n = typeof value === 'number' ? value : text(value) === '' ? NaN : Number(text(value));
	if (!Number.isFinite(n)) throw invalidInput(field, `"${String(value)}" is not a number`);
	return n;
}

export function optionalDecimal(value: unknown, field: string): number | undefined {
	if (value === undefined || value === null || text(value) === '') return undefined;
	return decimal(value, field);
}

const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * A calendar date. `YYYY-MM-DD` stays as it is; a timestamp with a zone (Stripe's, `$now`) is read
 * in the ledger's own zone, never UTC: the books are kept in the organisation's local dates, and
 * 00:30 in Auckland is still the previous day in UTC. n8n's date picker gives a wall-clock time
 * without zone, whose date part is what the user picked.
 */
export function date(value: unknown, field: string, env: ReadEnv): string {
	const raw = value instanceof Date ? value.toISOString() : text(value);
	if (raw === '') throw invalidInput(field, 'must be a date in the form YYYY-MM-DD');
	const wallClock = WALL_CLOCK.exec(raw);
	if (wallClock) return toIsoDate(wallClock[1], field);
	if (isIsoDate(raw)) return raw;
	if (/^\d{4}-\d{2}-\d{2}T/.test(raw) && env.timeZone === undefined) throw new NeedsTimeZone();
	return toIsoDate(raw, field, env.timeZone ?? 'UTC');
}

export function optionalDate(value: unknown, field: string, env: ReadEnv): string | undefined {
	if (value === undefined || value === null || text(value) === '') return undefined;
	return date(value, field, env);
}

export function currency(value: unknown, field = 'currency'): string {
	const code = text(value).toUpperCase();
	if (!isCurrencyCode(code))
		throw invalidInput(field, `"${text(value)}" is not an ISO 4217 currency code such as EUR`);
	return code;
}

/** E-mail addresses from a comma/semicolon separated text or an array (from an expression). */
export function emailList(value: unknown): string[] | undefined {
	const parts = Array.isArray(value) ? value.map(text) : text(value).split(/[,;\s]+/);
	const emails = parts.map((p) => p.trim()).filter(Boolean);
	return emails.length ? emails : undefined;
}

/** Drops undefined properties so outputs and requests stay minimal. */
export function compact<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `{ key: value }` when the value is set, else `{}`: spreads optional fields into canonical objects. */
export function defined<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
	return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
