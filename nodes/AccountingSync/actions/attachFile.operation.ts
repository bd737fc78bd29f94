/**
 * Attach File: a binary of the item (e.g. the billing system's PDF) attached to an invoice,
 * idempotent by file name: not there → `created`; the same bytes → `unchanged`; other bytes →
 * replaced (`updated`) by default, or a `conflict` / kept per "If the File Exists With Other
 * Content" (core/attachments). The bytes are read from n8n's binary store only when the batch runs.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { fileNameError } from '../../../core/attachments';
import { invalidInput } from '../../../core/errors';
import type { AttachedFile, AttachFile } from '../../../core/lifecycle';
import type { DifferencePolicy } from '../../../core/model';
import { forOperation } from './displayOptions';
import { optionalText } from './inputs';
import { capability } from './lifecycle';
import type { Operation } from './operation';
import { invoiceLocator } from './references.description';
import { invoiceRefOf } from './references';

/** The request with its bytes still in n8n's binary store (filesystem or memory). */
export type AttachFileInput = Omit<AttachFile, 'data'> & { load(): Promise<Buffer> };

const properties: INodeProperties[] = [
	invoiceLocator('invoice', 'Invoice', 'The invoice to attach the file to'),
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the file to attach',
	},
	{
		displayName: 'If the File Exists With Other Content',
		name: 'ifDifferent',
		type: 'options',
		options: [
			{
				name: 'Replace It',
				value: 'update',
				description: 'Upload the new content under the same name (updated); the old file is replaced',
			},
			{
				name: 'Fail',
				value: 'fail',
				description: 'The item fails as a conflict naming both files (size and SHA-256); nothing is written',
			},
			{
				name: "Keep the Ledger's File",
				value: 'keep',
				description: 'Leave the attached file as it is and return the item as unchanged, with the difference',
			},
		],
		default: 'update',
		description:
			'What to do when the invoice already has a file with this name but other content. The same name with the same content always comes back as unchanged.',
	},
	{
		displayName: 'Options',
		name: 'attachOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. stripe-in_1Q2w3e.pdf',
				description: "The name the file gets on the invoice; empty: the binary's own file name",
			},
		],
	},
];

export const attachFile: Operation<AttachFileInput, AttachedFile> = {
	description: forOperation('attachFile', properties),
	read: (ctx, itemIndex) => {
		const field = String(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data') || 'data');
		const binary = ctx.getInputData()[itemIndex]?.binary?.[field];
		if (!binary) {
			throw invalidInput('binaryPropertyName', `the item has no binary field "${field}"`);
		}
		const options = ctx.getNodeParameter('attachOptions', itemIndex, {}) as IDataObject;
		const fileName = optionalText(options.fileName) ?? binary.fileName ?? '';
		const named = fileNameError(fileName);
		if (named) throw named;
		const policy = ctx.getNodeParameter('ifDifferent', itemIndex, 'update');
		return {
			invoice: invoiceRefOf(ctx.getNodeParameter('invoice', itemIndex, undefined)),
			fileName,
			mimeType: binary.mimeType || 'application/octet-stream',
			...(policy === 'fail' || policy === 'keep' ? { ifDifferent: policy as DifferencePolicy } : {}),
			load: async () => await ctx.helpers.getBinaryDataBuffer(itemIndex, field),
		};
	},
	validate: () => undefined,
	run: async (ledger, inputs) => {
		const attach = capability(ledger, 'attachFiles', 'Attach File');
		const requests = await Promise.all(
			inputs.map(async ({ load, ...request }): Promise<AttachFile> => ({ ...request, data: await load() })),
		);
		return await attach(requests);
	},
};
