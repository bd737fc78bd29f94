/**
 * An organisation's tax rates kept for the whole process (every execution on that organisation),
 * because one read per execution is a fifth of the calls when each webhook event is an execution.
 *
 * Safe to be wrong: only checks that re-read on a mismatch use it (the total Xero should book,
 * compared after the write with the total Xero did book). Everything that decides what is written
 * or refused (a rate turned into a tax type, exactness, a caller's expected total, credit-note
 * splits) reads the rates fresh in its execution, as before. A stale entry costs one more read.
 */
import type { XeroTaxRate } from '../wire';

export class SharedTaxRates {
	private rates?: XeroTaxRate[];

	/** The rates last read on this organisation by any execution, or undefined. */
	get(): XeroTaxRate[] | undefined {
		return this.rates;
	}

	/** Called with every fresh read, so the next execution starts from what Xero said last. */
	set(rates: XeroTaxRate[]): void {
		this.rates = rates;
	}
}
