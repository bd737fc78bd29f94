/**
 * Get Invoice: status, totals, amount due/paid/credited, payments, credit notes and (Xero) the
 * online invoice link, for many invoices in as few calls as the ledger allows. Read-only.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { InvoiceDetails } from '../../../core/lifecycle';
import type { InvoiceRef } from '../../../core/model';
import { forOperation } from './displayOptions';
import { capability } from './lifecycle';
import type { Operation } from './operation';
import { invoiceLocator } from './references.description';
import { invoiceRefOf } from './references';

const properties: INodeProperties[] = [
	invoiceLocator('invoice', 'Invoice', 'The sales invoice to read'),
	{
		displayName:
			'EasyBill has no public invoice link, so "onlineUrl" is only in Xero results. EasyBill books a credit note as a payment "credit:…" on the invoice; it is listed under "credits", not "payments".',
		name: 'getInvoiceLedgerNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ledger: ['easybill'] } },
	},
];

export const getInvoice: Operation<InvoiceRef, InvoiceDetails> = {
	description: forOperation('getInvoice', properties),
	readOnly: true,
	read: (ctx, itemIndex) => invoiceRefOf(ctx.getNodeParameter('invoice', itemIndex, undefined)),
	validate: () => undefined,
	run: (ledger, refs) => capability(ledger, 'getInvoices', 'Get Invoice')(refs),
};
