/**
 * A rejected batch element as a LedgerError for the caller's item: its index in the caller's
 * batch, the canonical field the message is about (when it can be told), and Xero's own words.
 */
import { LedgerError } from '../../errors';
import type { Invoice } from '../../model';
import { elementMessages } from '../errors';
import type { XeroElementStatus } from '../wire';

/** Turns one of Xero's messages into the canonical field it is about, or undefined. */
export type FieldLocator = (message: string) => string | undefined;

export function elementError(
	element: XeroElementStatus | undefined,
	itemIndex: number,
	locate: FieldLocator,
	what: string,
): LedgerError {
	const messages = elementMessages(element);
	const vendorMessage = messages.length > 0 ? messages.join('; ') : 'no reason given';
	const field = messages.map(locate).find((f) => f !== undefined);
	return new LedgerError(`Xero rejected ${what}${field ? ` (${field})` : ''}: ${vendorMessage}`, {
		kind: /already|paid|status|allocat|exceed|more than|overpa/i.test(vendorMessage)
			? 'conflict'
			: 'validation',
		itemIndex,
		field,
		vendorMessage,
		httpStatus: 400,
	});
}

/** Finds which of the given lines carries a value quoted in the message: `Account code '999'`. */
export function lineFieldFor(
	message: string,
	lines: Array<{ accountCode?: string; taxType?: string; itemCode?: string }>,
): string | undefined {
	const quoted = [...message.matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => m[1] ?? m[2]);
	const checks: Array<[RegExp, 'accountCode' | 'taxType' | 'itemCode']> = [
		[/account/i, 'accountCode'],
		[/tax ?type|tax rate|taxtype/i, 'taxType'],
		[/item/i, 'itemCode'],
	];
	for (const [pattern, key] of checks) {
		if (!pattern.test(message)) continue;
		const index = lines.findIndex(
			(line) => line[key] !== undefined && quoted.includes(line[key] as string),
		);
		return index >= 0 ? `lines[${index}].${key}` : `lines.${key}`;
	}
	if (/quantity/i.test(message)) return 'lines.quantity';
	if (/unit ?amount|unit price/i.test(message)) return 'lines.unitPriceMinor';
	if (/description/i.test(message)) return 'lines.description';
	if (/line ?item/i.test(message)) return 'lines';
	return undefined;
}

/** The invoice field a Xero element message is about, as the node names it. */
export function invoiceFieldFor(invoice: Invoice) {
	return (message: string): string | undefined => {
		if (/invoice ?number/i.test(message)) return 'number';
		if (/due ?date/i.test(message)) return 'dueDate';
		if (/contact/i.test(message)) return 'contact';
		if (/currency/i.test(message)) return 'currency';
		if (/\bdate\b/i.test(message)) return 'issueDate';
		// "Each line item must reference a valid account" is about a line, not the Reference field.
		if (/account code|tax ?type/i.test(message)) return lineFieldFor(message, invoice.lines);
		if (/reference/i.test(message)) return 'reference';
		return lineFieldFor(message, invoice.lines);
	};
}
