/**
 * The total Xero will book for lines as the package writes them: per-line rounding (core/money),
 * with each line's rate from the organisation's tax rates. `undefined` when a line's rate cannot be
 * known from here (no tax type: Xero takes the account's default).
 */
import { documentTotals } from '../money';
import type { InvoiceLine, TaxMode } from '../model';
import type { XeroContext } from './operations/context';

export async function xeroExpectedTotal(
	ctx: XeroContext,
	lines: InvoiceLine[],
	taxMode: TaxMode,
): Promise<number | undefined> {
	if (taxMode === 'none') return documentTotals(lines, 'none', () => 0).grossMinor;
	if (lines.some((l) => !l.taxType)) return undefined;
	const rates = new Map<string, number>();
	for (const rate of await ctx.settings.taxRates()) {
		const percent = rate.EffectiveRate ?? rate.DisplayTaxRate;
		if (rate.TaxType && typeof percent === 'number') rates.set(rate.TaxType, percent);
	}
	if (lines.some((l) => !rates.has(l.taxType as string))) return undefined;
	return documentTotals(lines, taxMode, (l) => rates.get(l.taxType as string) ?? 0).grossMinor;
}
