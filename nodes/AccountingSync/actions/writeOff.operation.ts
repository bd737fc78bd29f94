/**
 * Write Off: the rest of an invoice (what is still due) becomes a credit note for exactly that
 * amount, allocated to the invoice, once per source ID. Xero ACCRECCREDIT + allocation, EasyBill
 * CREDIT + its allocation payment; the tax is split in proportion as Issue Credit Note by amount.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { CreditNoteRecord } from '../../../core/model';
import type { WriteOff } from '../../../core/writeOff';
import { forOperation } from './displayOptions';
import { date, defined, optionalText, requiredText } from './inputs';
import { capability } from './lifecycle';
import type { Operation } from './operation';
import { invoiceLocator } from './references.description';
import { invoiceRefOf } from './references';

const properties: INodeProperties[] = [
	invoiceLocator('invoice', 'Invoice', 'The sales invoice whose amount still due is written off', 'searchPayableInvoices'),
	{
		displayName: 'Source ID',
		name: 'sourceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. evt_1MtHbELkdIwHu7ix',
		description:
			"The billing system's ID of the write-off (e.g. the event that marked the invoice uncollectible). A write-off already issued for it is not issued again.",
	},
	{
		displayName: 'Date',
		name: 'date',
		type: 'string',
		required: true,
		default: '={{ $now.toFormat("yyyy-MM-dd") }}',
		placeholder: 'YYYY-MM-DD',
		description: "The credit note's date. A re-run must give the same date to come back unchanged.",
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		placeholder: 'e.g. Uncollectible: customer insolvent',
	},
	{
		displayName:
			'Credits exactly what is still due and allocates it, so the invoice is settled. An invoice with nothing due (paid or credited), a draft or a void invoice is refused: no credit note is issued for nothing.',
		name: 'writeOffNotice',
		type: 'notice',
		default: '',
	},
];

export const writeOff: Operation<WriteOff, CreditNoteRecord> = {
	description: forOperation('writeOff', properties),
	read: (ctx, itemIndex, env) => ({
		invoice: invoiceRefOf(ctx.getNodeParameter('invoice', itemIndex, undefined)),
		sourceId: requiredText(ctx.getNodeParameter('sourceId', itemIndex, ''), 'sourceId'),
		date: date(ctx.getNodeParameter('date', itemIndex, ''), 'date', env),
		...defined('reason', optionalText(ctx.getNodeParameter('reason', itemIndex, ''))),
	}),
	validate: () => undefined,
	run: (ledger, inputs) => capability(ledger, 'writeOffInvoices', 'Write Off')(inputs),
};
