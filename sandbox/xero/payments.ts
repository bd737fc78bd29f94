/**
 * Payments and credit-note allocations: money moves only onto AUTHORISED documents, never more
 * than is outstanding, and a document whose balance reaches zero becomes PAID.
 */
import { randomUUID } from 'node:crypto';

import type { Book } from './book';
import type { Outcome, WriteContext } from './contacts';
import { parseRequestDate, round, startOfDay } from './format';
import type { XeroRecord } from './seed';

const PAYMENT_TYPES: Record<string, string> = {
	ACCREC: 'ACCRECPAYMENT',
	ACCPAY: 'ACCPAYPAYMENT',
	ACCRECCREDIT: 'ARCREDITPAYMENT',
	ACCPAYCREDIT: 'APCREDITPAYMENT',
};

const ref = (value: unknown): XeroRecord | undefined =>
	value && typeof value === 'object' ? (value as XeroRecord) : undefined;

function documentSummary(doc: XeroRecord): XeroRecord {
	const isInvoice = doc.InvoiceID !== undefined;
	return {
		Type: doc.Type,
		...(isInvoice
			? { InvoiceID: doc.InvoiceID, InvoiceNumber: doc.InvoiceNumber }
			: { CreditNoteID: doc.CreditNoteID, CreditNoteNumber: doc.CreditNoteNumber }),
		Reference: doc.Reference,
		Contact: { ContactID: doc.Contact.ContactID, Name: doc.Contact.Name },
		CurrencyCode: doc.CurrencyCode,
		Status: doc.Status,
		HasErrors: false,
	};
}

function findTarget(book: Book, input: XeroRecord, errors: string[]): XeroRecord | undefined {
	const invoice = ref(input.Invoice);
	const creditNote = ref(input.CreditNote);
	const invoiceNumber = invoice?.InvoiceNumber ?? input.InvoiceNumber;
	const creditNoteNumber = creditNote?.CreditNoteNumber ?? input.CreditNoteNumber;
	let found: XeroRecord | undefined;
	if (typeof invoice?.InvoiceID === 'string') found = book.get('invoices', invoice.InvoiceID);
	else if (typeof invoiceNumber === 'string') {
		found = book
			.all('invoices')
			.find((d) => d.InvoiceNumber === invoiceNumber && d.Status !== 'DELETED');
	} else if (typeof creditNote?.CreditNoteID === 'string')
		found = book.get('creditNotes', creditNote.CreditNoteID);
	else if (typeof creditNoteNumber === 'string') {
		found = book
			.all('creditNotes')
			.find((d) => d.CreditNoteNumber === creditNoteNumber && d.Status !== 'DELETED');
	} else {
		errors.push('You must specify either an Invoice or a CreditNote to apply the payment to.');
		return undefined;
	}
	if (!found)
		errors.push(
			invoice || invoiceNumber ? 'Invoice could not be found' : 'Credit Note could not be found',
		);
	return found;
}

const outstanding = (doc: XeroRecord) =>
	Number(doc.InvoiceID !== undefined ? doc.AmountDue : doc.RemainingCredit);

