/**
 * EasyBill's JSON as the REST API v1 sends and accepts it (only the fields this package reads or
 * writes). Money is integer cents; dates are `Y-m-d` and date-times `Y-m-d H:i:s`, Europe/Berlin.
 */

export interface EbList<T> {
	page: number;
	pages: number;
	limit: number;
	total: number;
	items: T[];
}

export interface EbCustomer {
	id: number;
	number: string;
	company_name?: string | null;
	first_name?: string | null;
	last_name?: string | null;
	display_name?: string | null;
	emails?: string[];
	phone_1?: string | null;
	vat_identifier?: string | null;
	street?: string | null;
	suffix_1?: string | null;
	city?: string | null;
	state?: string | null;
	zip_code?: string | null;
	country?: string | null;
	[key: string]: unknown;
}

/** The writable customer fields this package manages; anything else on the record is left alone. */
export type EbCustomerInput = Partial<
	Pick<
		EbCustomer,
		| 'number'
		| 'company_name'
		| 'first_name'
		| 'last_name'
		| 'emails'
		| 'phone_1'
		| 'vat_identifier'
		| 'street'
		| 'suffix_1'
		| 'city'
		| 'state'
		| 'zip_code'
		| 'country'
	>
>;

export type EbDocumentType = 'INVOICE' | 'CREDIT';

export interface EbPosition {
	id?: number;
	type?: 'POSITION' | 'POSITION_NOCALC' | 'TEXT';
	number?: string | null;
	description?: string | null;
	quantity?: number;
	single_price_net?: number | null;
	single_price_gross?: number | null;
	vat_percent?: number;
	discount?: number | null;
	discount_type?: 'PERCENT' | 'AMOUNT' | 'QUANTITY' | 'FIX' | null;
	booking_account?: string | null;
	total_price_net?: number;
	total_price_gross?: number;
	total_vat?: number;
}

export interface EbDocument {
	id: number;
	type: string;
	number: string | null;
	is_draft: boolean;
	customer_id: number;
	currency: string;
	document_date: string;
	due_date?: string | null;
	/** Gross total in cents. */
	amount: number;
	amount_net: number;
	paid_amount: number;
	paid_at: string | null;
	external_id: string | null;
	ref_id: number | null;
	cancel_id?: number | null;
	calc_vat_from?: number;
	order_number?: string | null;
	title?: string | null;
	items: EbPosition[];
	customer_snapshot?: Partial<EbCustomer> | null;
	address?: {
		company_name?: string | null;
		first_name?: string | null;
		last_name?: string | null;
	} | null;
	[key: string]: unknown;
}

export interface EbDocumentInput {
	type: EbDocumentType;
	customer_id: number;
	currency: string;
	document_date: string;
	due_in_days?: number;
	calc_vat_from: 0 | 1;
	external_id: string;
	ref_id?: number;
	number?: string;
	order_number?: string;
	title?: string;
	items: EbPosition[];
}

export interface EbPayment {
	id: number;
	document_id: number;
	amount: number;
	payment_at: string;
	reference?: string | null;
	provider?: string | null;
	notice?: string | null;
	type?: string | null;
	is_overdue_fee?: boolean;
}

export interface EbPaymentInput {
	document_id: number;
	amount: number;
	payment_at: string;
	reference: string;
	provider?: string;
	notice?: string;
	is_overdue_fee: false;
}

export interface EbWebhook {
	id: number;
	url: string;
	events: string[];
	secret?: string;
	content_type?: string;
	description?: string;
	is_active?: boolean;
}
