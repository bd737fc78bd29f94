/** The operation map the router dispatches on, and the picker that lists it. */
import type { INodeProperties } from 'n8n-workflow';

import { createInvoice } from './createInvoice.operation';
import { issueCreditNote } from './issueCreditNote.operation';
import type { Operation } from './operation';
import { recordPayment } from './recordPayment.operation';
import { upsertContact } from './upsertContact.operation';

export const operations = { upsertContact, createInvoice, recordPayment, issueCreditNote } as const;

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
			name: 'Create Invoice',
			value: 'createInvoice',
			action: 'Create an invoice',
			description: 'Create a sales invoice with many lines, once per source ID',
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
			name: 'Upsert Contact',
			value: 'upsertContact',
			action: 'Create or update a contact',
			description: 'Find a contact by source ID, e-mail or name and update it, or create it',
		},
	],
	default: 'createInvoice',
};