export function savePayment(book: Book, input: XeroRecord, ctx: WriteContext): Outcome {
	const errors: string[] = [];
	if (typeof input.PaymentID === 'string' && book.get('payments', input.PaymentID)) {
		return { errors: ['This payment already exists; a payment can only be deleted, not edited.'] };
	}
	const doc = findTarget(book, input, errors);
	const accountRef =
		ref(input.Account) ?? (typeof input.Code === 'string' ? { Code: input.Code } : undefined);
	const account = book.account(accountRef);
	if (!accountRef) errors.push('Account must be specified (AccountID or Code).');
	else if (!account) errors.push('Account could not be found');
	else if (account.Type !== 'BANK' && account.EnablePaymentsToAccount !== true) {
		errors.push(
			'Payments can only be made to bank accounts or accounts with "Enable payments to this account" set.',
		);
	}
	const amount = typeof input.Amount === 'number' ? round(input.Amount) : undefined;
	if (amount === undefined || amount <= 0) errors.push('Payment amount must be greater than zero.');
	const date = input.Date === undefined ? book.today(ctx.now) : parseRequestDate(input.Date);
	if (date === undefined)
		errors.push(`Date '${String(input.Date)}' is not a valid date (use YYYY-MM-DD).`);
	if (doc) {
		if (doc.Status !== 'AUTHORISED') {
			errors.push(
				`Payments can only be made against AUTHORISED documents; this one is ${doc.Status}.`,
			);
		} else if (amount !== undefined && amount > outstanding(doc)) {
			errors.push('The payment amount exceeds the amount outstanding on this document.');
		}
	}
	if (errors.length > 0 || !doc || !account || amount === undefined || date === undefined)
		return { errors };

	const rate = paymentRate(book, doc, input);
	const payment: XeroRecord = {
		PaymentID: randomUUID(),
		Date: startOfDay(date),
		// Amount is in the document's currency, BankAmount in the bank account's (the base currency
		// unless the account has its own).
		BankAmount:
			(account.CurrencyCode ?? book.baseCurrency) === doc.CurrencyCode
				? amount
				: round(amount / rate),
		Amount: amount,
		Reference: typeof input.Reference === 'string' ? input.Reference : '',
		CurrencyRate: rate,
		PaymentType: PAYMENT_TYPES[doc.Type as string],
		Status: 'AUTHORISED',
		UpdatedDateUTC: ctx.now,
		HasAccount: true,
		IsReconciled: input.IsReconciled === true,
		HasValidationErrors: false,
		Account: { AccountID: account.AccountID, Code: account.Code, Name: account.Name },
		...(doc.InvoiceID !== undefined
			? { Invoice: documentSummary(doc) }
			: { CreditNote: documentSummary(doc) }),
	};
	book.put('payments', payment.PaymentID, payment);
	applyToDocument(book, doc, payment, +1, ctx.now);
	return { record: payment };
}

/**
 * A payment on a foreign-currency document is booked at the rate given, else at Xero's day rate
 * (not the document's rate: the difference is a realised currency gain or loss); 1 in the base
 * currency.
 */
function paymentRate(book: Book, doc: XeroRecord, input: XeroRecord): number {
	if (doc.CurrencyCode === book.baseCurrency) return 1;
	if (typeof input.CurrencyRate === 'number' && input.CurrencyRate > 0) return input.CurrencyRate;
	return book.rates[doc.CurrencyCode as string] ?? Number(doc.CurrencyRate ?? 1);
}

/** Adds (sign +1) or removes (sign -1) a payment's effect on its document. */
function applyToDocument(
	book: Book,
	doc: XeroRecord,
	payment: XeroRecord,
	sign: 1 | -1,
	now: number,
): void {
	const isInvoice = doc.InvoiceID !== undefined;
	const line = {
		PaymentID: payment.PaymentID,
		Date: payment.Date,
		Amount: payment.Amount,
		Reference: payment.Reference,
		CurrencyRate: payment.CurrencyRate,
		HasAccount: true,
		HasValidationErrors: false,
	};
	const payments = (doc.Payments as XeroRecord[]).filter((p) => p.PaymentID !== payment.PaymentID);
	const next: XeroRecord = {
		...doc,
		Payments: sign > 0 ? [...payments, line] : payments,
		UpdatedDateUTC: now,
	};
	if (isInvoice) {
		next.AmountPaid = round(Number(doc.AmountPaid) + sign * payment.Amount);
		next.AmountDue = round(Number(doc.Total) - next.AmountPaid - Number(doc.AmountCredited));
		settle(next, next.AmountDue, payment.Date);
		book.put('invoices', next.InvoiceID, next);
		book.emit({ category: 'INVOICE', type: 'UPDATE', resourceId: next.InvoiceID, at: now });
	} else {
		next.RemainingCredit = round(Number(doc.RemainingCredit) - sign * payment.Amount);
		settle(next, next.RemainingCredit, payment.Date);
		book.put('creditNotes', next.CreditNoteID, next);
	}
}

function settle(doc: XeroRecord, balance: number, date: number): void {
	if (balance === 0) {
		doc.Status = 'PAID';
		doc.FullyPaidOnDate = date;
	} else if (doc.Status === 'PAID') {
		doc.Status = 'AUTHORISED';
		delete doc.FullyPaidOnDate;
	}
}

/** POST /Payments/{id} {Status: "DELETED"}: the only change Xero allows to a payment. */
export function deletePayment(
	book: Book,
	paymentId: string,
	input: XeroRecord,
	now: number,
): Outcome {
	const payment = book.get('payments', paymentId);
	if (!payment) return { errors: ['Payment could not be found'] };
	if (input.Status !== 'DELETED')
		return { errors: ['A payment can only be deleted (Status: DELETED).'] };
	if (payment.Status === 'DELETED') return { errors: ['This payment has already been deleted.'] };
	const docRef = payment.Invoice
		? book.get('invoices', payment.Invoice.InvoiceID)
		: book.get('creditNotes', payment.CreditNote.CreditNoteID);
	const deleted = { ...payment, Status: 'DELETED', UpdatedDateUTC: now };
	book.put('payments', paymentId, deleted);
	if (docRef) applyToDocument(book, docRef, payment, -1, now);
	return { record: deleted };
}

