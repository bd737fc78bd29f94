/**
 * Upsert Contact: one batched lookup (source id, then email, then exact name), a field-by-field
 * comparison so an unchanged contact costs no write, then POST for updates and PUT for creates,
 * 50 per call.
 */
import { LedgerError } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { Contact, ContactRecord } from '../../model';
import { ensureDailyBudget } from '../dailyBudget';
import { elementFailed, refusedByXero } from '../errors';
import { findContacts } from '../lookups/contacts';
import { contactChanges, fromXeroContact, toXeroContact } from '../mapping/contact';
import { elementError } from '../mapping/elementErrors';
import { validateContact } from '../validate';
import type { XeroContact } from '../wire';
import { writeInBatches, type PreparedElement } from './batchWrite';
import type { XeroContext } from './context';

const FIELD_PATTERNS: Array<[RegExp, string]> = [
	[/e-?mail/i, 'emails[0]'],
	[/contact ?number/i, 'sourceId'],
	[/tax ?number|vat/i, 'taxNumber'],
	[/currency/i, 'currency'],
	[/account/i, 'defaultAccountCode'],
	[/tax ?type/i, 'defaultTaxType'],
	[/phone/i, 'phone'],
	[/address|country|postal|city/i, 'address'],
	[/first ?name/i, 'firstName'],
	[/last ?name/i, 'lastName'],
	[/name/i, 'name'],
];

export function contactFieldFor(message: string): string | undefined {
	return FIELD_PATTERNS.find(([pattern]) => pattern.test(message))?.[1];
}

function toResult(action: 'created' | 'updated') {
	return (answer: unknown, element: PreparedElement<XeroContact>): ItemResult<ContactRecord> => {
		const xero = answer as XeroContact;
		if (elementFailed(xero) || !xero?.ContactID) {
			return {
				index: element.index,
				action: 'failed',
				error: elementError(xero, element.index, contactFieldFor, 'the contact'),
			};
		}
		return {
			index: element.index,
			action,
			ledgerId: xero.ContactID,
			record: fromXeroContact(xero),
		};
	};
}

/**
 * `reported: false` (an invoice's inline contact, whose outcome nobody sees) skips the claim that
 * tells `created` from `unchanged` under concurrent executions: one call saved per batch.
 */
