/**
 * The organisations every sandbox starts with: one UK (VAT, GBP) and one Australian (GST, AUD)
 * org, so code that hard-codes `200`/`OUTPUT2` or assumes one region fails against the other.
 */
import { randomUUID } from 'node:crypto';

export type XeroRecord = Record<string, any>;

export interface OrgSeed {
	organisation: XeroRecord;
	/** IANA zone behind Xero's Timezone name: "today" is the org's local date. */
	timeZone: string;
	/** Default rate per enabled foreign currency (units per 1 base unit), standing in for XE.com. */
	rates: Record<string, number>;
	accounts: XeroRecord[];
	taxRates: XeroRecord[];
	currencies: XeroRecord[];
	/** Xero allows two active tracking categories per organisation (archived ones stay readable). */
	trackingCategories?: XeroRecord[];
}

function trackingCategory(
	name: string,
	options: Array<string | [string, 'ARCHIVED']>,
	status = 'ACTIVE',
): XeroRecord {
	const TrackingCategoryID = randomUUID();
	return {
		TrackingCategoryID,
		Name: name,
		Status: status,
		Options: options.map((option) => {
			const [optionName, optionStatus] = typeof option === 'string' ? [option, 'ACTIVE'] : option;
			return { TrackingOptionID: randomUUID(), Name: optionName, Status: optionStatus };
		}),
	};
}

interface AccountSpec {
	code: string;
	name: string;
	type: string;
	taxType: string;
	klass: string;
	extra?: XeroRecord;
}

function account(spec: AccountSpec, now: number): XeroRecord {
	return {
		AccountID: randomUUID(),
		Code: spec.code,
		Name: spec.name,
		Status: 'ACTIVE',
		Type: spec.type,
		TaxType: spec.taxType,
		Class: spec.klass,
		EnablePaymentsToAccount: false,
		ShowInExpenseClaims: false,
		ReportingCode: spec.klass.slice(0, 3),
		ReportingCodeName: spec.name,
		HasAttachments: false,
		AddToWatchlist: false,
		UpdatedDateUTC: now,
		...(spec.type === 'BANK' ? { BankAccountType: 'BANK', BankAccountNumber: '12345678' } : {}),
		...spec.extra,
	};
}

function taxRate(
	taxType: string,
	name: string,
	rate: number,
	reportTaxType: string,
	revenue: boolean,
): XeroRecord {
	return {
		Name: name,
		TaxType: taxType,
		ReportTaxType: reportTaxType,
		CanApplyToAssets: true,
		CanApplyToEquity: true,
		CanApplyToExpenses: !revenue,
		CanApplyToLiabilities: true,
		CanApplyToRevenue: revenue || rate === 0,
		DisplayTaxRate: rate,
		EffectiveRate: rate,
		Status: 'ACTIVE',
		TaxComponents: [{ Name: name, Rate: rate, IsCompound: false, IsNonRecoverable: false }],
	};
}

function organisation(
	name: string,
	version: string,
	currency: string,
	country: string,
	tz: string,
): XeroRecord {
	return {
		OrganisationID: randomUUID(),
		APIKey: '',
		Name: name,
		LegalName: `${name} Limited`,
		PaysTax: true,
		Version: version,
		OrganisationType: 'COMPANY',
		BaseCurrency: currency,
		CountryCode: country,
		IsDemoCompany: false,
		OrganisationStatus: 'ACTIVE',
		FinancialYearEndDay: 31,
		FinancialYearEndMonth: version === 'AU' ? 6 : 3,
		SalesTaxBasis: version === 'AU' ? 'ACCRUALS' : 'ACCRUAL',
		SalesTaxPeriod: 'QUARTERLY1',
		DefaultSalesTax: 'Tax Exclusive',
		DefaultPurchasesTax: 'Tax Exclusive',
		Timezone: tz,
		OrganisationEntityType: 'COMPANY',
		ShortCode: `!${randomUUID().slice(0, 5)}`,
		Class: 'PREMIUM',
		Edition: 'BUSINESS',
		Addresses: [],
		Phones: [],
		ExternalLinks: [],
		PaymentTerms: {},
	};
}