/** PUT /CreditNotes/{id}/Allocations: moves credit onto an invoice of the same contact and currency. */
export function allocateCreditNote(
	book: Book,
	creditNote: XeroRecord,
	input: XeroRecord,
	now: number,
): Outcome {
	const errors: string[] = [];
	const invoiceRef = ref(input.Invoice);
	const invoice =
		typeof invoiceRef?.InvoiceID === 'string'
			? book.get('invoices', invoiceRef.InvoiceID)
			: undefined;
	if (!invoice) errors.push('Invoice could not be found');
	const amount = typeof input.Amount === 'number' ? round(input.Amount) : undefined;
	if (amount === undefined || amount <= 0)
		errors.push('Allocation amount must be greater than zero.');
	const date = input.Date === undefined ? book.today(now) : parseRequestDate(input.Date);
	if (date === undefined)
		errors.push(`Date '${String(input.Date)}' is not a valid date (use YYYY-MM-DD).`);
	if (creditNote.Status !== 'AUTHORISED') {
		errors.push(`Only AUTHORISED credit notes can be allocated; this one is ${creditNote.Status}.`);
	}
	if (invoice) {
		const expected = creditNote.Type === 'ACCRECCREDIT' ? 'ACCREC' : 'ACCPAY';
		if (invoice.Type !== expected)
			errors.push(
				`A ${creditNote.Type} credit note can only be allocated to ${expected} invoices.`,
			);
		if (invoice.Status !== 'AUTHORISED')
			errors.push(`Invoice must be AUTHORISED to take an allocation; it is ${invoice.Status}.`);
		if (invoice.Contact.ContactID !== creditNote.Contact.ContactID) {
			errors.push('The credit note and the invoice must belong to the same contact.');
		}
		if (invoice.CurrencyCode !== creditNote.CurrencyCode)
			errors.push('The credit note and the invoice must be in the same currency.');
		if (amount !== undefined && amount > Number(creditNote.RemainingCredit)) {
			errors.push('The amount allocated exceeds the remaining credit on the credit note.');
		}
		if (amount !== undefined && amount > Number(invoice.AmountDue)) {
			errors.push('The amount allocated exceeds the amount due on the invoice.');
		}
	}
	if (errors.length > 0 || !invoice || amount === undefined || date === undefined)
		return { errors };

	const allocationId = randomUUID();
	const allocationDate = startOfDay(date);
	const nextInvoice: XeroRecord = {
		...invoice,
		AmountCredited: round(Number(invoice.AmountCredited) + amount),
		CreditNotes: [
			...(invoice.CreditNotes as XeroRecord[]),
			{
				CreditNoteID: creditNote.CreditNoteID,
				CreditNoteNumber: creditNote.CreditNoteNumber,
				AppliedAmount: amount,
				Date: allocationDate,
				Total: creditNote.Total,
				HasErrors: false,
			},
		],
		UpdatedDateUTC: now,
	};
	nextInvoice.AmountDue = round(
		Number(invoice.Total) - Number(invoice.AmountPaid) - nextInvoice.AmountCredited,
	);
	settle(nextInvoice, nextInvoice.AmountDue, allocationDate);
	const allocation: XeroRecord = {
		AllocationID: allocationId,
		Amount: amount,
		Date: allocationDate,
		Invoice: documentSummary(nextInvoice),
		IsDeleted: false,
	};
	const nextCredit: XeroRecord = {
		...creditNote,
		RemainingCredit: round(Number(creditNote.RemainingCredit) - amount),
		Allocations: [...(creditNote.Allocations as XeroRecord[]), allocation],
		UpdatedDateUTC: now,
	};
	settle(nextCredit, nextCredit.RemainingCredit, allocationDate);
	book.put('invoices', nextInvoice.InvoiceID, nextInvoice);
	book.put('creditNotes', nextCredit.CreditNoteID, nextCredit);
	book.emit({ category: 'INVOICE', type: 'UPDATE', resourceId: nextInvoice.InvoiceID, at: now });
	return { record: { ...allocation, CreditNote: documentSummary(nextCredit) } };
}
