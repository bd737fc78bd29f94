/** Upsert Contact: find by source ID, then e-mail, then exact name; update it or create it. */
import type { INodeProperties } from 'n8n-workflow';

import type { Contact, ContactRecord } from '../../../core/model';
import { contactDetailFields, readContact } from './contact.fields';
import { forOperation } from './displayOptions';
import type { Operation } from './operation';
import { contactChecks, preflight } from './preflight';

const properties: INodeProperties[] = [
	{
		displayName:
			'Finds the contact by source ID, then by e-mail, then by exact name, and updates it; creates it when none matches. Output action: created, updated or unchanged.',
		name: 'upsertContactNotice',
		type: 'notice',
		default: '',
	},
	...contactDetailFields({ sourceId: 'sourceId', name: 'name' }),
];

export const upsertContact: Operation<Contact, ContactRecord> = {
	description: forOperation('upsertContact', properties),
	read: (ctx, itemIndex, env) =>
		readContact(ctx, itemIndex, env, { sourceId: 'sourceId', name: 'name' }),
	validate: (ledger, input, itemIndex) => preflight(ledger, input, itemIndex, contactChecks),
	run: (ledger, inputs) => ledger.upsertContacts(inputs),
};
