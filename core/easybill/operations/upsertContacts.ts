/**
 * Upsert Contact: one customer per contact, found by number (= source id), e-mail or exact name.
 * A customer that already holds every field the contact asks for is `unchanged`, with no write.
 */
import type { ItemResult } from '../../ledger';
import type { Contact, ContactRecord } from '../../model';
import type { EasyBillContext } from '../context';
import { createOnce } from '../createOnce';
import { isNumberTaken } from '../createRace';
import { CustomerFinder } from '../customerFinder';
import { customersByNumbers } from '../lookups';
import { changedCustomerFields, contactToCustomer, customerToContact } from '../mapping/contact';
import { failed, inOrder, validateAll } from '../results';
import { validateContact } from '../validation';
import type { EbCustomer } from '../wire';

export interface UpsertedCustomer {
	action: 'created' | 'updated' | 'unchanged';
	customer: EbCustomer;
}

/** Upserts one validated contact against a finder that already holds the batch's candidates. */
export async function upsertCustomer(
	ctx: EasyBillContext,
	finder: CustomerFinder,
	contact: Contact,
): Promise<UpsertedCustomer> {
	const wanted = contactToCustomer(contact);
	const existing = finder.find(contact);
	if (existing) {
		if (changedCustomerFields(existing, wanted).length === 0)
			return { action: 'unchanged', customer: existing };
		const updated = await ctx.api.put<EbCustomer>(`/customers/${existing.id}`, wanted);
		finder.remember(updated);
		return { action: 'updated', customer: updated };
	}
	const byNumber = async () =>
		(await customersByNumbers(ctx.api, [contact.sourceId])).find(
			(c) => c.number === contact.sourceId,
		);
	let created: EbCustomer;
	try {
		created = await createOnce(() => ctx.api.post<EbCustomer>('/customers', wanted), byNumber);
	} catch (error) {
		// Another execution created this customer since our lookup: EasyBill keeps numbers unique.
		const winner = isNumberTaken(error) ? await byNumber() : undefined;
		if (!winner) throw error;
		finder.remember(winner);
		if (changedCustomerFields(winner, wanted).length === 0)
			return { action: 'unchanged', customer: winner };
		const updated = await ctx.api.put<EbCustomer>(`/customers/${winner.id}`, wanted);
		finder.remember(updated);
		return { action: 'updated', customer: updated };
	}
	finder.remember(created);
	return { action: 'created', customer: created };
}

export async function upsertContacts(
	ctx: EasyBillContext,
	contacts: Contact[],
): Promise<ItemResult<ContactRecord>[]> {
	const { results, valid } = validateAll<ContactRecord, Contact, Contact>(
		contacts,
		validateContact,
	);
	if (valid.length === 0) return inOrder(results);
	let finder: CustomerFinder;
	try {
		finder = await CustomerFinder.load(
			ctx.api,
			valid.map((v) => v.value),
		);
	} catch (error) {
		return inOrder([...results, ...valid.map((v) => failed<ContactRecord>(v.index, error))]);
	}
	for (const { index, value } of valid) {
		try {
			const { action, customer } = await upsertCustomer(ctx, finder, value);
			results.push({
				index,
				action,
				ledgerId: String(customer.id),
				record: customerToContact(customer),
			});
		} catch (error) {
			results.push(failed(index, error));
		}
	}
	return inOrder(results);
}
