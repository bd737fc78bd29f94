/** What the invoice-lifecycle operations share: a ledger capability check and the payment locator. */
import type { INodeProperties } from 'n8n-workflow';

import { invalidInput, LedgerError } from '../../../core/errors';
import type { Ledger } from '../../../core/ledger';
import type { PaymentRef } from '../../../core/lifecycle';
import { text } from './inputs';

/** The ledger's implementation of an optional capability, or a clear refusal naming the ledger. */
export function capability<K extends keyof Ledger>(ledger: Ledger, name: K, label: string): NonNullable<Ledger[K]> {
	const fn = ledger[name];
	if (typeof fn !== 'function') {
		throw new LedgerError(`${label} is not available for the ${ledger.kind} ledger`, { kind: 'validation' });
	}
	return (fn as (...args: unknown[]) => unknown).bind(ledger) as NonNullable<Ledger[K]>;
}

export const paymentLocator: INodeProperties = {
	displayName: 'Payment',
	name: 'payment',
	type: 'resourceLocator',
	default: { mode: 'sourceId', value: '' },
	required: true,
	description: 'The payment to reverse, as Record Payment recorded it',
	modes: [
		{ displayName: 'By Source ID', name: 'sourceId', type: 'string', placeholder: 'e.g. ch_3MmlLrLkdIwHu7ix0snN0B15' },
		{ displayName: 'By Ledger ID', name: 'id', type: 'string', placeholder: 'e.g. the Xero PaymentID or EasyBill payment ID' },
	],
};

export function paymentRefOf(value: unknown, field = 'payment'): PaymentRef {
	const locator = value && typeof value === 'object' && '__rl' in value ? (value as { mode?: unknown; value?: unknown }) : { mode: 'sourceId', value };
	const id = text(locator.value);
	if (id === '') throw invalidInput(field, 'enter the payment source ID or its ledger ID');
	return locator.mode === 'id' ? { ledgerId: id } : { sourceId: id };
}

/** Comma- or newline-separated e-mail addresses, each checked for an @. */
export function recipientList(value: unknown, field: string): string[] {
	const list = text(value)
		.split(/[,;\n]/)
		.map((s) => s.trim())
		.filter(Boolean);
	for (const address of list) {
		if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) throw invalidInput(field, `"${address}" is not an e-mail address`);
	}
	return list;
}
