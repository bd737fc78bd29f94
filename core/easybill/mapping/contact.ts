/**
 * Canonical Contact <-> EasyBill customer. The source id lives in `number` (EasyBill has no
 * external-id field on customers). EasyBill wants `last_name` or `company_name`, and keeps
 * addresses in the `emails` array: there is no `email` field, and one sent is silently dropped.
 */
import type { Contact, ContactRecord } from '../../model';
import type { EbCustomer, EbCustomerInput } from '../wire';

/** The customer body for a contact: only fields this package owns, so an update leaves the rest. */
export function contactToCustomer(contact: Contact): EbCustomerInput {
	const hasPersonName = Boolean(contact.lastName);
	const body: EbCustomerInput = {
		number: contact.sourceId,
		// Without a company or last name the display name becomes the company name, which EasyBill accepts.
		company_name: contact.companyName || (hasPersonName ? null : contact.name),
		first_name: contact.firstName || null,
		last_name: contact.lastName || null,
		emails: contact.emails ?? [],
	};
	if (contact.phone !== undefined) body.phone_1 = contact.phone;
	if (contact.taxNumber !== undefined) body.vat_identifier = contact.taxNumber;
	const address = contact.address;
	if (address) {
		if (address.line1 !== undefined) body.street = address.line1;
		if (address.line2 !== undefined) body.suffix_1 = address.line2;
		if (address.city !== undefined) body.city = address.city;
		if (address.region !== undefined) body.state = address.region;
		if (address.postalCode !== undefined) body.zip_code = address.postalCode;
		if (address.country) body.country = address.country;
	}
	return body;
}

function normalised(value: unknown): unknown {
	if (Array.isArray(value))
		return value
			.map((v) => String(v).toLowerCase())
			.sort()
			.join(',');
	if (value === undefined || value === null) return '';
	return String(value);
}

/** Field names whose stored value differs from what the contact asks for. */
export function changedCustomerFields(existing: EbCustomer, wanted: EbCustomerInput): string[] {
	return Object.entries(wanted)
		.filter(([field, value]) => normalised(existing[field]) !== normalised(value))
		.map(([field]) => field);
}

export function customerDisplayName(customer: Partial<EbCustomer>): string {
	if (customer.display_name) return customer.display_name;
	if (customer.company_name) return customer.company_name;
	return [customer.first_name, customer.last_name].filter(Boolean).join(' ');
}

export function customerToContact(customer: EbCustomer): ContactRecord {
	const record: ContactRecord = {
		ledgerId: String(customer.id),
		sourceId: customer.number,
		name: customerDisplayName(customer),
		emails: customer.emails ?? [],
	};
	if (customer.company_name) record.companyName = customer.company_name;
	if (customer.first_name) record.firstName = customer.first_name;
	if (customer.last_name) record.lastName = customer.last_name;
	if (customer.phone_1) record.phone = customer.phone_1;
	if (customer.vat_identifier) record.taxNumber = customer.vat_identifier;
	const address = {
		line1: customer.street ?? undefined,
		line2: customer.suffix_1 ?? undefined,
		city: customer.city ?? undefined,
		region: customer.state ?? undefined,
		postalCode: customer.zip_code ?? undefined,
		country: customer.country ?? undefined,
	};
	if (Object.values(address).some((v) => v !== undefined && v !== '')) record.address = address;
	return record;
}
