/**
 * What the node's pickers list: accounts, tax rates, currencies, and searchable contacts and
 * invoices. Settings come from the per-instance cache; searches go to Xero's `searchTerm`.
 */
import type { ContactSummary, InvoiceSummary } from '../../model';
import { fromXeroInvoice } from '../mapping/invoice';
import { whereEquals } from '../where';
import type { XeroContext } from './context';

const REVENUE_TYPES = new Set(['REVENUE', 'SALES', 'OTHERINCOME']);

export async function listAccounts(
	ctx: XeroContext,
	filter: { kind?: 'revenue' | 'bank' } = {},
): Promise<Array<{ id: string; code?: string; name: string; type: string }>> {
	const accounts = (await ctx.settings.accounts()).filter(
		(a) => a.Status !== 'ARCHIVED' && a.Status !== 'DELETED',
	);
	return accounts
		.filter((a) => {
			if (filter.kind === 'revenue')
				return REVENUE_TYPES.has(a.Type ?? '') || a.Class === 'REVENUE';
			if (filter.kind === 'bank') return a.Type === 'BANK' || a.EnablePaymentsToAccount === true;
			return true;
		})
		.map((a) => ({
			id: a.AccountID ?? '',
			code: a.Code || undefined,
			name: a.Name ?? '',
			type: a.Type ?? '',
		}));
}

export async function listTaxRates(
	ctx: XeroContext,
): Promise<Array<{ taxType: string; name: string; ratePercent: number }>> {
	return (await ctx.settings.taxRates())
		.filter(
			(r) =>
				r.Status !== 'DELETED' &&
				r.Status !== 'ARCHIVED' &&
				r.CanApplyToRevenue !== false &&
				r.TaxType,
		)
		.map((r) => ({
			taxType: r.TaxType ?? '',
			name: r.Name ?? r.TaxType ?? '',
			ratePercent: r.EffectiveRate ?? r.DisplayTaxRate ?? 0,
		}));
}

export async function listCurrencies(ctx: XeroContext): Promise<string[]> {
	const envelope = await ctx.api.get('/Currencies');
	return (envelope.Currencies ?? [])
		.map((c) => c.Code)
		.filter((c): c is string => typeof c === 'string' && c !== '');
}

export async function listTrackingCategories(
	ctx: XeroContext,
): Promise<Array<{ id: string; name: string; options: string[] }>> {
	return (await ctx.settings.trackingCategories())
		.filter((c) => (c.Status ?? 'ACTIVE') === 'ACTIVE' && c.Name)
		.map((c) => ({
			id: c.TrackingCategoryID ?? '',
			name: c.Name ?? '',
			options: (c.Options ?? [])
				.filter((o) => (o.Status ?? 'ACTIVE') === 'ACTIVE' && o.Name)
				.map((o) => o.Name as string),
		}));
}

export async function searchContacts(
	ctx: XeroContext,
	term?: string,
	page = 1,
): Promise<ContactSummary[]> {
	const envelope = await ctx.api.get('/Contacts', { searchTerm: term?.trim() || undefined, page });
	return (envelope.Contacts ?? []).map((c) => ({
		ledgerId: c.ContactID ?? '',
		name: c.Name ?? '',
		...(c.EmailAddress ? { email: c.EmailAddress } : {}),
	}));
}

export async function searchInvoices(
	ctx: XeroContext,
	term?: string,
	page = 1,
): Promise<InvoiceSummary[]> {
	const envelope = await ctx.api.get('/Invoices', {
		searchTerm: term?.trim() || undefined,
		where: whereEquals('Type', 'ACCREC'),
		page,
	});
	return (envelope.Invoices ?? []).map((xero) => {
		const record = fromXeroInvoice(xero);
		return {
			ledgerId: record.ledgerId,
			number: record.number,
			contactName: record.contact.name,
			totalMinor: record.totalMinor,
			amountDueMinor: record.amountDueMinor,
			currency: record.currency,
			state: record.state,
		};
	});
}
