/** The operation map the router dispatches on, and the picker that lists it. */
import type { INodeProperties } from 'n8n-workflow';

import { attachFile } from './attachFile.operation';
import { createInvoice } from './createInvoice.operation';
import { downloadPdf } from './downloadPdf.operation';
import { findContacts } from './findContacts.operation';
import { findInvoices } from './findInvoices.operation';
import { getInvoice } from './getInvoice.operation';
import { issueCreditNote } from './issueCreditNote.operation';
import type { Operation } from './operation';
import { recordPayment } from './recordPayment.operation';
import { reversePayment } from './reversePayment.operation';
import { sendInvoice } from './sendInvoice.operation';
import { upsertContact } from './upsertContact.operation';
import { voidInvoice } from './voidInvoice.operation';
import { writeOff } from './writeOff.operation';

export const operations = {
	upsertContact,
	createInvoice,
	recordPayment,
	issueCreditNote,
	getInvoice,
	voidInvoice,
	reversePayment,
	sendInvoice,
	downloadPdf,
	attachFile,
	findContacts,
	findInvoices,
	writeOff,
} as const;

export type OperationName = keyof typeof operations;

export function isOperationName(value: unknown): value is OperationName {
	return typeof value === 'string' && value in operations;
}

export function operationOf(name: OperationName): Operation<unknown, unknown> {
	return operations[name] as unknown as Operation<unknown, unknown>;
}

export const operationParameter: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Attach File to Invoice',
			value: 'attachFile',
			action: 'Attach a file to an invoice',
			description: 'Attach a binary file (e.g. your billing PDF) to an invoice, once per file name',
		},
		{
			name: 'Create Invoice',
			value: 'createInvoice',
			action: 'Create an invoice',
			description: 'Create a sales invoice with many lines, once per source ID',
		},
		{
			name: 'Download Invoice PDF',
			value: 'downloadPdf',
			action: 'Download an invoice PDF',
			description: "The ledger's PDF of an invoice as binary data, named after its number",
		},
		{
			name: 'Find Contacts',
			value: 'findContacts',
			action: 'Find contacts',
			description: 'List contacts by search text, e-mail, source ID, status or last change, one item each',
		},
		{
			name: 'Find Invoices',
			value: 'findInvoices',
			action: 'Find invoices',
			description: 'List sales invoices by status, contact, issue date or last change, one item each',
		},
		{
			name: 'Get Invoice',
			value: 'getInvoice',
			action: 'Get an invoice',
			description: 'Status, totals, amounts due/paid/credited, payments and credits of invoices',
		},
		{
			name: 'Issue Credit Note',
			value: 'issueCreditNote',
			action: 'Issue a credit note',
			description: 'Credit an invoice in full or in part, optionally allocate and refund it',
		},
		{
			name: 'Record Payment',
			value: 'recordPayment',
			action: 'Record a payment',
			description: 'Apply money received to an invoice, once per source ID',
		},
		{
			name: 'Reverse Payment',
			value: 'reversePayment',
			action: 'Reverse a payment',
			description: 'Delete a recorded payment by its source ID, reopening the invoice, once',
		},
		{
			name: 'Send Invoice',
			value: 'sendInvoice',
			action: 'Send an invoice by email',
			description: 'E-mail an approved invoice to its contact (EasyBill: or to given addresses)',
		},
		{
			name: 'Upsert Contact',
			value: 'upsertContact',
			action: 'Create or update a contact',
			description: 'Find a contact by source ID, e-mail or name and update it, or create it',
		},
		{
			name: 'Void Invoice',
			value: 'voidInvoice',
			action: 'Void an invoice',
			description: 'Void (EasyBill: cancel) an invoice, or delete a draft; refuses one with payments unless told to reverse them',
		},
		{
			name: 'Write Off',
			value: 'writeOff',
			action: 'Write off an invoice',
			description: 'Credit what is still due on an invoice and allocate it, once per source ID',
		},
	],
	default: 'createInvoice',
};
