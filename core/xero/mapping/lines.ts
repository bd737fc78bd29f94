import type { Invoice, InvoiceLine } from '../../model';
import type { XeroContact } from '../wire';
import type { XeroContext } from '../operations/context';

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
		out.push({ ...line, taxType, accountCode });
	}
	return out;
}

