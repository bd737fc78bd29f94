/**
 * What Xero would refuse about an invoice only once it sees the invoice (a currency the
 * organisation has not enabled, a tax type, account code or tracking option it does not have), checked against the
 * organisation's settings before anything is written. Without it an invoice with an inline contact
 * had its contact upserted and was then refused: half-written. The lists are read once per
 * execution (XeroSettings caches them) and only when some invoice gives a code of its own.
 */
import { invalidInput, LedgerError } from '../../errors';
import type { Invoice } from '../../model';
import { resolveLines } from '../mapping/lines';
import type { XeroContext } from '../operations/context';
import type { XeroTaxRate } from '../wire';

export async function settingsProblem(
	ctx: XeroContext,
	invoice: Invoice,
	index: number,
): Promise<LedgerError | undefined> {
	const currencies = await ctx.settings.currencies();
	if (!currencies.includes(invoice.currency)) {
		return invalidInput(
			'currency',
			`${invoice.currency} is not enabled in this Xero organisation (it has ${currencies.join(', ') || 'none'}): add the currency in Xero first`,
			index,
		);
	}
	for (const [i, line] of invoice.lines.entries()) {
		const taxType = line.taxType?.trim();
		if (taxType && invoice.taxMode !== 'none') {
			// Rates kept from an earlier execution may be used to pass a tax type; a refusal is
			// only ever made on this execution's own read (the type may have been added since).
			const isUsable = (r: XeroTaxRate | undefined) =>
				r !== undefined && r.Status !== 'DELETED' && r.Status !== 'ARCHIVED' && r.CanApplyToRevenue !== false;
			const known = await ctx.settings.knownTaxRates();
			let rate = known.rates.find((r) => r.TaxType === taxType);
			if (!isUsable(rate) && !known.fresh)
				rate = (await ctx.settings.taxRates()).find((r) => r.TaxType === taxType);
			const usable = isUsable(rate);
			if (!usable) {
				return invalidInput(
					`lines[${i}].taxType`,
					`tax type "${taxType}" ${!rate ? 'does not exist' : rate.CanApplyToRevenue === false ? 'cannot be used on a sale' : `is ${String(rate.Status).toLowerCase()}`} in this Xero organisation`,
					index,
				);
			}
		}
		const code = line.accountCode?.trim();
		if (code) {
			const account = (await ctx.settings.accounts()).find((a) => a.Code === code);
			if (!account || (account.Status !== undefined && account.Status !== 'ACTIVE')) {
				const state = account ? `is ${String(account.Status).toLowerCase()}` : 'does not exist';
				return invalidInput(
					`lines[${i}].accountCode`,
					`account code "${code}" ${state} in this Xero organisation: each line needs an active account`,
					index,
				);
			}
		}
	}
	try {
		// Tax rates given in percent, tracking options, exactness in the currency: as the write will.
		await resolveLines(ctx, invoice.lines, invoice.taxMode, undefined, index, 'lines', invoice.currency);
	} catch (error) {
		if (error instanceof LedgerError && error.kind === 'validation') return error.forItem(index);
		throw error;
	}
	return undefined;
}
