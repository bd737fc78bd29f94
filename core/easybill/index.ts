/**
 * The EasyBill implementation of the Ledger interface. Pure TypeScript: the transport (`send`,
 * which adds the Bearer key), the clock and the limits are injected. EasyBill has no batch API,
 * so every element is its own call, paced by the governor to the plan's per-minute budget.
 */
import { LedgerClient } from '../client';
import type { RateGovernor } from '../governor';
import type { Ledger } from '../ledger';
import type { ContactSummary, InvoiceSummary, PaidInvoice } from '../model';
import type { RetryPolicy } from '../retry';
import type { Clock, Send } from '../transport';
import { DEFAULT_EASYBILL_BASE_URL, EasyBillApi } from './api';
import type { EasyBillContext } from './context';
import { easyBillErrors } from './errors';
import { createEasyBillGovernor } from './governor';
import { createInvoices } from './operations/createInvoices';
import { attachFiles } from './operations/attachFiles';
import { downloadPdfs, getInvoices, sendInvoices } from './operations/invoiceLife';
import { reversePayments } from './operations/reversePayments';
import { voidInvoices } from './operations/voidInvoices';
import { findInvoices } from './operations/findInvoices';
import { queryContacts, queryInvoices } from './operations/findLists';
import { writeOffInvoices } from './operations/writeOff';
import { issueCreditNotes } from './operations/issueCreditNotes';
import { getInvoiceState, getPaidInvoicesByIds, listPaidInvoices } from './operations/paidInvoices';
import { recordPayments } from './operations/recordPayments';
import { searchCustomers, searchInvoices } from './operations/search';
import { upsertContacts } from './operations/upsertContacts';
import { deleteWebhook, getWebhook, registerWebhook } from './operations/webhooks';

export interface EasyBillLedgerOptions {
	send: Send;
	clock: Clock;
	/** Default `https://api.easybill.de/rest/v1`. */
	baseUrl?: string;
	/** Requests per minute of the plan: 10 (PLUS) or 60 (BUSINESS, default). */
	perMinute?: number;
	/** Share one per API key across an execution; build it with createEasyBillGovernor (it pads for jitter). */
	governor?: RateGovernor;
	/**
	 * Extra wait added to every pacing pause, for network jitter (default 1 s). Tests that run
	 * emulated time faster than real time scale it up, since real milliseconds become seconds there.
	 */
	pacingMarginMs?: number;
	secrets?: string[];
	retry?: Partial<RetryPolicy>;
	onWait?(delayMs: number, reason: string): void;
}

export interface EasyBillLedger extends Ledger {
	readonly client: LedgerClient;
	searchCustomers(
		term?: string,
		page?: number,
	): Promise<ContactSummary[]>;
	searchInvoices(
		term?: string,
		page?: number,
	): Promise<InvoiceSummary[]>;
	/** For the trigger: documents by id, as PaidInvoice when an INVOICE that is fully paid, else omitted. */
	getPaidInvoicesByIds(ids: string[]): Promise<PaidInvoice[]>;
	/** For the trigger: the document as PaidInvoice-shaped record even when not fully paid (amountPaidMinor tells how much). */
	getInvoiceState(id: string): Promise<PaidInvoice | undefined>;
	registerWebhook(input: {
		url: string;
		events: string[];
		secret: string;
		description: string;
	}): Promise<{ id: string }>;
	getWebhook(id: string): Promise<{ id: string; url: string; events: string[] } | undefined>;
	deleteWebhook(id: string): Promise<void>;
}

export const DEFAULT_EASYBILL_PER_MINUTE = 60;

export function createEasyBillLedger(options: EasyBillLedgerOptions): EasyBillLedger {
	const governor =
		options.governor ??
		createEasyBillGovernor(
			options.perMinute ?? DEFAULT_EASYBILL_PER_MINUTE,
			options.clock,
			options.pacingMarginMs,
		);
	const client = new LedgerClient({
		send: options.send,
		clock: options.clock,
		governor,
		errors: easyBillErrors,
		secrets: options.secrets,
		retry: options.retry,
		onWait: options.onWait,
	});
	const ctx: EasyBillContext = {
		api: new EasyBillApi(client, options.baseUrl ?? DEFAULT_EASYBILL_BASE_URL),
		clock: options.clock,
	};
	return {
		kind: 'easybill',
		client,
		upsertContacts: (contacts) => upsertContacts(ctx, contacts),
		createInvoices: (invoices) => createInvoices(ctx, invoices),
		recordPayments: (payments) => recordPayments(ctx, payments),
		issueCreditNotes: (notes) => issueCreditNotes(ctx, notes),
		findInvoices: (refs) => findInvoices(ctx, refs),
		// EasyBill's dates are Europe/Berlin local dates for every account.
		timeZone: async () => 'Europe/Berlin',
		listPaidInvoices: (cursor, opts) => listPaidInvoices(ctx, cursor, opts),
		searchCustomers: (term, page) => searchCustomers(ctx, term, page),
		searchInvoices: (term, page) => searchInvoices(ctx, term, page),
		getPaidInvoicesByIds: (ids) => getPaidInvoicesByIds(ctx, ids),
		getInvoiceState: (id) => getInvoiceState(ctx, id),
		getInvoices: (refs) => getInvoices(ctx, refs),
		voidInvoices: (requests) => voidInvoices(ctx, requests),
		reversePayments: (requests) => reversePayments(ctx, requests),
		sendInvoices: (requests) => sendInvoices(ctx, requests),
		downloadPdfs: (refs) => downloadPdfs(ctx, refs),
		attachFiles: (requests) => attachFiles(ctx, requests),
		queryContacts: (queries) => queryContacts(ctx, queries),
		queryInvoices: (queries) => queryInvoices(ctx, queries),
		writeOffInvoices: (requests) => writeOffInvoices(ctx, requests),
		registerWebhook: (input) => registerWebhook(ctx, input),
		getWebhook: (id) => getWebhook(ctx, id),
		deleteWebhook: (id) => deleteWebhook(ctx, id),
	};
}

export { DEFAULT_EASYBILL_BASE_URL } from './api';
export { createEasyBillGovernor, PACING_MARGIN_MS } from './governor';
export { translateEasyBillError } from './errors';
export { escapeFilterValue, chunkFilterValues } from './listFilter';
