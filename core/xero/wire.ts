/**
 * Xero's JSON as it travels: PascalCase keys, string enums, `/Date(…)/` strings. xero-node's model
 * classes describe the same objects in camelCase with numeric-typed enums (its serializer renames
 * them), so the wire shapes are derived from them here, type-only: the package never ships xero-node.
 */
import type {
	Account,
	Address,
	Allocation,
	Attachment,
	Contact,
	CreditNote,
	Currency,
	Invoice,
	LineItem,
	Organisation,
	Payment,
	Phone,
	TaxRate,
	TrackingCategory,
	ValidationError,
} from 'xero-node';

// Strict type identity: a xero-node enum is declared as a plain numeric enum, which `extends`
// cannot tell apart from `number`.
type IsNumber<V> =
	(<G>() => G extends V ? 1 : 2) extends <G>() => G extends number ? 1 : 2 ? true : false;

type WireValue<V> = V extends Date
	? string
	: V extends number
		? IsNumber<V> extends true
			? number
			: string // a xero-node enum: Xero sends and expects its name
		: V extends string | boolean
			? V
			: V extends Array<infer E>
				? Array<WireValue<E>>
				: V extends object
					? Wire<V>
					: V;

/** Maps a xero-node model class to its wire JSON (xero-node renames `_class` to `Class`). */
export type Wire<T> = {
	[
		K in keyof T as K extends '_class' ? 'Class' : K extends string ? Capitalize<K> : never
	]?: WireValue<NonNullable<T[K]>>;
};

export type XeroContact = Wire<Contact>;
/** Xero also sends the calendar dates as `DateString`/`DueDateString` (`2026-11-02T00:00:00`). */
export type XeroInvoice = Wire<Invoice> & { DateString?: string; DueDateString?: string };
export type XeroLineItem = Wire<LineItem>;
export type XeroPayment = Wire<Payment>;
export type XeroCreditNote = Wire<CreditNote>;
export type XeroAllocation = Wire<Allocation>;
export type XeroTaxRate = Wire<TaxRate>;
export type XeroAccount = Wire<Account>;
export type XeroCurrency = Wire<Currency>;
export type XeroAttachment = Wire<Attachment>;
export type XeroTrackingCategory = Wire<TrackingCategory>;
export type XeroOrganisation = Wire<Organisation>;
export type XeroAddress = Wire<Address>;
export type XeroPhone = Wire<Phone>;
export type XeroValidationError = Wire<ValidationError>;

/** Any element of a batch answer: it may carry its own validation errors. */
export interface XeroElementStatus {
	HasErrors?: boolean;
	ValidationErrors?: XeroValidationError[];
	StatusAttributeString?: string;
}

/** The collection wrappers Xero puts around every list and batch body. */
export interface XeroEnvelope {
	/** When the answer was made: `/Date(ms)/`. A replayed Idempotency-Key answer keeps the first one's. */
	DateTimeUTC?: string;
	Contacts?: XeroContact[];
	Invoices?: XeroInvoice[];
	Payments?: XeroPayment[];
	CreditNotes?: XeroCreditNote[];
	Allocations?: XeroAllocation[];
	/** A record's History & Notes. */
	HistoryRecords?: Array<{ Details?: string; Changes?: string; DateUTC?: string }>;
	TaxRates?: XeroTaxRate[];
	Accounts?: XeroAccount[];
	Currencies?: XeroCurrency[];
	TrackingCategories?: XeroTrackingCategory[];
	Attachments?: XeroAttachment[];
	Organisations?: XeroOrganisation[];
	pagination?: { page?: number; pageSize?: number; pageCount?: number; itemCount?: number };
}

export type EnvelopeKey =
	| 'Contacts'
	| 'Invoices'
	| 'Payments'
	| 'CreditNotes'
	| 'Allocations'
	| 'HistoryRecords';
