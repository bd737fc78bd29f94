import type { Difference } from './compare';
import type { LedgerError } from './errors';
import type { ContactQuery, FoundContacts, FoundInvoices, InvoiceQuery } from './find';
import type { WriteOff } from './writeOff';
import type {
	AttachedFile,
	AttachFile,
	InvoiceDetails,
	InvoicePdf,
	ReversedPayment,
	ReversePayment,
	SendInvoice,
	SentInvoice,
	VoidedInvoice,
	VoidInvoice,
} from './lifecycle';
import type {
	Contact,
	ContactRecord,
	CreditNote,
	CreditNoteRecord,
	Invoice,
	InvoiceRecord,
	InvoiceRef,
	LedgerKind,
	PaidInvoice,
	Payment,
	PaymentRecord,
} from './model';

/**
 * `created`: written now. `updated`: the ledger held the source id with other values and was
 * corrected in place. `unchanged`: the ledger already holds exactly this (or, with "Keep the
 * Ledger's Version", holds other values listed in `differences`). `conflict`: the ledger holds
 * other values it cannot or may not change; nothing was written. `failed`: anything else.
 */
export type ItemAction = 'created' | 'updated' | 'unchanged' | 'conflict' | 'failed';

/**
 * The outcome for one element of a batch. A batch never fails as a whole: each element reports
 * its own action, so one bad invoice cannot hide ninety-nine good ones.
 */
export type ItemResult<T> =
	| {
			index: number;
			action: 'created' | 'updated' | 'unchanged';
			ledgerId: string;
			record: T;
			/** Only with "Keep the Ledger's Version": what the ledger holds that differs from the input. */
			differences?: Difference[];
	  }
	| { index: number; action: 'failed'; error: LedgerError };

/** Where a paid-invoice scan stopped; opaque to callers, stored by the trigger between polls. */
export interface PaidCursor {
	/** ISO instant (UTC) of the newest change seen. */
	since: string;
	/**
	 * Where the ledger's own scan stands, opaque to the trigger: Xero's page to resume an unfinished
	 * scan at (so a page limit never moves `since` into the middle of one timestamp), EasyBill's last
	 * payment id seen (new payments are found by id, whatever date they carry).
	 */
	position?: string;
}

export interface ListPaidOptions {
	/** Safety bound on pages read in one scan. */
	maxPages?: number;
	/** Re-read this much before the cursor, to tolerate clock skew; the caller dedupes. */
	overlapMs?: number;
	/** Asked between pages: false stops the scan there (the cursor then resumes from it). */
	shouldContinue?(): boolean;
	/**
	 * A baseline read (what was paid before the trigger started): epoch ms of that start. Invoices
	 * the ledger shows paid at or after it (a payment made while the read was delayed or retried)
	 * are left out of `invoices`, and the cursor is such that the next scan reads them as news.
	 */
	baselineAt?: number;
}

export interface PaidInvoicesPage {
	invoices: PaidInvoice[];
	cursor: PaidCursor;
}

/**
 * One accounting system, seen through the canonical model. Implementations live in
 * `core/<provider>/` and receive their transport, clock and limits by injection.
 */
export interface Ledger {
	readonly kind: LedgerKind;

	/** Finds each contact by source id, then email, then exact name; updates it or creates it. */
	upsertContacts(contacts: Contact[]): Promise<ItemResult<ContactRecord>[]>;

	/** Creates invoices; one that already exists for its source id comes back `unchanged`. */
	createInvoices(invoices: Invoice[]): Promise<ItemResult<InvoiceRecord>[]>;

	/** Applies payments to invoices; a payment already recorded (same source id) is `unchanged`. */
	recordPayments(payments: Payment[]): Promise<ItemResult<PaymentRecord>[]>;

	/** Issues credit notes against invoices, optionally allocating and refunding them. */
	issueCreditNotes(notes: CreditNote[]): Promise<ItemResult<CreditNoteRecord>[]>;

	/** Looks invoices up in as few calls as the ledger allows; `undefined` where none matched. */
	findInvoices(refs: InvoiceRef[]): Promise<Array<InvoiceRecord | undefined>>;

	/**
	 * The IANA time zone the ledger's calendar dates are in (Xero: the organisation's `Timezone`,
	 * read once per instance; EasyBill: Europe/Berlin). A timestamp input becomes a date in it.
	 */
	timeZone(): Promise<string>;

	/** Fully paid sales invoices changed since the cursor (all pages); the first scan starts at `since`. */
	listPaidInvoices(cursor: PaidCursor, options?: ListPaidOptions): Promise<PaidInvoicesPage>;

	// The invoice's later life. Optional: a ledger that lacks one is refused by the node by name.

	/** Invoices with payments and credits, batched; a ref that matches nothing fails `not_found`. */
	getInvoices?(refs: InvoiceRef[]): Promise<ItemResult<InvoiceDetails>[]>;

	/** Voids (drafts: deletes) invoices; one already void is `unchanged`; one with payments is refused unless asked to reverse them. */
	voidInvoices?(requests: VoidInvoice[]): Promise<ItemResult<VoidedInvoice>[]>;

	/** Reverses payments by source id; one already reversed is `unchanged`. */
	reversePayments?(requests: ReversePayment[]): Promise<ItemResult<ReversedPayment>[]>;

	/** E-mails approved invoices. */
	sendInvoices?(requests: SendInvoice[]): Promise<ItemResult<SentInvoice>[]>;

	/** The invoices' PDFs. */
	downloadPdfs?(refs: InvoiceRef[]): Promise<ItemResult<InvoicePdf>[]>;

	/** Attaches files to invoices, idempotent by file name (core/attachments). */
	attachFiles?(requests: AttachFile[]): Promise<ItemResult<AttachedFile>[]>;

	/** Find Contacts: per query, the contacts matching every filter it sets (paged, up to its limit). */
	queryContacts?(queries: ContactQuery[]): Promise<ItemResult<FoundContacts>[]>;

	/** Find Invoices: per query, the sales invoices matching every filter it sets (paged, up to its limit). */
	queryInvoices?(queries: InvoiceQuery[]): Promise<ItemResult<FoundInvoices>[]>;

	/** Write Off: a credit note for what is still due, allocated; once per source id, never for nothing. */
	writeOffInvoices?(requests: WriteOff[]): Promise<ItemResult<CreditNoteRecord>[]>;

	// What the node's pickers list, for ledgers whose organisation keeps these lists.

	/** Accounts of the organisation (revenue for lines, bank for payments). */
	listAccounts?(filter?: {
		kind?: 'revenue' | 'bank';
	}): Promise<Array<{ id: string; code?: string; name: string; type: string }>>;

	/** The organisation's sales tax codes. */
	listTaxRates?(): Promise<Array<{ taxType: string; name: string; ratePercent: number }>>;

	/** The currencies the organisation has enabled. */
	listCurrencies?(): Promise<string[]>;

	/** The organisation's active tracking categories and their active options. */
	listTrackingCategories?(): Promise<Array<{ id: string; name: string; options: string[] }>>;
}
