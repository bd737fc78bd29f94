import { invalidInput } from '../../errors';
import { currencyExponent } from '../../money';
import type { Invoice, InvoiceLine } from '../../model';
import { inexactLine } from '../exactness';
import type { XeroContact } from '../wire';
import type { XeroContext } from '../operations/context';
import { resolveTracking } from './tracking';

/**
 * Lines with their account code and tax type filled in from what the caller gave: the line's
 * own values, a tax rate resolved against the org's tax rates, or the contact's defaults. Never a
 * hard-coded code: what is right differs per country and org.
 */
export async function resolveLines(
	ctx: XeroContext,
	lines: InvoiceLine[],
	taxMode: Invoice['taxMode'],
	defaults: XeroContact | undefined,
	itemIndex: number,
	fieldPrefix = 'lines',
	currency?: string,
): Promise<InvoiceLine[]> {
	const out: InvoiceLine[] = [];
	for (const [i, line] of lines.entries()) {
		let taxType = line.taxType?.trim() || undefined;
		if (!taxType && taxMode !== 'none') {
			if (line.taxRatePercent !== undefined) {
				taxType = await ctx.settings.taxTypeForRate(
					line.taxRatePercent,
					`${fieldPrefix}[${i}].taxType`,
					itemIndex,
				);
			} else {
				taxType = defaults?.AccountsReceivableTaxType || undefined;
			}
		}
		const accountCode = line.accountCode?.trim() || defaults?.SalesDefaultAccountCode || undefined;
		if (currency && taxType && taxMode !== 'none' && currencyExponent(currency) !== 2) {
			const rate = (await ctx.settings.taxRates()).find((r) => r.TaxType === taxType);
			const problem = inexactLine(line, taxMode, currency, rate?.EffectiveRate ?? rate?.DisplayTaxRate);
			if (problem) throw invalidInput(`${fieldPrefix}[${i}].unitPriceMinor`, problem, itemIndex);
		}
		const tracking = line.tracking?.length
			? resolveTracking(
					line.tracking,
					await ctx.settings.trackingCategories(),
					`${fieldPrefix}[${i}].tracking`,
					itemIndex,
				)
			: undefined;
		out.push({ ...line, taxType, accountCode, ...(tracking ? { tracking } : {}) });
	}
	return out;
}

