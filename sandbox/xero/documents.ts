/**
 * Invoices and credit notes: one write path, since Xero treats both as documents with lines,
 * a contact, a status flow and a balance. The differences live in `DocumentKind`.
 */
import { randomUUID } from 'node:crypto';

import type { Book } from './book';
import {
	contactSummary,
	ensureContact,
	resolveContact,
	type Outcome,
	type WriteContext,
} from './contacts';
import { parseRequestDate, round, startOfDay } from './format';
import { computeLines, type LineAmountTypes } from './lines';
import type { XeroRecord } from './seed';

export interface DocumentKind {
	collection: 'invoices' | 'creditNotes';
	label: string;
	idField: 'InvoiceID' | 'CreditNoteID';
	numberField: 'InvoiceNumber' | 'CreditNoteNumber';
	types: string[];
	salesType: string;
	prefix: string;
	counter: 'invoice' | 'creditNote';
}

export const INVOICE: DocumentKind = {
	collection: 'invoices',
	label: 'Invoice',
	idField: 'InvoiceID',
	numberField: 'InvoiceNumber',
	types: ['ACCREC', 'ACCPAY'],
	salesType: 'ACCREC',
	prefix: 'INV-',
	counter: 'invoice',
};

export const CREDIT_NOTE: DocumentKind = {
	collection: 'creditNotes',
	label: 'Credit Note',
	idField: 'CreditNoteID',
	numberField: 'CreditNoteNumber',
	types: ['ACCRECCREDIT', 'ACCPAYCREDIT'],
	salesType: 'ACCRECCREDIT',
	prefix: 'CN-',
	counter: 'creditNote',
};

const LOCKED_BY_PAYMENT =
	'This document cannot be edited as it has a payment or credit note allocated to it.';
const SETTABLE_ON_CREATE = ['DRAFT', 'SUBMITTED', 'AUTHORISED'];
const NEXT_STATUS: Record<string, string[]> = {
	DRAFT: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED'],
	SUBMITTED: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED'],
	AUTHORISED: ['AUTHORISED', 'VOIDED'],
	PAID: [],
	VOIDED: [],
	DELETED: [],
};
const SHAPE_FIELDS = ['LineItems', 'Contact', 'CurrencyCode', 'Date', 'LineAmountTypes', 'Type'];

/** Money already applied to a document (payments, allocations): it freezes the document's shape. */
export const appliedAmount = (doc: XeroRecord) =>
	doc.Type === 'ACCREC' || doc.Type === 'ACCPAY'
		? Number(doc.AmountPaid ?? 0) + Number(doc.AmountCredited ?? 0)
		: round(Number(doc.Total ?? 0) - Number(doc.RemainingCredit ?? doc.Total ?? 0));

function findExisting(
	book: Book,
	kind: DocumentKind,
	input: XeroRecord,
	ctx: WriteContext,
	errors: string[],
) {
	const id = input[kind.idField];
	if (typeof id === 'string' && id !== '') {
		const existing = book.get(kind.collection, id);
		if (!existing) errors.push(`${kind.label} with ${kind.idField} '${id}' could not be found.`);
		else if (ctx.mode === 'create') {
			errors.push(
				`A ${kind.label.toLowerCase()} with ${kind.idField} '${id}' already exists; use POST to update it.`,
			);
		}
		return existing;
	}
	const number = input[kind.numberField];
	if (ctx.mode === 'upsert' && typeof number === 'string' && number !== '') {
		return book
			.all(kind.collection)
			.find((d) => d[kind.numberField] === number && d.Status !== 'DELETED');
	}
	return undefined;
}

function nextNumber(book: Book, kind: DocumentKind): string {
	const taken = new Set(book.all(kind.collection).map((d) => d[kind.numberField]));
	let candidate: string;
	do {
		book.counters[kind.counter] += 1;
		candidate = `${kind.prefix}${String(book.counters[kind.counter]).padStart(4, '0')}`;
	} while (taken.has(candidate));
	return candidate;
}