export function ukOrg(now: number): OrgSeed {
	const accounts: AccountSpec[] = [
		{ code: '090', name: 'Business Bank Account', type: 'BANK', taxType: 'NONE', klass: 'ASSET' },
		{
			code: '091',
			name: 'Business Savings Account',
			type: 'BANK',
			taxType: 'NONE',
			klass: 'ASSET',
		},
		{ code: '200', name: 'Sales', type: 'REVENUE', taxType: 'OUTPUT2', klass: 'REVENUE' },
		{ code: '260', name: 'Other Revenue', type: 'REVENUE', taxType: 'OUTPUT2', klass: 'REVENUE' },
		{
			code: '201',
			name: 'Old Sales (archived)',
			type: 'REVENUE',
			taxType: 'OUTPUT2',
			klass: 'REVENUE',
			extra: { Status: 'ARCHIVED' },
		},
		{
			code: '310',
			name: 'Cost of Goods Sold',
			type: 'DIRECTCOSTS',
			taxType: 'INPUT2',
			klass: 'EXPENSE',
		},
		{ code: '400', name: 'Advertising', type: 'OVERHEADS', taxType: 'INPUT2', klass: 'EXPENSE' },
		{
			code: '610',
			name: 'Accounts Receivable',
			type: 'CURRENT',
			taxType: 'NONE',
			klass: 'ASSET',
			extra: { SystemAccount: 'DEBTORS' },
		},
		{
			code: '620',
			name: 'Stripe Clearing',
			type: 'CURRENT',
			taxType: 'NONE',
			klass: 'ASSET',
			extra: { EnablePaymentsToAccount: true },
		},
		{
			code: '800',
			name: 'Accounts Payable',
			type: 'CURRLIAB',
			taxType: 'NONE',
			klass: 'LIABILITY',
			extra: { SystemAccount: 'CREDITORS' },
		},
		{ code: '820', name: 'VAT', type: 'CURRLIAB', taxType: 'NONE', klass: 'LIABILITY' },
	];
	return {
		organisation: organisation('Demo Company (UK)', 'UK', 'GBP', 'GB', 'GMTSTANDARDTIME'),
		timeZone: 'Europe/London',
		rates: { EUR: 1.15, USD: 1.27 },
		accounts: accounts.map((spec) => account(spec, now)),
		taxRates: [
			taxRate('OUTPUT2', '20% (VAT on Income)', 20, 'OUTPUT', true),
			taxRate('INPUT2', '20% (VAT on Expenses)', 20, 'INPUT', false),
			taxRate('RROUTPUT', '5% (VAT on Income)', 5, 'OUTPUT', true),
			taxRate('ZERORATEDOUTPUT', 'Zero Rated Income', 0, 'OUTPUT', true),
			taxRate('EXEMPTOUTPUT', 'Exempt Income', 0, 'EXEMPTOUTPUT', true),
			taxRate('NONE', 'No VAT', 0, 'NONE', true),
		],
		currencies: [
			{ Code: 'GBP', Description: 'British Pound' },
			{ Code: 'EUR', Description: 'Euro' },
			{ Code: 'USD', Description: 'United States Dollar' },
			// Zero-decimal: Stripe bills yen in whole units, so the soak needs an org that takes them.
			{ Code: 'JPY', Description: 'Japanese Yen' },
		],
		trackingCategories: [
			trackingCategory('Region', ['North', 'South', ['West', 'ARCHIVED']]),
			trackingCategory('Department', ['Sales', 'Support']),
			trackingCategory('Campaign', ['Spring'], 'ARCHIVED'),
		],
	};
}

