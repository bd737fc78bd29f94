/** Searchable pickers: organisations, contacts and invoices of the chosen ledger. */
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { formatMajor } from '../../../core/money';
import type { InvoiceSummary } from '../../../core/model';
import { createLedgerFromContext, isXeroLedger } from '../../shared/createLedger';
import { searchTenants } from '../../shared/searchTenants';
import { toNodeError } from '../../shared/toNodeError';
import { CHOOSE_ORGANISATION_FIRST, organisationMissing } from './organisationFirst';

// The ledgers page their searches; an empty page ends the list, so a token past the end is harmless.
const MAX_PAGES = 20;

function nextPage(token: string | undefined, resultCount: number): { page: number; next?: string } {
	const page = Math.max(1, Number(token) || 1);
	return { page, next: resultCount > 0 && page < MAX_PAGES ? String(page + 1) : undefined };
}

async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	try {
		if (organisationMissing(this)) return { results: [CHOOSE_ORGANISATION_FIRST] };
		const ledger = await createLedgerFromContext(this);
		const { page } = nextPage(paginationToken, 0);
		const found = isXeroLedger(ledger)
			? await ledger.searchContacts(filter, page)
			: 'searchCustomers' in ledger
				? await ledger.searchCustomers(filter, page)
				: [];
		const results: INodeListSearchItems[] = found.map((c) => ({
			name: c.email ? `${c.name} (${c.email})` : c.name,
			value: c.ledgerId,
		}));
		return { results, paginationToken: nextPage(paginationToken, results.length).next };
	} catch (error) {
		throw toNodeError(this, error);
	}
}

async function searchInvoices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await invoicePage(this, filter, paginationToken, () => true);
}

/** Record Payment's picker: only invoices that can take a payment (final, something still due). */
async function searchPayableInvoices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await invoicePage(
		this,
		filter,
		paginationToken,
		(i) => i.state === 'open' && i.amountDueMinor > 0,
	);
}

async function invoicePage(
	ctx: ILoadOptionsFunctions,
	filter: string | undefined,
	paginationToken: string | undefined,
	offered: (invoice: InvoiceSummary) => boolean,
): Promise<INodeListSearchResult> {
	try {
		if (organisationMissing(ctx)) return { results: [CHOOSE_ORGANISATION_FIRST] };
		const ledger = await createLedgerFromContext(ctx);
		const { page } = nextPage(paginationToken, 0);
		// A registered ledger without a picker search lists nothing; its ID modes still work.
		const found = 'searchInvoices' in ledger ? await ledger.searchInvoices(filter, page) : [];
		const results: INodeListSearchItems[] = found.filter(offered).map((i) => ({
			name: [
				i.number ?? i.ledgerId,
				i.contactName,
				`${formatMajor(i.totalMinor, i.currency)} ${i.currency}`,
				i.state === 'open' && i.amountDueMinor !== i.totalMinor
					? `${formatMajor(i.amountDueMinor, i.currency)} due`
					: i.state,
			]
				.filter(Boolean)
				.join(' · '),
			value: i.ledgerId,
		}));
		// Paged on what the ledger returned: a page with nothing payable is not the end of the list.
		return { results, paginationToken: nextPage(paginationToken, found.length).next };
	} catch (error) {
		throw toNodeError(ctx, error);
	}
}

export const listSearch = { searchTenants, searchContacts, searchInvoices, searchPayableInvoices };
