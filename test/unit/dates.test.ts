import {
	berlinDateTimeToInstant,
	isIsoDate,
	parseXeroDate,
	toBerlinDate,
	toBerlinDateTime,
	toIsoDate,
	xeroDateToIso,
} from '../../core/dates';

describe('ISO dates', () => {
	it('accepts only real calendar dates', () => {
		expect(isIsoDate('2026-02-28')).toBe(true);
		expect(isIsoDate('2024-02-29')).toBe(true);
		expect(isIsoDate('2026-02-29')).toBe(false);
		expect(isIsoDate('2026-13-01')).toBe(false);
		expect(isIsoDate('23.11.2026')).toBe(false);
	});

	it('turns a timestamp into the calendar date of the ledger zone', () => {
		expect(toIsoDate('2026-11-23', 'issueDate')).toBe('2026-11-23');
		expect(toIsoDate('2026-11-23T23:30:00Z', 'issueDate', 'Europe/Berlin')).toBe('2026-11-24');
		expect(toIsoDate('2026-11-23T23:30:00Z', 'issueDate', 'UTC')).toBe('2026-11-23');
		expect(() => toIsoDate('23/11/2026', 'dueDate')).toThrow(/dueDate/);
	});
});

describe('Europe/Berlin (EasyBill)', () => {
	it('uses summer and winter offsets', () => {
		expect(toBerlinDateTime(Date.UTC(2026, 6, 1, 12, 0, 0))).toBe('2026-07-01 14:00:00');
		expect(toBerlinDateTime(Date.UTC(2026, 0, 1, 12, 0, 0))).toBe('2026-01-01 13:00:00');
	});

	it('crosses midnight into the next day before UTC does', () => {
		// The night DST starts: 22:30 UTC on 29 March is already 30 March in Berlin (00:30 CEST).
		expect(toBerlinDate(Date.UTC(2026, 2, 29, 22, 30))).toBe('2026-03-30');
		expect(toBerlinDate(Date.UTC(2026, 10, 23, 22, 59))).toBe('2026-11-23');
		expect(toBerlinDate(Date.UTC(2026, 10, 23, 23, 0))).toBe('2026-11-24');
	});

	it('reads Berlin wall time back to the instant, DST-correct', () => {
		expect(berlinDateTimeToInstant('2026-07-01 14:00:00')).toBe(Date.UTC(2026, 6, 1, 12));
		expect(berlinDateTimeToInstant('2026-01-01 13:00:00')).toBe(Date.UTC(2026, 0, 1, 12));
		expect(berlinDateTimeToInstant('2026-10-25 12:00:00')).toBe(Date.UTC(2026, 9, 25, 11));
	});
});

describe('Xero dates', () => {
	it('parses /Date(ms+0000)/ and ISO strings', () => {
		expect(parseXeroDate('/Date(1700000000000+0000)/')).toBe(1700000000000);
		expect(parseXeroDate('2026-11-23T10:00:00')).toBe(Date.UTC(2026, 10, 23, 10));
		expect(xeroDateToIso('/Date(1763856000000+0000)/')).toBe('2025-11-23');
		expect(() => parseXeroDate('yesterday')).toThrow();
	});
});
