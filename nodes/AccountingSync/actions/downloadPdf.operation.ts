/**
 * Download Invoice PDF: the ledger's own PDF as n8n binary data (file name from the invoice number),
 * ready for an e-mail or storage node. Read-only.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { InvoicePdf } from '../../../core/lifecycle';
import type { InvoiceRef } from '../../../core/model';
import { forOperation } from './displayOptions';
import { capability } from './lifecycle';
import type { Operation } from './operation';
import { invoiceLocator } from './references.description';
import { invoiceRefOf } from './references';

const properties: INodeProperties[] = [
	invoiceLocator('invoice', 'Invoice', 'The invoice whose PDF to download'),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the PDF in',
	},
];

export const downloadPdf: Operation<InvoiceRef, InvoicePdf> = {
	description: forOperation('downloadPdf', properties),
	readOnly: true,
	read: (ctx, itemIndex) => invoiceRefOf(ctx.getNodeParameter('invoice', itemIndex, undefined)),
	validate: () => undefined,
	run: (ledger, refs) => capability(ledger, 'downloadPdfs', 'Download Invoice PDF')(refs),
	output: async (ctx, result, ledger, itemIndex) => {
		const { data, ...meta } = result.record;
		const field = String(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data') || 'data');
		const binary = await ctx.helpers.prepareBinaryData(data, meta.fileName, meta.mimeType);
		return {
			json: { action: result.action, ledger, ledgerId: result.ledgerId, record: { ...meta, fileSize: data.length } },
			binary: { [field]: binary },
			pairedItem: { item: itemIndex },
		};
	},
};
