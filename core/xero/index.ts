/**
 * The Xero ledger: the canonical Ledger interface over Xero's Accounting API, plus what the node's
 * pickers and the trigger's webhook path need. Everything arrives by injection: `send` (n8n's
 * authenticated request helper in nodes, `httpSend` in tests), the clock and the rate governor.
 */
import { LedgerClient } from '../client';
import type { RateGovernor } from '../governor';
import type { Ledger } from '../ledger';
import type { ContactSummary, InvoiceSummary, PaidInvoice } from '../model';
import type { RetryPolicy } from '../retry';
import type { Clock, Send } from '../transport';
import { DEFAULT_XERO_API_BASE_URL, XeroApi } from './api';
import { xeroErrors } from './errors';
import { createXeroGovernor } from './governor';
import { XeroSettings } from './lookups/settings';
import type { SharedTaxRates } from './lookups/sharedTaxRates';
import type { XeroContext } from './operations/context';
import { attachFiles } from './operations/attachFiles';
import { createInvoices } from './operations/createInvoices';
import { downloadPdfs } from './operations/downloadPdfs';
import { getInvoices } from './operations/getInvoices';
import { reversePayments } from './operations/reversePayments';
import { sendInvoices } from './operations/sendInvoices';
import { voidInvoices } from './operations/voidInvoices';
import { findInvoices } from './operations/findInvoices';
import { queryContacts, queryInvoices } from './operations/findLists';
import { writeOffInvoices } from './operations/writeOff';
import { getPaidInvoicesByIds, getSalesInvoicesByIds } from './operations/getPaidInvoicesByIds';
import { issueCreditNotes } from './operations/issueCreditNotes';
import { listPaidInvoices } from './operations/listPaidInvoices';
import {
	listAccounts,
	listCurrencies,
	listTaxRates,
	listTrackingCategories,
	searchContacts,
	searchInvoices,
} from './operations/pickers';
import { recordPayments } from './operations/recordPayments';
import { upsertContacts } from './operations/upsertContacts';

export { listXeroTenants } from './tenants';
export { createXeroGovernor, XERO_PACING_MARGIN_MS } from './governor';
export { SharedTaxRates } from './lookups/sharedTaxRates';

export interface XeroLedgerOptions {
	send: Send;
	clock: Clock;
	/** Sent as Xero-tenant-id on every Accounting call. */
	tenantId: string;
	/** Default 'https://api.xero.com' (paths /api.xro/2.0/..., /connections). */
	apiBaseUrl?: string;
	/** Default: createXeroGovernor(clock); nodes share one per tenant per execution. */
	governor?: RateGovernor;
	/** The organisation's tax rates kept across executions (nodes share one per tenant). */
	sharedTaxRates?: SharedTaxRates;
	secrets?: string[];
	retry?: Partial<RetryPolicy>;
	onWait?(delayMs: number, reason: string): void;
}

export interface XeroLedger extends Ledger {
	readonly client: LedgerClient;
	listAccounts(filter?: {
		kind?: 'revenue' | 'bank';
	}): Promise<Array<{ id: string; code?: string; name: string; type: string }>>;
	listTaxRates(): Promise<Array<{ taxType: string; name: string; ratePercent: number }>>;
	listCurrencies(): Promise<string[]>;
	listTrackingCategories(): Promise<Array<{ id: string; name: string; options: string[] }>>;
	searchContacts(
		term?: string,
		page?: number,
	): Promise<ContactSummary[]>;
	searchInvoices(
		term?: string,
		page?: number,
	): Promise<InvoiceSummary[]>;
	/** The trigger's webhook path: invoices by id in ONE batched call (IDs=), as PaidInvoice when ACCREC and PAID, else omitted. */
	getPaidInvoicesByIds(ids: string[]): Promise<PaidInvoice[]>;
	/** The trigger's webhook path: the named sales invoices whatever their status, in ONE batched call. */
	getSalesInvoicesByIds(ids: string[]): Promise<PaidInvoice[]>;
}

export function createXeroLedger(options: XeroLedgerOptions): XeroLedger {
	const tenantId = options.tenantId?.trim();
	if (!tenantId) throw new Error('Xero tenant id is required: choose the organisation to work in');
	const client = new LedgerClient({
		send: options.send,
		clock: options.clock,
		governor: options.governor ?? createXeroGovernor(options.clock),
		errors: xeroErrors,
		secrets: options.secrets,
		retry: options.retry,
		onWait: options.onWait,
	});
	const api = new XeroApi(client, tenantId, options.apiBaseUrl ?? DEFAULT_XERO_API_BASE_URL);
	const ctx: XeroContext = {
		api,
		tenantId,
		settings: new XeroSettings(api, options.sharedTaxRates),
		secrets: options.secrets ?? [],
	};
	return {
		kind: 'xero',
		client,
		upsertContacts: (contacts) => upsertContacts(ctx, contacts),
		createInvoices: (invoices) => createInvoices(ctx, invoices),
		recordPayments: (payments) => recordPayments(ctx, payments),
		issueCreditNotes: (notes) => issueCreditNotes(ctx, notes),
		findInvoices: (refs) => findInvoices(ctx, refs),
		timeZone: () => ctx.settings.timeZone(),
		listPaidInvoices: (cursor, listOptions) => listPaidInvoices(ctx, cursor, listOptions),
		getPaidInvoicesByIds: (ids) => getPaidInvoicesByIds(ctx, ids),
		getInvoices: (refs) => getInvoices(ctx, refs),
		voidInvoices: (requests) => voidInvoices(ctx, requests),
		reversePayments: (requests) => reversePayments(ctx, requests),
		sendInvoices: (requests) =>
			sendInvoices(ctx, requests, new Date(options.clock.now()).toISOString().slice(0, 10)),
		downloadPdfs: (refs) => downloadPdfs(ctx, refs),
		attachFiles: (requests) => attachFiles(ctx, requests),
		queryContacts: (queries) => queryContacts(ctx, queries),
		queryInvoices: (queries) => queryInvoices(ctx, queries),
		writeOffInvoices: (requests) => writeOffInvoices(ctx, requests),
		getSalesInvoicesByIds: (ids) => getSalesInvoicesByIds(ctx, ids),
		listAccounts: (filter) => listAccounts(ctx, filter),
		listTaxRates: () => listTaxRates(ctx),
		listCurrencies: () => listCurrencies(ctx),
		listTrackingCategories: () => listTrackingCategories(ctx),
		searchContacts: (term, page) => searchContacts(ctx, term, page),
		searchInvoices: (term, page) => searchInvoices(ctx, term, page),
	};
}