export function auOrg(now: number): OrgSeed {
	const accounts: AccountSpec[] = [
		{
			code: '090',
			name: 'Business Bank Account',
			type: 'BANK',
			taxType: 'BASEXCLUDED',
			klass: 'ASSET',
		},
		{ code: '200', name: 'Sales', type: 'REVENUE', taxType: 'OUTPUT', klass: 'REVENUE' },
		{ code: '260', name: 'Other Revenue', type: 'REVENUE', taxType: 'OUTPUT', klass: 'REVENUE' },
		{
			code: '310',
			name: 'Cost of Goods Sold',
			type: 'DIRECTCOSTS',
			taxType: 'INPUT',
			klass: 'EXPENSE',
		},
		{
			code: '610',
			name: 'Accounts Receivable',
			type: 'CURRENT',
			taxType: 'BASEXCLUDED',
			klass: 'ASSET',
			extra: { SystemAccount: 'DEBTORS' },
		},
		{
			code: '800',
			name: 'Accounts Payable',
			type: 'CURRLIAB',
			taxType: 'BASEXCLUDED',
			klass: 'LIABILITY',
			extra: { SystemAccount: 'CREDITORS' },
		},
		{ code: '820', name: 'GST', type: 'CURRLIAB', taxType: 'BASEXCLUDED', klass: 'LIABILITY' },
	];
	return {
		organisation: organisation('Demo Company (AU)', 'AU', 'AUD', 'AU', 'AUSEASTERNSTANDARDTIME'),
		timeZone: 'Australia/Sydney',
		rates: { USD: 0.65, NZD: 1.09 },
		accounts: accounts.map((spec) => account(spec, now)),
		taxRates: [
			taxRate('OUTPUT', 'GST on Income', 10, 'OUTPUT', true),
			taxRate('INPUT', 'GST on Expenses', 10, 'INPUT', false),
			taxRate('EXEMPTOUTPUT', 'GST Free Income', 0, 'EXEMPTOUTPUT', true),
			taxRate('BASEXCLUDED', 'BAS Excluded', 0, 'BASEXCLUDED', true),
		],
		currencies: [
			{ Code: 'AUD', Description: 'Australian Dollar' },
			{ Code: 'USD', Description: 'United States Dollar' },
			{ Code: 'NZD', Description: 'New Zealand Dollar' },
		],
	};
}

/** A New Zealand org (GST 15 %, NZD, Pacific/Auckland): the first timezone past UTC midnight. */
export function nzOrg(now: number): OrgSeed {
	const accounts: AccountSpec[] = [
		{ code: '090', name: 'Business Bank Account', type: 'BANK', taxType: 'NONE', klass: 'ASSET' },
		{ code: '200', name: 'Sales', type: 'REVENUE', taxType: 'OUTPUT2', klass: 'REVENUE' },
		{
			code: '610',
			name: 'Accounts Receivable',
			type: 'CURRENT',
			taxType: 'NONE',
			klass: 'ASSET',
			extra: { SystemAccount: 'DEBTORS' },
		},
		{
			code: '800',
			name: 'Accounts Payable',
			type: 'CURRLIAB',
			taxType: 'NONE',
			klass: 'LIABILITY',
			extra: { SystemAccount: 'CREDITORS' },
		},
		{ code: '820', name: 'GST', type: 'CURRLIAB', taxType: 'NONE', klass: 'LIABILITY' },
	];
	return {
		organisation: organisation('Demo Company (NZ)', 'NZ', 'NZD', 'NZ', 'NEWZEALANDSTANDARDTIME'),
		timeZone: 'Pacific/Auckland',
		rates: { USD: 0.6, AUD: 0.92, EUR: 0.52, JPY: 90.5, KWD: 0.18 },
		accounts: accounts.map((spec) => account(spec, now)),
		taxRates: [
			taxRate('OUTPUT2', '15% GST on Income', 15, 'OUTPUT', true),
			taxRate('INPUT2', '15% GST on Expenses', 15, 'INPUT', false),
			taxRate('ZERORATEDOUTPUT', 'Zero Rated', 0, 'OUTPUT', true),
			taxRate('NONE', 'No GST', 0, 'NONE', true),
		],
		currencies: [
			{ Code: 'NZD', Description: 'New Zealand Dollar' },
			{ Code: 'USD', Description: 'United States Dollar' },
			{ Code: 'AUD', Description: 'Australian Dollar' },
			{ Code: 'EUR', Description: 'Euro' },
			{ Code: 'JPY', Description: 'Japanese Yen' },
			{ Code: 'KWD', Description: 'Kuwaiti Dinar' },
		],
	};
}

export type OrgName = 'uk' | 'au' | 'nz';

export const ORG_SEEDS: Record<OrgName, (now: number) => OrgSeed> = { uk: ukOrg, au: auOrg, nz: nzOrg };
