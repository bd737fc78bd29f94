/**
 * The canonical model: what a billing system means, independent of any ledger.
 *
 * Money is always an integer number of minor units (cents) plus an ISO 4217 currency code, so
 * sums never drift. Dates are ISO `YYYY-MM-DD` calendar dates. Every record carries the caller's
 * `sourceId` (the billing system's id), which is what makes a retry recognisable.
 */

/** What to do when a final document exists for the source id with other values. */
export type DifferencePolicy = 'update' | 'fail' | 'keep';

/**
 * A ledger's name as the node's ledger registry knows it: `xero` and `easybill` ship with the
 * package; a ledger registered later carries its own name through the same paths, so no code may
 * read "not Xero" as "EasyBill".
 */
export type LedgerKind = string;

/** ISO 4217 code, upper case, e.g. `EUR`. */
export type CurrencyCode = string;

/** ISO calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

export interface Address {
	line1?: string;
	line2?: string;
	city?: string;
	region?: string;
	postalCode?: string;
	/** ISO 3166-1 alpha-2, e.g. `DE`. */
	country?: string;
}

export interface Contact {
	/** The billing system's customer id. */
	sourceId: string;
	/** Display name; unique per organisation in Xero. */
	name: string;
	companyName?: string;
	firstName?: string;
	lastName?: string;
	emails?: string[];
	phone?: string;
	taxNumber?: string;
	address?: Address;
	currency?: CurrencyCode;
	defaultAccountCode?: string;
	defaultTaxType?: string;
}

/** Whether line unit prices include tax. */
export type TaxMode = 'exclusive' | 'inclusive' | 'none';

export interface InvoiceLine {
	description: string;
	/** Decimal quantity (up to 4 places), never negative. */
	quantity: number;
	/** Unit price in minor units of the document currency. */
	unitPriceMinor: number;
	/** 0..100. */
	discountPercent?: number;
	/** Tax rate as a percentage (EasyBill `vat_percent`); Xero derives it from `taxType`. */
	taxRatePercent?: number;
	/** The ledger's tax code (Xero `TaxType`, e.g. `OUTPUT2`). */
	taxType?: string;
	/** Revenue account code (Xero `AccountCode`). */
	accountCode?: string;
	itemCode?: string;
	/** Tracking categories (Xero: at most two per line, one option each), by name or id. */
	tracking?: LineTracking[];
}

/** One tracking category of a line and the option chosen in it (Xero `Tracking`). */
export interface LineTracking {
	category: string;
	option: string;
}

/** How an operation names a contact: by the ledger's id, by the billing system's id, or inline (upserted first). */
export type ContactRef = { ledgerId: string } | { sourceId: string } | { contact: Contact };

/** How an operation names an invoice. */
export type InvoiceRef = { ledgerId: string } | { number: string } | { sourceId: string };

export type DocumentStatus = 'draft' | 'final';

export interface Invoice {
	/** The billing system's invoice id: the idempotency handle. */
	sourceId: string;
	contact: ContactRef;
	issueDate: IsoDate;
	dueDate?: IsoDate;
	currency: CurrencyCode;
	lines: InvoiceLine[];
	taxMode: TaxMode;
	status: DocumentStatus;
	/** Desired invoice number; the ledger numbers it when absent. */
	number?: string;
	reference?: string;
	/** The total the billing system computed (e.g. Stripe `total`): the ledger's must equal it. */
	expectedTotalMinor?: number;
	/** When the source id exists as a final invoice with other values (default `update`). */
	ifDifferent?: DifferencePolicy;
	/**
	 * Units of `currency` per one unit of the organisation's base currency (Xero `CurrencyRate`),
	 * for a foreign-currency invoice; absent: the ledger's own day rate.
	 */
	currencyRate?: number;
}

export interface Payment {
	/** The billing system's payment id (e.g. a Stripe charge id). */
	sourceId: string;
	invoice: InvoiceRef;
	amountMinor: number;
	currency: CurrencyCode;
	date: IsoDate;
	reference?: string;
	/** Xero: the bank account (code or AccountID) the money went into. */
	bankAccount?: string;
}

export interface CreditNoteRefund {
	date: IsoDate;
	/** Xero: the bank account (code or AccountID) the refund was paid from. */
	bankAccount?: string;
	reference?: string;
}

export interface CreditNote {
	/** The billing system's refund/credit id. */
	sourceId: string;
	invoice: InvoiceRef;
	date: IsoDate;
	currency: CurrencyCode;
	reason?: string;
	/** Partial credit by lines. */
	lines?: InvoiceLine[];
	/** Partial credit by a gross amount. Neither lines nor amount: the whole invoice is credited. */
	amountMinor?: number;
	/** Allocate the credit to its invoice (reduces the amount due). */
	allocate?: boolean;
	/** Pay the credit out (a refund). */
	refund?: CreditNoteRefund;
	/** The total the billing system computed: the ledger's must equal it. */
	expectedTotalMinor?: number;
	/** When the source id exists as a final credit note with other values (default `update`). */
	ifDifferent?: DifferencePolicy;
}

export interface ContactRecord extends Contact {
	ledgerId: string;
}

export type InvoiceState = 'draft' | 'open' | 'paid' | 'void';

export interface InvoiceRecord {
	ledgerId: string;
	number?: string;
	sourceId?: string;
	reference?: string;
	contact: { ledgerId: string; name?: string; email?: string };
	currency: CurrencyCode;
	issueDate: IsoDate;
	dueDate?: IsoDate;
	state: InvoiceState;
	subtotalMinor: number;
	taxMinor: number;
	totalMinor: number;
	amountPaidMinor: number;
	amountCreditedMinor: number;
	amountDueMinor: number;
	paidDate?: IsoDate;
}

export interface PaymentRecord {
	ledgerId: string;
	invoiceLedgerId: string;
	amountMinor: number;
	currency: CurrencyCode;
	date: IsoDate;
	reference?: string;
}

export interface CreditNoteRecord {
	ledgerId: string;
	number?: string;
	sourceId?: string;
	invoiceLedgerId?: string;
	currency: CurrencyCode;
	totalMinor: number;
	allocatedMinor: number;
	refundedMinor: number;
	refundLedgerId?: string;
}

/** A contact as the node's pickers list it. */
export interface ContactSummary {
	ledgerId: string;
	name: string;
	email?: string;
}

/** An invoice as the node's pickers list it. */
export interface InvoiceSummary {
	ledgerId: string;
	number?: string;
	contactName?: string;
	totalMinor: number;
	/** What is still to be paid: what a payment picker offers. */
	amountDueMinor: number;
	currency: CurrencyCode;
	state: InvoiceState;
}

/** What the Invoice Paid trigger emits, the same for every ledger and mode. */
export interface PaidInvoice extends InvoiceRecord {
	ledger: LedgerKind;
	tenantId?: string;
	payments?: PaymentRecord[];
	/** The ledger's own object, untouched. */
	raw: unknown;
}
