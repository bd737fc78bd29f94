/**
 * Organisation settings that many items need (tax rates, accounts, the organisation itself): read once per ledger
 * instance, because they change rarely and each read costs a rate-limit slot. Tax rates are also
 * kept for the process (SharedTaxRates), for the checks that may use rates read by an earlier execution.
 */
import { invalidInput } from '../../errors';
import type { XeroApi } from '../api';
import { ianaZoneOf } from '../timezones';
import type { XeroAccount, XeroOrganisation, XeroTaxRate, XeroTrackingCategory } from '../wire';
import type { SharedTaxRates } from './sharedTaxRates';

export class XeroSettings {
	private taxRatesPromise?: Promise<XeroTaxRate[]>;
	private accountsPromise?: Promise<XeroAccount[]>;
	private organisationPromise?: Promise<XeroOrganisation>;
	private trackingPromise?: Promise<XeroTrackingCategory[]>;
	private currenciesPromise?: Promise<string[]>;

	constructor(
		private readonly api: XeroApi,
		private readonly shared?: SharedTaxRates,
	) {}

	/** The rates as Xero states them now (read once in this execution). */
	taxRates(): Promise<XeroTaxRate[]> {
		this.taxRatesPromise ??= this.api.get('/TaxRates').then((e) => {
			const rates = e.TaxRates ?? [];
			this.shared?.set(rates);
			return rates;
		});
		// A failed read must not poison the cache for the rest of the execution.
		this.taxRatesPromise.catch(() => (this.taxRatesPromise = undefined));
		return this.taxRatesPromise;
	}

	/**
	 * The rates read in this execution, else the ones an earlier execution read, which may be stale
	 * (`fresh: false`). Only for checks that read again on a mismatch (see SharedTaxRates).
	 */
	async knownTaxRates(): Promise<{ rates: XeroTaxRate[]; fresh: boolean }> {
		const kept = this.taxRatesPromise ? undefined : this.shared?.get();
		if (kept) return { rates: kept, fresh: false };
		return { rates: await this.taxRates(), fresh: true };
	}

	accounts(): Promise<XeroAccount[]> {
		this.accountsPromise ??= this.api.get('/Accounts').then((e) => e.Accounts ?? []);
		this.accountsPromise.catch(() => (this.accountsPromise = undefined));
		return this.accountsPromise;
	}

	/** The active tracking categories with their active options (Xero leaves archived ones out). */
	trackingCategories(): Promise<XeroTrackingCategory[]> {
		this.trackingPromise ??= this.api
			.get('/TrackingCategories')
			.then((e) => e.TrackingCategories ?? []);
		this.trackingPromise.catch(() => (this.trackingPromise = undefined));
		return this.trackingPromise;
	}

	/** Currency codes the organisation has enabled (its base currency among them). */
	currencies(): Promise<string[]> {
		this.currenciesPromise ??= this.api
			.get('/Currencies')
			.then((e) => (e.Currencies ?? []).map((c) => String(c.Code ?? '')).filter(Boolean));
		this.currenciesPromise.catch(() => (this.currenciesPromise = undefined));
		return this.currenciesPromise;
	}

	organisation(): Promise<XeroOrganisation> {
		this.organisationPromise ??= this.api
			.get('/Organisation')
			.then((e) => e.Organisations?.[0] ?? {});
		this.organisationPromise.catch(() => (this.organisationPromise = undefined));
		return this.organisationPromise;
	}

	/**
	 * The IANA zone of the organisation's `Timezone`: invoice and payment dates are its local dates.
	 * An unknown name is refused rather than guessed, because a wrong zone books the wrong day.
	 */
	async timeZone(): Promise<string> {
		const { Timezone } = await this.organisation();
		const zone = ianaZoneOf(Timezone);
		if (zone) return zone;
		throw invalidInput(
			'date',
			`this Xero organisation's timezone "${String(Timezone ?? '')}" is not known to the node: send dates as YYYY-MM-DD`,
		);
	}

	/**
	 * The org's sales tax type for a rate in percent. Xero has no "19 %" on the wire, only tax
	 * types; the rate picks one when exactly one active revenue tax type has it.
	 */
	async taxTypeForRate(ratePercent: number, field: string, itemIndex: number): Promise<string> {
		const rates = await this.taxRates();
		const rateOf = (r: XeroTaxRate) => r.EffectiveRate ?? r.DisplayTaxRate;
		const matching = rates.filter(
			(r) =>
				r.Status !== 'DELETED' &&
				r.Status !== 'ARCHIVED' &&
				r.CanApplyToRevenue !== false &&
				rateOf(r) === ratePercent,
		);
		const types = [...new Set(matching.map((r) => r.TaxType).filter((t): t is string => !!t))];
		if (types.length === 1) return types[0];
		if (types.length === 0) {
			throw invalidInput(
				field,
				`no active sales tax rate of ${ratePercent} % in this Xero organisation: set the tax type`,
				itemIndex,
			);
		}
		throw invalidInput(
			field,
			`several Xero tax types have ${ratePercent} % (${types.join(', ')}): set the tax type to choose one`,
			itemIndex,
		);
	}

	/** The bank account payments go to when the caller names none: only if the org has exactly one. */
	async defaultBankAccount(field: string, itemIndex: number): Promise<string> {
		const banks = (await this.accounts()).filter(
			(a) => a.Type === 'BANK' && a.Status !== 'ARCHIVED',
		);
		if (banks.length === 1 && banks[0].AccountID) return banks[0].AccountID;
		throw invalidInput(
			field,
			banks.length === 0
				? 'this Xero organisation has no bank account to record the payment in'
				: `choose the bank account (this organisation has ${banks.length})`,
			itemIndex,
		);
	}
}
