/**
 * Before any invoice is written: its currency must be enabled in the organisation (Xero refuses
 * the invoice otherwise, after its contact may already have been written), and an exchange rate
 * applies only to a foreign currency. A rate of exactly 1 on the base currency changes nothing and
 * is dropped; any other rate there is refused rather than ignored.
 */
import { invalidInput, type LedgerError } from '../../errors';
import type { Invoice } from '../../model';
import type { XeroContext } from '../operations/context';

export async function currencyProblem(
	ctx: XeroContext,
	invoice: Invoice,
	index: number,
): Promise<LedgerError | undefined> {
	const enabled = await ctx.settings.currencies();
	// Xero always lists at least the base currency; an empty answer tells nothing, so Xero decides.
	if (enabled.length > 0 && !enabled.includes(invoice.currency)) {
		return invalidInput(
			'currency',
			`${invoice.currency} is not enabled in this Xero organisation (it has ${enabled.join(', ')}): add the currency in Xero (Settings → Currencies) first; nothing was written`,
			index,
		);
	}
	if (invoice.currencyRate === undefined) return undefined;
	const base = (await ctx.settings.organisation()).BaseCurrency;
	if (invoice.currency === base && invoice.currencyRate !== 1) {
		return invalidInput(
			'currencyRate',
			`${invoice.currency} is this organisation's base currency: an exchange rate (${invoice.currencyRate}) applies only to an invoice in a foreign currency`,
			index,
		);
	}
	return undefined;
}

/** The rate to send: only for a foreign currency (Xero's day rate when none is given). */
export async function rateToSend(ctx: XeroContext, invoice: Invoice): Promise<number | undefined> {
	if (invoice.currencyRate === undefined) return undefined;
	const base = (await ctx.settings.organisation()).BaseCurrency;
	return invoice.currency === base ? undefined : invoice.currencyRate;
}
