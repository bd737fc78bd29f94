/**
 * The canonical model of an invoice's life after it was created: looking it up with its money
 * movements, voiding it, reversing a payment, sending it and fetching its PDF. Same shapes for
 * every ledger; where a ledger lacks a concept the field is absent and the README says why.
 */
import type { DifferencePolicy, InvoiceRecord, InvoiceRef, IsoDate, PaymentRecord } from './model';

/** A payment named by the ledger's id or by the billing system's payment id. */
export type PaymentRef = { ledgerId: string } | { sourceId: string };

/** A credit note applied to an invoice. */
export interface CreditApplied {
	/** The credit note's ledger id. */
	ledgerId: string;
	number?: string;
	/** The billing system's credit id, where the ledger keeps it. */
	sourceId?: string;
	amountMinor: number;
	date?: IsoDate;
}

/** Get Invoice: the invoice with the money that moved on it. */
export interface InvoiceDetails extends InvoiceRecord {
	payments: PaymentRecord[];
	credits: CreditApplied[];
	/** Xero's public online-invoice link (approved invoices only); EasyBill has none. */
	onlineUrl?: string;
}

export interface VoidInvoice {
	invoice: InvoiceRef;
	/** Reverse the invoice's payments first instead of refusing an invoice that has some. */
	reversePayments?: boolean;
}

/** What voiding did: `voided` (Xero VOIDED), `cancelled` (EasyBill storno) or `deleted` (a draft). */
export type VoidedAs = 'voided' | 'cancelled' | 'deleted';

export interface VoidedInvoice {
	ledgerId: string;
	number?: string;
	sourceId?: string;
	voidedAs: VoidedAs;
	/** Payments reversed before voiding (only with `reversePayments`). */
	reversedPayments: string[];
	/** EasyBill: the storno document that cancels the invoice. */
	cancellationLedgerId?: string;
	totalMinor: number;
	currency: string;
}

export interface ReversePayment {
	payment: PaymentRef;
}

export interface ReversedPayment {
	/** Empty when the ledger holds no such payment any more (see `note`). */
	ledgerId: string;
	invoiceLedgerId?: string;
	amountMinor?: number;
	currency?: string;
	date?: IsoDate;
	reference?: string;
	state: 'reversed';
	note?: string;
}

export interface SendInvoice {
	invoice: InvoiceRef;
	/** Recipients; empty means the contact's own address. Xero cannot take any (it says so). */
	to?: string[];
	subject?: string;
	message?: string;
}

export interface SentInvoice {
	ledgerId: string;
	number?: string;
	/** Who it went to, where the ledger tells. */
	to: string[];
	channel: 'email';
}

export interface InvoicePdf {
	ledgerId: string;
	number?: string;
	fileName: string;
	mimeType: 'application/pdf';
	data: Buffer;
}

/** `INV-0001.pdf`; characters a file system or a mail client would choke on become `_`. */
export function pdfFileName(number: string | undefined, ledgerId: string): string {
	const base = (number?.trim() || ledgerId).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
	return `${base || 'invoice'}.pdf`;
}

/** Attach File: a file (e.g. the billing system's PDF) attached to an invoice, by file name. */
export interface AttachFile {
	invoice: InvoiceRef;
	fileName: string;
	mimeType: string;
	data: Buffer;
	/** When a file of that name is attached with other content (default `update`: replace it). */
	ifDifferent?: DifferencePolicy;
}

export interface AttachedFile {
	/** The attachment's id in the ledger. */
	ledgerId: string;
	invoiceLedgerId: string;
	fileName: string;
	mimeType?: string;
	fileSize: number;
	/** SHA-256 of the content, hex: what "the same file" means. */
	sha256: string;
	/** The attachment replaced, when the content changed and the ledger cannot edit in place. */
	replacedLedgerId?: string;
}
