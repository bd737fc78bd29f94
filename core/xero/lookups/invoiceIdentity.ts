/** Invoice identity in Xero, and the batch lookup of invoices that already exist for it. */
import type { Invoice } from '../../model';
import { invoiceReference } from '../mapping/invoice';
import type { XeroInvoice } from '../wire';
import type { XeroContext } from '../operations/context';
import { getInvoicesByNumber, getInvoicesByReference } from './invoices';

/** What identifies an invoice in Xero: its number when the caller chose one, else its reference. */
export function identityOf(invoice: Invoice): { kind: 'number' | 'reference'; value: string } {
	const number = invoice.number?.trim();
	return number
		? { kind: 'number', value: number }
		: { kind: 'reference', value: invoiceReference(invoice) };
}

export function identityKey(invoice: Invoice): string {
	const { kind, value } = identityOf(invoice);
	return `${kind}:${value}`;
}

export async function findExistingInvoices(
	ctx: XeroContext,
	invoices: Invoice[],
): Promise<Map<string, XeroInvoice>> {
	const numbers = invoices
		.filter((i) => identityOf(i).kind === 'number')
		.map((i) => identityOf(i).value);
	const references = invoices
		.filter((i) => identityOf(i).kind === 'reference')
		.map((i) => identityOf(i).value);
	const [byNumber, byReference] = await Promise.all([
		numbers.length ? getInvoicesByNumber(ctx.api, numbers) : new Map<string, XeroInvoice>(),
		references.length
			? getInvoicesByReference(ctx.api, references)
			: new Map<string, XeroInvoice>(),
	]);
	const found = new Map<string, XeroInvoice>();
	for (const [value, invoice] of byNumber) found.set(`number:${value}`, invoice);
	for (const [value, invoice] of byReference) found.set(`reference:${value}`, invoice);
	return found;
}

