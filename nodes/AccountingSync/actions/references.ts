/** Resource locator values as canonical references. */
import type { INodeParameterResourceLocator } from 'n8n-workflow';

import { invalidInput } from '../../../core/errors';
import type { ContactRef, InvoiceRef } from '../../../core/model';
import { text } from './inputs';

function locatorOf(value: unknown, field: string): { mode: string; value: string } {
	if (value && typeof value === 'object' && '__rl' in value) {
		const locator = value as INodeParameterResourceLocator;
		return { mode: String(locator.mode), value: text(locator.value) };
	}
	// An expression may give a plain ID.
	const plain = text(value);
	if (plain === '') throw invalidInput(field, 'choose one or enter its ID');
	return { mode: 'id', value: plain };
}

export function contactRefOf(value: unknown, field = 'contact'): ContactRef {
	const { mode, value: id } = locatorOf(value, field);
	if (id === '') throw invalidInput(field, 'choose a contact or enter its ID');
	return mode === 'sourceId' ? { sourceId: id } : { ledgerId: id };
}

export function invoiceRefOf(value: unknown, field = 'invoice'): InvoiceRef {
	const { mode, value: id } = locatorOf(value, field);
	if (id === '')
		throw invalidInput(field, 'choose an invoice or enter its ID, number or source ID');
	if (mode === 'number') return { number: id };
	if (mode === 'sourceId') return { sourceId: id };
	return { ledgerId: id };
}
