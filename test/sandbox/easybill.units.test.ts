import { addDays, berlinDate, berlinDateTime } from '../../sandbox/easybill/berlinTime';
import { documentTotals, positionTotals, roundCents } from '../../sandbox/easybill/documentTotals';
import { splitFilterList } from '../../sandbox/easybill/listQuery';

describe('EasyBill emulator building blocks', () => {
	it('formats Berlin dates across both daylight-saving switches', () => {
		expect(berlinDate(Date.parse('2026-03-29T22:30:00Z'))).toBe('2026-03-30');
		expect(berlinDateTime(Date.parse('2026-03-29T00:59:59Z'))).toBe('2026-03-29 01:59:59');
		expect(berlinDateTime(Date.parse('2026-03-29T01:00:00Z'))).toBe('2026-03-29 03:00:00');
		// October: 02:30 happens twice, first in CEST (+2), then in CET (+1).
		expect(berlinDateTime(Date.parse('2026-10-25T00:30:00Z'))).toBe('2026-10-25 02:30:00');
		expect(berlinDateTime(Date.parse('2026-10-25T01:30:00Z'))).toBe('2026-10-25 02:30:00');
		expect(berlinDate(Date.parse('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
		expect(addDays('2026-02-20', 14)).toBe('2026-03-06');
	});

	it('rounds half away from zero, also where binary floats fall just short', () => {
		expect(roundCents(100.5)).toBe(101);
		expect(roundCents(-100.5)).toBe(-101);
		expect(roundCents(1.005 * 100)).toBe(101);
		expect(roundCents(100.49)).toBe(100);
	});

	it('computes net positions: VAT from the rounded net', () => {
		// 3 x 33.335 cents = 100.005 -> 100 cents net; 19 % of the rounded net -> 19
		expect(positionTotals({ quantity: 3, single_price_net: 33.335, vat_percent: 19 }, 0)).toEqual({
			total_price_net: 100,
			total_vat: 19,
			total_price_gross: 119,
		});
		expect(
			positionTotals(
				{
					quantity: 4,
					single_price_net: 250,
					vat_percent: 7,
					discount: 50,
					discount_type: 'QUANTITY',
				},
				0,
			),
		).toEqual({ total_price_net: 800, total_vat: 56, total_price_gross: 856 });
	});

	it('computes gross positions: VAT extracted from the rounded gross', () => {
		expect(positionTotals({ quantity: 1, single_price_gross: 1190, vat_percent: 19 }, 1)).toEqual({
			total_price_net: 1000,
			total_vat: 190,
			total_price_gross: 1190,
		});
	});

	it('sums only calculated positions into the document totals', () => {
		const positions = [
			{ type: 'POSITION' as const, total_price_net: 100, total_vat: 19, total_price_gross: 119 },
			{
				type: 'POSITION_NOCALC' as const,
				total_price_net: 50,
				total_vat: 0,
				total_price_gross: 50,
			},
			{ type: 'TEXT' as const, total_price_net: 0, total_vat: 0, total_price_gross: 0 },
		];
		expect(documentTotals(positions)).toEqual({ amount: 119, amount_net: 100 });
	});

	it('splits comma filters, honouring \\, and \\\\ only when escaping is on', () => {
		expect(splitFilterList('a\\,b,c', false)).toEqual(['a\\', 'b', 'c']);
		expect(splitFilterList('a\\,b,c', true)).toEqual(['a,b', 'c']);
		expect(splitFilterList('x\\\\,y', true)).toEqual(['x\\', 'y']);
	});
});
