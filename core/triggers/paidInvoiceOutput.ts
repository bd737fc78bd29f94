/**
 * The item the Invoice Paid trigger emits, the same for both ledgers and both modes: the canonical
 * `PaidInvoice` (amounts in integer minor units), how it was settled (`settledBy`), and each amount
 * as a major-unit decimal string,
 * which is what a user mapping "amount paid" into an e-mail or a billing API usually wants.
 */
import { formatMajor } from '../money';
import type { PaidInvoice, PaymentRecord } from '../model';
import { settledByOf, type SettledBy } from './paidFilter';

export type TriggerSource = 'webhook' | 'poll' | 'manual';

export interface PaidInvoiceOutput extends PaidInvoice {
	total: string;
	subtotal: string;
	tax: string;
	amountPaid: string;
	amountCredited: string;
	amountDue: string;
	/** How the invoice is settled so far: money received, credit notes only, or both. */
	settledBy: SettledBy;
	payments?: Array<PaymentRecord & { amount: string }>;
	/** In "every payment" mode: the payment this item announces. */
	payment?: { ledgerId?: string; amountMinor: number; amount: string; date?: string };
	trigger: { source: TriggerSource; event?: string };
}

export function toPaidInvoiceOutput(
	invoice: PaidInvoice,
	context: {
		source: TriggerSource;
		event?: string;
		payment?: { ledgerId?: string; amountMinor: number; date?: string };
	},
): PaidInvoiceOutput {
	const major = (minor: number) => formatMajor(minor, invoice.currency);
	const output: PaidInvoiceOutput = {
		...invoice,
		total: major(invoice.totalMinor),
		subtotal: major(invoice.subtotalMinor),
		tax: major(invoice.taxMinor),
		amountPaid: major(invoice.amountPaidMinor),
		amountCredited: major(invoice.amountCreditedMinor),
		amountDue: major(invoice.amountDueMinor),
		settledBy: settledByOf(invoice),
		payments: invoice.payments?.map((payment) => ({
			...payment,
			amount: formatMajor(payment.amountMinor, payment.currency),
		})),
		trigger: context.event
			? { source: context.source, event: context.event }
			: { source: context.source },
	};
	if (output.payments === undefined) delete output.payments;
	if (context.payment)
		output.payment = { ...context.payment, amount: major(context.payment.amountMinor) };
	return output;
}