export async function upsertContacts(
	ctx: XeroContext,
	contacts: Contact[],
	options: { reported?: boolean } = {},
): Promise<Array<ItemResult<ContactRecord>>> {
	const results = new Map<number, ItemResult<ContactRecord>>();
	const firstOfSource = new Map<string, number>();
	const work: Array<{ index: number; contact: Contact }> = [];
	contacts.forEach((contact, index) => {
		const error = validateContact(contact, index);
		if (error) {
			results.set(index, { index, action: 'failed', error });
			return;
		}
		const sourceId = contact.sourceId.trim();
		// The same customer twice in one batch is written once; the repeat reports the outcome.
		if (firstOfSource.has(sourceId)) return;
		firstOfSource.set(sourceId, index);
		work.push({ index, contact });
	});

	const matches = await findContacts(
		ctx.api,
		work.map(({ contact }) => ({
			sourceId: contact.sourceId.trim(),
			email: contact.emails?.[0]?.trim() || undefined,
			name: contact.name.trim(),
		})),
	);

	const updates: Array<PreparedElement<XeroContact>> = [];
	const creates: Array<PreparedElement<XeroContact>> = [];
	work.forEach(({ index, contact }, i) => {
		const desired = toXeroContact(contact);
		const match = matches[i];
		const sourceId = contact.sourceId.trim();
		const owner = match?.contact.ContactNumber?.trim();
		if (match?.by === 'name' && owner && owner !== sourceId) {
			// Same name, another customer: re-pointing it would merge two customers into one.
			const message = `a Xero contact named "${match.contact.Name}" already belongs to source id "${owner}": give this customer a distinct name`;
			results.set(index, {
				index,
				action: 'failed',
				error: new LedgerError(`name: ${message}`, {
					kind: 'conflict',
					field: 'name',
					itemIndex: index,
				}),
			});
			return;
		}
		const patch = match ? contactChanges(desired, match.contact) : undefined;
		if (!match) creates.push({ index, sourceId, body: desired });
		// The key includes what the patch was worked out from: after someone edits the contact in
		// Xero, the same patch is a new request, never a replay of the first.
		else if (patch)
			updates.push({ index, sourceId, body: patch, observed: match.contact.UpdatedDateUTC });
		else
			results.set(index, {
				index,
				action: 'unchanged',
				ledgerId: match.contact.ContactID ?? '',
				record: fromXeroContact(match.contact),
			});
	});

	const recover = async (elements: Array<PreparedElement<XeroContact>>) => {
		const found = await findContacts(
			ctx.api,
			elements.map((e) => ({ sourceId: e.sourceId })),
		);
		const recovered = new Map<number, ItemResult<ContactRecord>>();
		elements.forEach((element, i) => {
			const contact = found[i]?.contact;
			if (contact?.ContactID) {
				recovered.set(element.index, {
					index: element.index,
					action: 'created',
					ledgerId: contact.ContactID,
					record: fromXeroContact(contact),
				});
			}
		});
		return recovered;
	};

	ensureDailyBudget(ctx, { writes: [updates.length, creates.length] }, `writing ${updates.length + creates.length} contacts`);
	const written = [
		...(await writeInBatches(ctx, updates, UPDATE)),
		...(await writeInBatches(ctx, creates, {
			method: 'PUT',
			path: '/Contacts',
			key: 'Contacts',
			operation: 'contacts',
			toResult: toResult('created'),
			claim: options.reported === false ? undefined : '/Contacts',
			recover,
		})),
	];
	for (const result of written) results.set(result.index, result);
	for (const result of await createdMeanwhile(ctx, creates, written)) results.set(result.index, result);

	return contacts.map((contact, index): ItemResult<ContactRecord> => {
		const own = results.get(index);
		if (own) return own;
		const first = results.get(firstOfSource.get(contact.sourceId.trim()) ?? -1);
		if (first && first.action !== 'failed') {
			return { index, action: 'unchanged', ledgerId: first.ledgerId, record: first.record };
		}
		return first
			? { index, action: 'failed', error: first.error.forItem(index) }
			: { index, action: 'failed', error: missing(index) };
	});
}

const UPDATE = {
	method: 'POST',
	path: '/Contacts',
	key: 'Contacts',
	operation: 'contactsupdate',
	toResult: toResult('updated'),
} as const;

/**
 * Another execution (on another worker, in a batch of another shape, so another Idempotency-Key)
 * may have created the same customer at the same moment: Xero then refuses this create, as
 * contact names are unique. Each refused create is looked up again by its source id; one found
 * there is this customer, reported as found: `unchanged` when it holds this input, else updated
 * to it. A refusal with no contact of that source id stays the refusal.
 */
async function createdMeanwhile(
	ctx: XeroContext,
	creates: Array<PreparedElement<XeroContact>>,
	written: Array<ItemResult<ContactRecord>>,
): Promise<Array<ItemResult<ContactRecord>>> {
	const byIndex = new Map(written.map((r) => [r.index, r]));
	const refused = creates.filter((element) => {
		const result = byIndex.get(element.index);
		return result !== undefined && refusedByXero(result);
	});
	if (refused.length === 0) return [];
	let again: Awaited<ReturnType<typeof findContacts>>;
	try {
		again = await findContacts(
			ctx.api,
			refused.map((e) => ({ sourceId: e.sourceId })),
		);
	} catch (error) {
		if (!(error instanceof LedgerError)) throw error;
		return []; // the refusals stand
	}
	const out: Array<ItemResult<ContactRecord>> = [];
	const updates: Array<PreparedElement<XeroContact>> = [];
	refused.forEach((element, i) => {
		const found = again[i];
		if (found?.by !== 'sourceId') return;
		const patch = contactChanges(element.body, found.contact);
		if (patch) {
			updates.push({
				index: element.index,
				sourceId: element.sourceId,
				body: patch,
				observed: found.contact.UpdatedDateUTC,
			});
		} else {
			out.push({
				index: element.index,
				action: 'unchanged',
				ledgerId: found.contact.ContactID ?? '',
				record: fromXeroContact(found.contact),
			});
		}
	});
	return [...out, ...(await writeInBatches(ctx, updates, UPDATE))];
}

function missing(index: number) {
	return elementError(undefined, index, () => undefined, 'the contact');
}
