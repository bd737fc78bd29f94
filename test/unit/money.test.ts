import {
	documentTotals,
	formatMajor,
	lineTotals,
	majorNumberToMinor,
	parseMinorUnits,
	toMajorNumber,
	toMinorUnits,
} from '../../core/money';
import { LedgerError } from '../../core/errors';

describe('toMinorUnits', () => {
	it('parses decimal text digit by digit', () => {
		expect(toMinorUnits('12.50', 'EUR')).toBe(1250);
		expect(toMinorUnits('0.07', 'EUR')).toBe(7);
		expect(toMinorUnits('-3.2', 'EUR')).toBe(-320);
		expect(toMinorUnits('100', 'JPY')).toBe(100);
		expect(toMinorUnits('1.234', 'KWD')).toBe(1234);
	});

	it('does not drift on float sums such as 0.1 + 0.2', () => {
		expect(toMinorUnits(0.1 + 0.2, 'EUR')).toBe(30);
		expect(toMinorUnits(1.1 + 2.2, 'EUR')).toBe(330);
		expect(toMinorUnits(19.99 * 3, 'EUR')).toBe(5997);
	});

	it('rounds extra decimals half away from zero', () => {
		expect(toMinorUnits('1.005', 'EUR')).toBe(101);
		expect(toMinorUnits('1.004', 'EUR')).toBe(100);
		expect(toMinorUnits('-1.005', 'EUR')).toBe(-101);
	});

	it('rejects non-numeric input with the field name', () => {
		expect(() => toMinorUnits('12,50', 'EUR', 'amount')).toThrow(LedgerError);
		expect(() => toMinorUnits('abc', 'EUR', 'lines[0].unitPrice')).toThrow(/lines\[0\]\.unitPrice/);
		expect(() => toMinorUnits(Number.NaN, 'EUR')).toThrow(/not a number/);
	});
});

describe('parseMinorUnits', () => {
	it('accepts whole numbers only', () => {
		expect(parseMinorUnits('1250')).toBe(1250);
		expect(parseMinorUnits(99)).toBe(99);
		expect(() => parseMinorUnits('12.5', 'amount')).toThrow(/whole number/);
		expect(() => parseMinorUnits(12.5)).toThrow(/whole number/);
	});
});

describe('formatMajor and back', () => {
	it('formats minor units per currency exponent', () => {
		expect(formatMajor(1250, 'EUR')).toBe('12.50');
		expect(formatMajor(5, 'EUR')).toBe('0.05');
		expect(formatMajor(-5, 'EUR')).toBe('-0.05');
		expect(formatMajor(1500, 'JPY')).toBe('1500');
		expect(formatMajor(1234, 'KWD')).toBe('1.234');
		expect(toMajorNumber(1999, 'GBP')).toBe(19.99);
		expect(majorNumberToMinor(123.45, 'GBP')).toBe(12345);
	});
});

describe('lineTotals', () => {
	it('rounds tax once per line, exclusive prices', () => {
		// 3 × 3.33 = 9.99 net; 19 % = 1.8981 → 1.90
		expect(lineTotals({ description: 'x', quantity: 3, unitPriceMinor: 333, taxRatePercent: 19 }, 'exclusive')).toEqual({
			netMinor: 999,
			taxMinor: 190,
			grossMinor: 1189,
		});
	});

	it('extracts tax from inclusive prices', () => {
		// 11.90 gross at 19 % → 1.90 tax, 10.00 net
		expect(lineTotals({ description: 'x', quantity: 1, unitPriceMinor: 1190, taxRatePercent: 19 }, 'inclusive')).toEqual({
			netMinor: 1000,
			taxMinor: 190,
			grossMinor: 1190,
		});
	});

	it('applies discounts and fractional quantities exactly', () => {
		// 1.15 h × 100.00 = 115.00, 10 % off = 103.50
		expect(lineTotals({ description: 'x', quantity: 1.15, unitPriceMinor: 10000, discountPercent: 10 }, 'none')).toEqual({
			netMinor: 10350,
			taxMinor: 0,
			grossMinor: 10350,
		});
	});

	it('ignores the rate when the document has no tax', () => {
		expect(lineTotals({ description: 'x', quantity: 2, unitPriceMinor: 500, taxRatePercent: 20 }, 'none').taxMinor).toBe(0);
	});

	it('sums per-line rounded amounts, which differs from rounding the sum', () => {
		const lines = [1, 2, 3].map(() => ({ description: 'x', quantity: 1, unitPriceMinor: 105, taxRatePercent: 10 }));
		// Each line: 10.5 → 11 tax (half away from zero); the document has 33, not round(31.5) = 32.
		expect(documentTotals(lines, 'exclusive')).toEqual({ netMinor: 315, taxMinor: 33, grossMinor: 348 });
	});
});
