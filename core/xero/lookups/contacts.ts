/**
 * Finding contacts in as few calls as possible: one `where` per chunk that ORs every source id
 * (ContactNumber), email and name of the batch, then matching locally in priority order.
 */
import type { XeroApi } from '../api';
import { isXeroId, orWhereChunks, whereEquals } from '../where';
import type { XeroContact } from '../wire';
import { wholeListIfCheaper } from './wholeList';

export type ContactMatch = { contact: XeroContact; by: 'sourceId' | 'email' | 'name' };

export interface ContactKeys {
	sourceId: string;
	email?: string;
	name?: string;
}

async function contactsWhere(api: XeroApi, clauses: string[]): Promise<XeroContact[]> {
	const chunks = orWhereChunks(clauses);
	// Many chunks: the organisation's whole contact list may come in fewer pages.
	const whole = await wholeListIfCheaper(api, '/Contacts', 'Contacts', chunks.length);
	const found: XeroContact[] = whole ? [...whole] : [];
	if (!whole) {
		for (const where of chunks) found.push(...(await api.getAll('/Contacts', 'Contacts', { where })));
	}
	// Archived contacts cannot take new invoices; Xero lists them only on request anyway.
	return found.filter((c) => c.ContactStatus !== 'ARCHIVED');
}

const lower = (value: string | undefined): string => (value ?? '').trim().toLowerCase();

/**
 * For each key set: the contact with that ContactNumber, else one with that email whose
 * ContactNumber is free (a contact that already belongs to another source id is someone else),
 * else the one with exactly that name (Xero keeps names unique, so creating it would fail). A
 * name match may belong to another source id: the caller decides what that means.
 */
export async function findContacts(
	api: XeroApi,
	keys: ContactKeys[],
): Promise<Array<ContactMatch | undefined>> {
	const clauses: string[] = [];
	for (const key of keys) {
		clauses.push(whereEquals('ContactNumber', key.sourceId));
		if (key.email) clauses.push(whereEquals('EmailAddress', key.email));
		if (key.name) clauses.push(whereEquals('Name', key.name));
	}
	if (clauses.length === 0) return [];
	const candidates = await contactsWhere(api, clauses);
	return keys.map((key): ContactMatch | undefined => {
		const bySource = candidates.find((c) => (c.ContactNumber ?? '') === key.sourceId);
		if (bySource) return { contact: bySource, by: 'sourceId' };
		const byEmail =
			key.email &&
			candidates.find(
				(c) =>
					lower(c.EmailAddress) === lower(key.email) &&
					(!c.ContactNumber || c.ContactNumber === key.sourceId),
			);
		if (byEmail) return { contact: byEmail, by: 'email' };
		const byName = key.name && candidates.find((c) => lower(c.Name) === lower(key.name));
		return byName ? { contact: byName, by: 'name' } : undefined;
	});
}

/** Contacts by source id only (an invoice naming its contact by `{ sourceId }`). */
export async function findContactsBySourceId(
	api: XeroApi,
	sourceIds: string[],
): Promise<Map<string, XeroContact>> {
	const unique = [...new Set(sourceIds)];
	const found = new Map<string, XeroContact>();
	if (unique.length === 0) return found;
	const candidates = await contactsWhere(
		api,
		unique.map((id) => whereEquals('ContactNumber', id)),
	);
	for (const contact of candidates) {
		if (contact.ContactNumber && !found.has(contact.ContactNumber))
			found.set(contact.ContactNumber, contact);
	}
	return found;
}

/** Contacts by ContactID (`IDs=` is one call per 50). */
export async function getContactsById(
	api: XeroApi,
	ids: string[],
): Promise<Map<string, XeroContact>> {
	const found = new Map<string, XeroContact>();
	const unique = [...new Set(ids)].filter(isXeroId);
	for (let i = 0; i < unique.length; i += 50) {
		const chunk = unique.slice(i, i + 50);
		for (const contact of await api.getAll('/Contacts', 'Contacts', { IDs: chunk.join(',') })) {
			if (contact.ContactID) found.set(contact.ContactID, contact);
		}
	}
	return found;
}
