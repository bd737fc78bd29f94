/**
 * The total Xero will book for lines as the package writes them: per-line rounding (core/money),
 * with each line's rate from the organisation's tax rates. `undefined` when a line's rate cannot be
 * known from here (no tax type: Xero takes the account's default).
 */
import { LedgerError } from '../errors';
import { documentTotals, formatMajor } from '../money';
import type { InvoiceLine, TaxMode } from '../model';
import type { XeroContext } from './operations/context';
import type { XeroTaxRate } from './wire';

export async function xeroExpectedTotal(
	ctx: XeroContext,
	lines: InvoiceLine[],
	taxMode: TaxMode,
): Promise<number | undefined> {
	if (taxMode === 'none') return documentTotals(lines, 'none', () => 0).grossMinor;
	if (lines.some((l) => !l.taxType)) return undefined;
	return totalAt(lines, taxMode, await ctx.settings.taxRates());
}

/**
 * The same total from rates an earlier execution may have read (no call when the process knows
 * the organisation's rates), for a check after the write only: `fresh: false` means the caller
 * must read the rates again before it reports a difference. A tax type the kept rates do not know
 * (added since) is read fresh, never skipped.
 */
export async function xeroExpectedTotalFromKnownRates(
	ctx: XeroContext,
	lines: InvoiceLine[],
	taxMode: TaxMode,
): Promise<{ totalMinor: number | undefined; fresh: boolean }> {
	if (taxMode === 'none' || lines.some((l) => !l.taxType))
		return { totalMinor: await xeroExpectedTotal(ctx, lines, taxMode), fresh: true };
	const known = await ctx.settings.knownTaxRates();
	const totalMinor = totalAt(lines, taxMode, known.rates);
	if (totalMinor !== undefined || known.fresh) return { totalMinor, fresh: known.fresh };
	return { totalMinor: await xeroExpectedTotal(ctx, lines, taxMode), fresh: true };
}

function totalAt(lines: InvoiceLine[], taxMode: TaxMode, taxRates: XeroTaxRate[]): number | undefined {
	const rates = new Map<string, number>();
	for (const rate of taxRates) {
		const percent = rate.EffectiveRate ?? rate.DisplayTaxRate;
		if (rate.TaxType && typeof percent === 'number') rates.set(rate.TaxType, percent);
	}
	if (lines.some((l) => !rates.has(l.taxType as string))) return undefined;
	return documentTotals(lines, taxMode, (l) => rates.get(l.taxType as string) ?? 0).grossMinor;
}

/**
 * Xero wrote the document with another total than the input comes to (its own rounding, a field it
 * ignored, a tax rate changed in the organisation): kind `mismatch`, both totals, the document's id.
 */
export function bookedTotalMismatch(
	what: string,
	action: 'created' | 'updated',
	ledgerId: string,
	bookedMinor: number,
	expectedMinor: number,
	currency: string,
	itemIndex: number,
	/** `expectedTotalMinor` when the caller gave an Expected Total. */
	field?: string,
): LedgerError {
	const booked = formatMajor(bookedMinor, currency);
	const input = formatMajor(expectedMinor, currency);
	return new LedgerError(
		`Xero ${action} ${what} but booked a total of ${booked} ${currency} where the input comes to ${input} ${currency}: the books differ from the input, check ${what} in Xero`,
		{
			kind: 'mismatch',
			itemIndex,
			field,
			ledgerId,
			differences: [{ field: 'totalMinor', label: 'Total', ledger: booked, input }],
		},
	);
}
