/**
 * Void Invoice: Xero voids an approved invoice, EasyBill cancels it with a storno document; a draft
 * is deleted on both. Voiding a voided invoice is "unchanged". An invoice with payments is refused
 * with the payments named, unless "Reverse Payments First" is on.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { VoidedInvoice, VoidInvoice } from '../../../core/lifecycle';
import { forOperation } from './displayOptions';
import { capability } from './lifecycle';
import type { Operation } from './operation';
import { invoiceLocator } from './references.description';
import { invoiceRefOf } from './references';

const properties: INodeProperties[] = [
	invoiceLocator('invoice', 'Invoice', 'The sales invoice to void (a draft is deleted instead)'),
	{
		displayName: 'Reverse Payments First',
		name: 'reversePayments',
		type: 'boolean',
		default: false,
		description:
			'Whether to reverse the payments on the invoice before voiding it. Off: an invoice with payments is refused, naming them. Allocated credit notes are always refused.',
	},
];

export const voidInvoice: Operation<VoidInvoice, VoidedInvoice> = {
	description: forOperation('voidInvoice', properties),
	read: (ctx, itemIndex) => ({
		invoice: invoiceRefOf(ctx.getNodeParameter('invoice', itemIndex, undefined)),
		reversePayments: ctx.getNodeParameter('reversePayments', itemIndex, false) === true,
	}),
	validate: () => undefined,
	run: (ledger, inputs) => capability(ledger, 'voidInvoices', 'Void Invoice')(inputs),
};
