/**
 * Finds the EasyBill customer a contact means: by `number` (= our source id), then by any of its
 * e-mail addresses, then by exact company name or last (+ first) name. Loaded for a whole batch
 * in a handful of list calls, and kept current as the batch creates and updates customers.
 */
import type { Contact } from '../model';
import type { EasyBillApi } from './api';
import {
	customersByCompanyNames,
	customersByEmails,
	customersByLastNames,
	customersByNumbers,
} from './lookups';
import { contactToCustomer } from './mapping/contact';
import type { EbCustomer } from './wire';

const same = (a: unknown, b: unknown): boolean =>
	typeof a === 'string' &&
	typeof b === 'string' &&
	a.trim().toLowerCase() === b.trim().toLowerCase();

export class CustomerFinder {
	private readonly known = new Map<number, EbCustomer>();
	/** Source ids of the batch: a customer carrying one belongs to that contact, never to a look-alike. */
	private readonly claimed: Set<string>;

	constructor(contacts: readonly Contact[] = []) {
		this.claimed = new Set(contacts.map((c) => c.sourceId));
	}

	/** Prefetches every candidate for `contacts`; later steps only run for contacts still unmatched. */
	static async load(api: EasyBillApi, contacts: readonly Contact[]): Promise<CustomerFinder> {
		const finder = new CustomerFinder(contacts);
		finder.remember(
			...(await customersByNumbers(
				api,
				contacts.map((c) => c.sourceId),
			)),
		);
		let unmatched = contacts.filter((c) => !finder.byNumber(c.sourceId));
		finder.remember(
			...(await customersByEmails(
				api,
				unmatched.flatMap((c) => c.emails ?? []),
			)),
		);
		unmatched = unmatched.filter((c) => !finder.byEmail(c));
		const wanted = unmatched.map(contactToCustomer);
		finder.remember(
			...(await customersByCompanyNames(
				api,
				wanted.flatMap((w) => (w.company_name ? [w.company_name] : [])),
			)),
		);
		finder.remember(
			...(await customersByLastNames(
				api,
				wanted.flatMap((w) => (!w.company_name && w.last_name ? [w.last_name] : [])),
			)),
		);
		return finder;
	}

	remember(...customers: EbCustomer[]): void {
		for (const customer of customers) this.known.set(customer.id, customer);
	}

	find(contact: Contact): EbCustomer | undefined {
		return this.byNumber(contact.sourceId) ?? this.byEmail(contact) ?? this.byName(contact);
	}

	private all(): EbCustomer[] {
		return [...this.known.values()].sort((a, b) => a.id - b.id);
	}

	/** Customers a fuzzy match (e-mail, name) may pick for this contact. */
	private unclaimed(contact: Contact): EbCustomer[] {
		return this.all().filter((c) => c.number === contact.sourceId || !this.claimed.has(c.number));
	}

	private byNumber(sourceId: string): EbCustomer | undefined {
		return this.all().find((c) => c.number === sourceId);
	}

	/**
	 * A customer with one of the contact's e-mail addresses, and its name: a billing address is
	 * often shared (an accountant's inbox, a parent company), and adopting another company's
	 * customer because of it would rename and renumber that customer, merging two customers into
	 * one. The same address under another name is someone else.
	 */
	private byEmail(contact: Contact): EbCustomer | undefined {
		const emails = contact.emails ?? [];
		if (emails.length === 0) return undefined;
		const wanted = contactToCustomer(contact);
		return this.unclaimed(contact).find((c) => sharesEmail(c, emails) && sameName(c, wanted));
	}

	/**
	 * A customer with exactly the contact's name, unless both have e-mail addresses and none is
	 * shared: EasyBill does not keep names unique, and two people called Jane Smith are two
	 * customers.
	 */
	private byName(contact: Contact): EbCustomer | undefined {
		const wanted = contactToCustomer(contact);
		const emails = contact.emails ?? [];
		return this.unclaimed(contact).find(
			(c) =>
				sameName(c, wanted) &&
				(emails.length === 0 || (c.emails ?? []).length === 0 || sharesEmail(c, emails)),
		);
	}
}

/** The same company name, or (for a person) the same last and, where given, first name. */
function sameName(c: EbCustomer, wanted: ReturnType<typeof contactToCustomer>): boolean {
	if (wanted.company_name) return same(c.company_name, wanted.company_name);
	return (
		!c.company_name &&
		same(c.last_name, wanted.last_name) &&
		(!wanted.first_name || same(c.first_name, wanted.first_name))
	);
}

function sharesEmail(c: EbCustomer, emails: readonly string[]): boolean {
	return (c.emails ?? []).some((e) => emails.some((address) => same(e, address)));
}
