/**
 * Calendar dates and the vendors' date formats. A ledger books on a calendar date in its own zone:
 * EasyBill's `Y-m-d` values are Europe/Berlin local time, Xero answers `/Date(ms+0000)/`.
 */
import { invalidInput } from './errors';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date `YYYY-MM-DD` (no 2026-02-30). */
export function isIsoDate(value: string): boolean {
	const match = ISO_DATE.exec(value);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Accepts `YYYY-MM-DD` or a full ISO timestamp (billing systems send both) and returns the calendar
 * date in `timeZone`. A bare date is taken as it is: it already names a day.
 */
export function toIsoDate(value: string, field: string, timeZone = 'UTC'): string {
	const text = value.trim();
	if (isIsoDate(text)) return text;
	if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
		const instant = Date.parse(text);
		if (!Number.isNaN(instant)) return dateInZone(instant, timeZone);
	}
	throw invalidInput(field, `"${value}" is not a date in the form YYYY-MM-DD`);
}

interface ZonedParts {
	year: string;
	month: string;
	day: string;
	hour: string;
	minute: string;
	second: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function zonedParts(instant: number, timeZone: string): ZonedParts {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-GB', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, formatter);
	}
	const parts = Object.fromEntries(formatter.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
	return parts as unknown as ZonedParts;
}

/** The calendar date of an instant in a time zone. */
export function dateInZone(instant: number, timeZone: string): string {
	const p = zonedParts(instant, timeZone);
	return `${p.year}-${p.month}-${p.day}`;
}

/** EasyBill's `Y-m-d H:i:s` in Europe/Berlin for an instant. */
export function toBerlinDateTime(instant: number): string {
	const p = zonedParts(instant, 'Europe/Berlin');
	return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** EasyBill's calendar date (Europe/Berlin) for an instant. */
export function toBerlinDate(instant: number): string {
	return dateInZone(instant, 'Europe/Berlin');
}

/**
 * The instant of a Europe/Berlin wall-clock time `Y-m-d H:i:s`. DST-correct: the zone offset is
 * read back from the formatter rather than assumed.
 */
export function berlinDateTimeToInstant(value: string): number {
	return wallClockToInstant(value, 'Europe/Berlin');
}

/**
 * The instant of a wall-clock time `Y-m-d H:i:s` (or `Y-m-dTH:i:s`, or a bare date: midnight) in
 * any IANA zone, DST-correct like berlinDateTimeToInstant.
 */
export function wallClockToInstant(value: string, timeZone: string): number {
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/.exec(value.trim());
	if (!match) throw new RangeError(`"${value}" is not a Y-m-d H:i:s date-time`);
	const [y, mo, d, h = '0', mi = '0', s = '0'] = match.slice(1);
	const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
	// Guess with the offset at the wall time read as UTC, then correct once for a DST edge.
	let instant = wall - offsetMs(wall, timeZone);
	instant = wall - offsetMs(instant, timeZone);
	return instant;
}

function offsetMs(instant: number, timeZone: string): number {
	const p = zonedParts(instant, timeZone);
	const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
	return asUtc - Math.floor(instant / 1000) * 1000;
}

const XERO_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/** Xero's `/Date(1700000000000+0000)/` as epoch milliseconds; ISO strings are accepted too. */
export function parseXeroDate(value: string): number {
	const match = XERO_DATE.exec(value);
	if (match) return Number(match[1]);
	const parsed = Date.parse(/Z|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`);
	if (Number.isNaN(parsed)) throw new RangeError(`"${value}" is not a Xero date`);
	return parsed;
}

/** Xero's calendar date fields (`Date`, `DueDate`) as `YYYY-MM-DD`. */
export function xeroDateToIso(value: string): string {
	return dateInZone(parseXeroDate(value), 'UTC');
}
