/** Xero's wire formats: `/Date(ms+0000)/` dates, per-line money rounding, the response envelope. */
import { randomUUID } from 'node:crypto';

export const msDate = (ms: number) => `/Date(${ms}+0000)/`;

const pad = (n: number) => String(n).padStart(2, '0');
/** `DateString` as Xero renders it next to a `/Date()/` field: local date at midnight, no zone. */
export const dateString = (ms: number) => {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T00:00:00`;
};

export const startOfDay = (ms: number) => {
	const d = new Date(ms);
	return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
};

/** Request dates: `YYYY-MM-DD`, ISO date-times and `/Date(ms)/` are all accepted. */
export function parseRequestDate(value: unknown): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value.trim());
	if (ms) return Number(ms[1]);
	if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00Z`);
	if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
	const parsed = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`);
	return Number.isNaN(parsed) ? undefined : parsed;
}

/** Round half away from zero at `dp` decimals, in integer space so 1.005 rounds to 1.01. */
export function round(value: number, dp = 2): number {
	const factor = 10 ** dp;
	const scaled = Math.abs(value) * factor;
	const rounded = Math.round(Number(scaled.toPrecision(15))) / factor;
	return value < 0 ? -rounded : rounded;
}

/** Sums money without float drift (0.1 + 0.2 stays 0.3). */
export const sumMoney = (values: number[]) =>
	round(
		values.reduce((total, v) => total + v, 0),
		4,
	);

/** Fields holding a day (rendered with a DateString twin) and fields holding an instant. */
const DAY_FIELDS = new Set([
	'Date',
	'DueDate',
	'FullyPaidOnDate',
	'ExpectedPaymentDate',
	'PlannedPaymentDate',
]);
const INSTANT_FIELDS = new Set(['UpdatedDateUTC', 'CreatedDateUTC']);

/** Turns a stored record (dates as epoch ms) into the JSON Xero sends. */
export function render(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(render);
	if (value === null || typeof value !== 'object') return value;
	const out: Record<string, unknown> = {};
	for (const [key, field] of Object.entries(value)) {
		if (typeof field === 'number' && DAY_FIELDS.has(key)) {
			if (key === 'Date' || key === 'DueDate') out[`${key}String`] = dateString(field);
			out[key] = msDate(field);
		} else if (typeof field === 'number' && INSTANT_FIELDS.has(key)) out[key] = msDate(field);
		else out[key] = render(field);
	}
	return out;
}

export function envelope(now: number, body: Record<string, unknown>): Record<string, unknown> {
	return {
		Id: randomUUID(),
		Status: 'OK',
		ProviderName: 'Accounting Sync Sandbox',
		DateTimeUTC: `/Date(${now})/`,
		...body,
	};
}

export const isGuid = (value: unknown): value is string =>
	typeof value === 'string' &&
	/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