export function saveDocument(
	book: Book,
	kind: DocumentKind,
	input: XeroRecord,
	ctx: WriteContext,
): Outcome {
	const errors: string[] = [];
	const existing = findExisting(book, kind, input, ctx, errors);
	if (errors.length > 0) return { errors };

	if (existing) {
		if (existing.Status === 'PAID') return { errors: [LOCKED_BY_PAYMENT] };
		if (existing.Status === 'VOIDED' || existing.Status === 'DELETED') {
			return { errors: [`${kind.label} not of valid status for modification`] };
		}
		const shapeChanged = SHAPE_FIELDS.some((field) => input[field] !== undefined);
		if (
			appliedAmount(existing) > 0 &&
			(shapeChanged || (input.Status && input.Status !== existing.Status))
		) {
			return {
				errors: [
					input.Status === 'VOIDED'
						? 'Payments must be removed before the document can be voided.'
						: LOCKED_BY_PAYMENT,
				],
			};
		}
	}

	const type = (input.Type ?? existing?.Type) as string | undefined;
	if (!type || !kind.types.includes(type)) {
		errors.push(`${kind.label} Type must be one of ${kind.types.join(', ')}`);
		return { errors };
	}
	const sales = type === kind.salesType;

	const status = (input.Status ?? existing?.Status ?? 'DRAFT') as string;
	if (!existing && !SETTABLE_ON_CREATE.includes(status)) {
		errors.push(`${kind.label} status cannot be set to ${status} when creating it.`);
	}
	if (existing && !NEXT_STATUS[existing.Status as string].includes(status)) {
		errors.push(`${kind.label} status cannot change from ${existing.Status} to ${status}.`);
	}
	const approved = status === 'SUBMITTED' || status === 'AUTHORISED';

	const resolved =
		input.Contact !== undefined
			? resolveContact(book, input.Contact, errors)
			: { contact: existing ? book.get('contacts', existing.Contact.ContactID) : undefined };
	if (!existing && input.Contact === undefined)
		errors.splice(0, 0, 'A Contact must be specified for this type of transaction');

	const currency = (input.CurrencyCode ?? existing?.CurrencyCode ?? book.baseCurrency) as string;
	if (!book.currencies.some((c) => c.Code === currency)) {
		errors.push(`The currency '${currency}' is not enabled for this organisation.`);
	}

	const lineAmountTypes = (input.LineAmountTypes ??
		existing?.LineAmountTypes ??
		'Exclusive') as LineAmountTypes;
	const sent = Array.isArray(input.LineItems)
		? (input.LineItems as XeroRecord[]).map((line) => {
				const kept = { ...line };
				for (const field of book.ignoredLineFields) delete kept[field];
				return kept;
			})
		: input.LineItems;
	const totals = computeLines(
		book,
		sent ?? existing?.LineItems,
		{
			lineAmountTypes,
			// Stored lines keep the precision they were written with; only new lines obey this request's unitdp.
			unitdp: input.LineItems === undefined ? 4 : ctx.unitdp,
			sales,
			requireAccount: approved,
		},
		errors,
	);
	if (approved && totals.LineItems.length === 0 && errors.length === 0) {
		errors.push(`A ${kind.label.toLowerCase()} must have at least one line item to be approved.`);
	}

	const date = readDate(input.Date, 'Date', errors) ?? existing?.Date ?? book.today(ctx.now);
	const dueDate = readDate(input.DueDate, 'DueDate', errors) ?? existing?.DueDate;
	if (kind === INVOICE && approved && dueDate === undefined) errors.push('Due Date is required.');

	let number = (input[kind.numberField] ?? existing?.[kind.numberField]) as string | undefined;
	if (typeof number === 'string' && number.trim() !== '' && sales) {
		const clash = book
			.all(kind.collection)
			.find(
				(d) =>
					d.Type === type &&
					d.Status !== 'DELETED' &&
					d[kind.idField] !== existing?.[kind.idField] &&
					String(d[kind.numberField]).toLowerCase() === number!.trim().toLowerCase(),
			);
		if (clash)
			errors.push(kind === INVOICE ? 'Invoice # must be unique.' : 'Credit Note # must be unique.');
	}
	if (errors.length > 0) return { errors };

	// Validation passed: only now create a contact named on the document, so a failed element leaves nothing behind.
	const contact = ensureContact(book, resolved, ctx, sales ? 'IsCustomer' : 'IsSupplier');
	if ((number === undefined || number.trim() === '') && sales) number = nextNumber(book, kind);

	const applied = existing ? appliedAmount(existing) : 0;
	const record: XeroRecord = {
		...(existing ?? {}),
		Type: type,
		[kind.idField]: existing?.[kind.idField] ?? randomUUID(),
		...(number !== undefined ? { [kind.numberField]: number.trim() } : {}),
		Reference: input.Reference ?? existing?.Reference ?? '',
		Contact: contactSummary(contact),
		Date: date,
		...(dueDate !== undefined ? { DueDate: dueDate } : {}),
		Status: status,
		LineAmountTypes: lineAmountTypes,
		...totals,
		CurrencyCode: currency,
		CurrencyRate:
			currency === book.baseCurrency
				? 1
				: (input.CurrencyRate ?? existing?.CurrencyRate ?? book.rates[currency] ?? 1),
		UpdatedDateUTC: ctx.now,
		HasAttachments: false,
		HasErrors: false,
		IsDiscounted: totals.TotalDiscount > 0,
		...(input.Url !== undefined ? { Url: input.Url } : {}),
		...(input.BrandingThemeID !== undefined ? { BrandingThemeID: input.BrandingThemeID } : {}),
		...(input.SentToContact !== undefined ? { SentToContact: input.SentToContact } : {}),
		...(input.ExpectedPaymentDate !== undefined
			? { ExpectedPaymentDate: parseRequestDate(input.ExpectedPaymentDate) }
			: {}),
	};
	if (kind === INVOICE) {
		record.AmountPaid = existing?.AmountPaid ?? 0;
		record.AmountCredited = existing?.AmountCredited ?? 0;
		record.AmountDue = round(totals.Total - applied);
		record.Payments = existing?.Payments ?? [];
		record.CreditNotes = existing?.CreditNotes ?? [];
		record.Prepayments = existing?.Prepayments ?? [];
		record.Overpayments = existing?.Overpayments ?? [];
	} else {
		record.RemainingCredit = round(totals.Total - applied);
		record.Allocations = existing?.Allocations ?? [];
		record.Payments = existing?.Payments ?? [];
	}
	book.put(kind.collection, record[kind.idField], record);
	if (kind === INVOICE) {
		book.emit({
			category: 'INVOICE',
			type: existing ? 'UPDATE' : 'CREATE',
			resourceId: record.InvoiceID,
			at: ctx.now,
		});
	}
	return { record };
}

function readDate(value: unknown, field: string, errors: string[]): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const parsed = parseRequestDate(value);
	if (parsed === undefined)
		errors.push(`${field} '${String(value)}' is not a valid date (use YYYY-MM-DD).`);
	return parsed === undefined ? undefined : startOfDay(parsed);
}
