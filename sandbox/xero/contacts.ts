/** Contacts: names are unique per organisation, case-insensitively, among active contacts. */
import { randomUUID } from 'node:crypto';

import type { Book } from './book';
import type { XeroRecord } from './seed';

export interface WriteContext {
	now: number;
	/** PUT creates only; POST creates or updates. */
	mode: 'create' | 'upsert';
	unitdp: number;
}

export type Outcome = { record: XeroRecord } | { errors: string[] };

const WRITABLE = [
	'Name',
	'FirstName',
	'LastName',
	'EmailAddress',
	'ContactNumber',
	'AccountNumber',
	'CompanyNumber',
	'TaxNumber',
	'BankAccountDetails',
	'Addresses',
	'Phones',
	'ContactPersons',
	'ContactStatus',
	'DefaultCurrency',
	'AccountsReceivableTaxType',
	'AccountsPayableTaxType',
	'SalesDefaultAccountCode',
	'PurchasesDefaultAccountCode',
	'PaymentTerms',
	'Website',
];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function findContactByName(
	book: Book,
	name: string,
	exceptId?: string,
): XeroRecord | undefined {
	const wanted = name.trim().toLowerCase();
	return book
		.all('contacts')
		.find(
			(c) =>
				c.ContactStatus === 'ACTIVE' &&
				c.ContactID !== exceptId &&
				String(c.Name).trim().toLowerCase() === wanted,
		);
}

export function saveContact(book: Book, input: XeroRecord, ctx: WriteContext): Outcome {
	let existing: XeroRecord | undefined;
	if (typeof input.ContactID === 'string' && input.ContactID !== '') {
		existing = book.get('contacts', input.ContactID);
		if (!existing)
			return { errors: [`Contact with ContactID '${input.ContactID}' could not be found.`] };
		if (ctx.mode === 'create') {
			return {
				errors: [
					`A contact with ContactID '${input.ContactID}' already exists; use POST to update it.`,
				],
			};
		}
	} else if (
		ctx.mode === 'upsert' &&
		typeof input.ContactNumber === 'string' &&
		input.ContactNumber !== ''
	) {
		existing = book.all('contacts').find((c) => c.ContactNumber === input.ContactNumber);
	}

	const errors: string[] = [];
	const merged: XeroRecord = { ...(existing ?? {}) };
	for (const field of WRITABLE) if (input[field] !== undefined) merged[field] = input[field];
	const name = typeof merged.Name === 'string' ? merged.Name.trim() : '';
	if (name === '') errors.push('The contact name must be specified.');
	const status = merged.ContactStatus ?? 'ACTIVE';
	if (name !== '' && status === 'ACTIVE' && findContactByName(book, name, existing?.ContactID)) {
		errors.push(
			`The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`,
		);
	}
	if (
		typeof merged.EmailAddress === 'string' &&
		merged.EmailAddress !== '' &&
		!EMAIL.test(merged.EmailAddress)
	) {
		errors.push('Email address must be valid.');
	}
	if (
		merged.DefaultCurrency !== undefined &&
		!book.currencies.some((c) => c.Code === merged.DefaultCurrency)
	) {
		errors.push(
			`The currency '${String(merged.DefaultCurrency)}' is not enabled for this organisation.`,
		);
	}
	if (errors.length > 0) return { errors };

	const record: XeroRecord = {
		ContactID: existing?.ContactID ?? randomUUID(),
		ContactStatus: status,
		Addresses: [],
		Phones: [],
		ContactGroups: [],
		ContactPersons: [],
		IsSupplier: false,
		IsCustomer: false,
		HasAttachments: false,
		HasValidationErrors: false,
		...merged,
		Name: name,
		UpdatedDateUTC: ctx.now,
	};
	book.put('contacts', record.ContactID, record);
	book.emit({
		category: 'CONTACT',
		type: existing ? 'UPDATE' : 'CREATE',
		resourceId: record.ContactID,
		at: ctx.now,
	});
	return { record };
}

/** The contact as it appears inside an invoice, credit note or payment. */
export function contactSummary(contact: XeroRecord): XeroRecord {
	return {
		ContactID: contact.ContactID,
		Name: contact.Name,
		...(contact.ContactNumber ? { ContactNumber: contact.ContactNumber } : {}),
		...(contact.EmailAddress ? { EmailAddress: contact.EmailAddress } : {}),
		ContactStatus: contact.ContactStatus,
		Addresses: contact.Addresses ?? [],
		Phones: contact.Phones ?? [],
		ContactGroups: [],
		ContactPersons: [],
		HasValidationErrors: false,
	};
}

/** Resolves `Contact` on a document: by ID, by ContactNumber, or by name (creating it if new, like Xero). */
export function resolveContact(
	book: Book,
	ref: unknown,
	errors: string[],
): { contact?: XeroRecord; createName?: string } {
	if (!ref || typeof ref !== 'object') {
		errors.push('A Contact must be specified for this type of transaction');
		return {};
	}
	const r = ref as XeroRecord;
	if (typeof r.ContactID === 'string' && r.ContactID !== '') {
		const contact = book.get('contacts', r.ContactID);
		if (!contact) errors.push(`Contact with ContactID '${r.ContactID}' could not be found.`);
		return { contact };
	}
	if (typeof r.ContactNumber === 'string' && r.ContactNumber !== '') {
		const contact = book.all('contacts').find((c) => c.ContactNumber === r.ContactNumber);
		if (contact) return { contact };
	}
	if (typeof r.Name === 'string' && r.Name.trim() !== '') {
		const contact = findContactByName(book, r.Name);
		return contact ? { contact } : { createName: r.Name.trim() };
	}
	errors.push('A Contact must be specified for this type of transaction');
	return {};
}

export function ensureContact(
	book: Book,
	resolved: { contact?: XeroRecord; createName?: string },
	ctx: WriteContext,
	flag: 'IsCustomer' | 'IsSupplier',
): XeroRecord {
	let contact = resolved.contact;
	if (!contact) {
		const created = saveContact(book, { Name: resolved.createName }, { ...ctx, mode: 'create' });
		if (!('record' in created)) throw new Error(created.errors.join('; '));
		contact = created.record;
	}
	if (!contact[flag]) {
		contact = { ...contact, [flag]: true };
		book.put('contacts', contact.ContactID, contact);
	}
	return contact;
}
