/**
 * EasyBill speaks Europe/Berlin local time: dates `Y-m-d`, date-times `Y-m-d H:i:s`. We derive them
 * from the emulated clock with Intl so daylight saving switches land where Berlin's do.
 */

const BERLIN_PARTS = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/Berlin',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23',
});

function berlinParts(epochMs: number): Record<string, string> {
	const parts: Record<string, string> = {};
	for (const part of BERLIN_PARTS.formatToParts(new Date(epochMs))) parts[part.type] = part.value;
	return parts;
}

/** `Y-m-d` of the Berlin calendar day containing the instant. */
export function berlinDate(epochMs: number): string {
	const p = berlinParts(epochMs);
	return `${p.year}-${p.month}-${p.day}`;
}

/** `Y-m-d H:i:s` Berlin wall time of the instant. */
export function berlinDateTime(epochMs: number): string {
	const p = berlinParts(epochMs);
	return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Calendar arithmetic on a `Y-m-d` string (no time zone involved: a date is a date). */
export function addDays(date: string, days: number): string {
	const [y, m, d] = date.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
