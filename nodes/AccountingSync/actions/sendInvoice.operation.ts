/**
 * Send Invoice by e-mail. Xero mails the invoice to its contact's own address with the
 * organisation's template (no recipients, subject or message: the node does not offer them there);
 * EasyBill sends to the given addresses or the customer's own.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { SendInvoice, SentInvoice } from '../../../core/lifecycle';
import { forOperation } from './displayOptions';
import { defined, optionalText } from './inputs';
import { capability, recipientList } from './lifecycle';
import type { Operation } from './operation';
import { invoiceLocator } from './references.description';
import { invoiceRefOf } from './references';
import { fieldsOf } from '../../shared/ledgerRegistry';

const properties: INodeProperties[] = [
	invoiceLocator('invoice', 'Invoice', 'The approved (final) invoice to send'),
	{
		displayName:
			"Xero e-mails the invoice to the contact's own address with your organisation's template; to send elsewhere, change the contact's e-mail first (Upsert Contact). A re-run on the same day is not sent twice.",
		name: 'sendInvoiceXeroNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ledger: ['xero'] } },
	},
	{
		displayName:
			'EasyBill sends every call: re-running this node sends the invoice again.',
		name: 'sendInvoiceEasyBillNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ledger: ['easybill'] } },
	},
	{
		displayName: 'Options',
		name: 'sendFields',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { ledger: ['easybill'] } },
		options: [
			{ displayName: 'Message', name: 'message', type: 'string', typeOptions: { rows: 4 }, default: '' },
			{ displayName: 'Subject', name: 'subject', type: 'string', default: '' },
			{
				displayName: 'To',
				name: 'to',
				type: 'string',
				default: '',
				placeholder: 'e.g. ap@customer.com, cfo@customer.com',
				description: "Comma-separated addresses; empty sends to the customer's own address",
			},
		],
	},
];

export const sendInvoice: Operation<SendInvoice, SentInvoice> = {
	description: forOperation('sendInvoice', properties),
	read: (ctx, itemIndex, env) => {
		const fields = (fieldsOf(env.ledger).sendRecipients ? ctx.getNodeParameter('sendFields', itemIndex, {}) : {}) as IDataObject;
		const to = recipientList(fields.to, 'to');
		return {
			invoice: invoiceRefOf(ctx.getNodeParameter('invoice', itemIndex, undefined)),
			...(to.length > 0 ? { to } : {}),
			...defined('subject', optionalText(fields.subject)),
			...defined('message', optionalText(fields.message)),
		};
	},
	validate: () => undefined,
	run: (ledger, inputs) => capability(ledger, 'sendInvoices', 'Send Invoice')(inputs),
};
