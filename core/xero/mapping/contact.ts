/**
 * Canonical Contact <-> Xero Contact. The caller's source id lives in `ContactNumber`, which Xero
 * lets API clients set freely and indexes for `where` lookups. The first email is the contact's
 * `EmailAddress`; further emails become contact persons, which is where Xero keeps them.
 */
import type { Address, Contact, ContactRecord } from '../../model';
import type { XeroAddress, XeroContact, XeroPhone } from '../wire';

function clean(value: string | undefined): string | undefined {
	const trimmed = value?.trim();
	return trimmed ? trimmed : undefined;
}

function toXeroAddress(address: Address): XeroAddress {
	return {
		AddressType: 'POBOX',
		AddressLine1: clean(address.line1),
		AddressLine2: clean(address.line2),
		City: clean(address.city),
		Region: clean(address.region),
		PostalCode: clean(address.postalCode),
		Country: clean(address.country),
	};
}

/** The Xero contact the caller asks for; fields left undefined are not sent (and not compared). */
export function toXeroContact(contact: Contact): XeroContact {
	const emails = (contact.emails ?? []).map((e) => e.trim()).filter((e) => e);
	const xero: XeroContact = {
		Name: contact.name.trim(),
		ContactNumber: contact.sourceId.trim(),
		FirstName: clean(contact.firstName),
		LastName: clean(contact.lastName),
		EmailAddress: emails[0],
		TaxNumber: clean(contact.taxNumber),
		DefaultCurrency: contact.currency,
		SalesDefaultAccountCode: clean(contact.defaultAccountCode),
		AccountsReceivableTaxType: clean(contact.defaultTaxType),
	};
	if (emails.length > 1) {
		xero.ContactPersons = emails
			.slice(1)
			.map((email) => ({ EmailAddress: email, IncludeInEmails: true }));
	}
	if (clean(contact.phone))
		xero.Phones = [{ PhoneType: 'DEFAULT', PhoneNumber: clean(contact.phone) }];
	if (contact.address) xero.Addresses = [toXeroAddress(contact.address)];
	return dropUndefined(xero);
}

function dropUndefined<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function defaultPhone(xero: XeroContact): XeroPhone | undefined {
	return xero.Phones?.find((p) => p.PhoneType === 'DEFAULT');
}

function postalAddress(xero: XeroContact): XeroAddress | undefined {
	return xero.Addresses?.find((a) => a.AddressType === 'POBOX');
}

export function fromXeroContact(xero: XeroContact): ContactRecord {
	const emails = [
		xero.EmailAddress,
		...(xero.ContactPersons ?? []).map((p) => p.EmailAddress),
	].filter((e): e is string => typeof e === 'string' && e !== '');
	const address = postalAddress(xero);
	const record: ContactRecord = {
		ledgerId: xero.ContactID ?? '',
		sourceId: xero.ContactNumber ?? '',
		name: xero.Name ?? '',
		firstName: xero.FirstName || undefined,
		lastName: xero.LastName || undefined,
		emails: emails.length > 0 ? emails : undefined,
		phone: defaultPhone(xero)?.PhoneNumber || undefined,
		taxNumber: xero.TaxNumber || undefined,
		currency: xero.DefaultCurrency || undefined,
		defaultAccountCode: xero.SalesDefaultAccountCode || undefined,
		defaultTaxType: xero.AccountsReceivableTaxType || undefined,
	};
	if (address && (address.AddressLine1 || address.City || address.PostalCode || address.Country)) {
		record.address = dropUndefined({
			line1: address.AddressLine1 || undefined,
			line2: address.AddressLine2 || undefined,
			city: address.City || undefined,
			region: address.Region || undefined,
			postalCode: address.PostalCode || undefined,
			country: address.Country || undefined,
		});
	}
	return dropUndefined(record);
}

const SCALAR_FIELDS = [
	'Name',
	'ContactNumber',
	'FirstName',
	'LastName',
	'EmailAddress',
	'TaxNumber',
	'DefaultCurrency',
	'SalesDefaultAccountCode',
	'AccountsReceivableTaxType',
] as const;

const ADDRESS_FIELDS = [
	'AddressLine1',
	'AddressLine2',
	'City',
	'Region',
	'PostalCode',
	'Country',
] as const;

function same(a: string | undefined, b: string | undefined): boolean {
	return (a ?? '') === (b ?? '');
}

/**
 * The update that turns `existing` into what `desired` asks for, or undefined when nothing
 * differs (the upsert then reports `unchanged` without a write). Only fields the caller gave
 * are compared: leaving a field out never clears it in Xero.
 */
export function contactChanges(
	desired: XeroContact,
	existing: XeroContact,
): XeroContact | undefined {
	const patch: XeroContact = {};
	for (const field of SCALAR_FIELDS) {
		const want = desired[field];
		if (want !== undefined && !same(want, existing[field])) patch[field] = want;
	}
	const phone = desired.Phones?.[0];
	if (phone && !same(phone.PhoneNumber, defaultPhone(existing)?.PhoneNumber))
		patch.Phones = desired.Phones;
	const address = desired.Addresses?.[0];
	const current = postalAddress(existing);
	if (address && ADDRESS_FIELDS.some((f) => !same(address[f], current?.[f])))
		patch.Addresses = desired.Addresses;
	if (desired.ContactPersons) {
		const known = new Set(
			(existing.ContactPersons ?? []).map((p) => p.EmailAddress?.toLowerCase()),
		);
		if (desired.ContactPersons.some((p) => !known.has(p.EmailAddress?.toLowerCase()))) {
			// Xero replaces the whole list on update: keep the persons it already has.
			const added = desired.ContactPersons.filter((p) => !known.has(p.EmailAddress?.toLowerCase()));
			patch.ContactPersons = [...(existing.ContactPersons ?? []), ...added];
		}
	}
	if (Object.keys(patch).length === 0) return undefined;
	return { ContactID: existing.ContactID, ...patch };
}
