/**
 * What one invoice's current state means for a trigger, the same for both ledgers, both trigger
 * nodes and both Emit modes: which items to emit, judged against the emitted-invoice memory.
 */
import type { PaidInvoice, PaymentRecord } from '../model';
import type { EmittedMemory } from './emittedMemory';
import { EVERY_PAYMENT_HORIZON_MS } from './limits';
import { invoiceKey, isPaidForTrigger, isSalesInvoice, type PaidEmitOptions } from './paidFilter';

export type EmitMode = 'paid' | 'everyPayment';

export interface Emission {
	invoice: PaidInvoice;
	/** In "every payment" mode: the payment this item announces. */
	payment?: { ledgerId?: string; amountMinor: number; date?: string };
}

export interface EmitSettings extends PaidEmitOptions {
	mode: EmitMode;
}

/** A payment amount a delivery stated, used only when the ledger lists no payments. */
export interface StatedPayment {
	ledgerId?: string;
	amountMinor?: number;
}

/**
 * The items `invoice` gives now, marking them in `memory`. `quiet` marks without emitting (a
 * polling trigger's first read, which only learns what is already paid).
 */
export function emissionsFor(
	invoice: PaidInvoice,
	settings: EmitSettings,
	memory: EmittedMemory,
	now: number,
	options: { quiet?: boolean; stated?: StatedPayment } = {},
): Emission[] {
	if (!isSalesInvoice(invoice)) return [];
	if (settings.mode === 'paid') {
		if (!isPaidForTrigger(invoice, settings)) return [];
		const key = invoiceKey(invoice);
		const repeat = memory.has(key, now);
		// A later edit of a paid invoice brings it back; re-marking keeps it remembered as long.
		memory.mark(key, now);
		return repeat || options.quiet ? [] : [{ invoice }];
	}
	if (invoice.state === 'void' || invoice.state === 'draft') return [];
	return newPayments(invoice, memory, now, options);
}

/**
 * "Every payment" mode: each payment of the invoice not emitted before, keyed by its id. Reading
 * the payment list (not an amount in a delivery) keeps two payments in quick succession apart,
 * even when the first delivery is handled after both were recorded.
 */
function newPayments(
	invoice: PaidInvoice,
	memory: EmittedMemory,
	now: number,
	options: { quiet?: boolean; stated?: StatedPayment },
): Emission[] {
	const base = invoiceKey(invoice);
	if (!invoice.payments || invoice.payments.length === 0) {
		// No payment list: fall back to the running paid amount, which grows with every payment.
		const key = `${base}@${invoice.amountPaidMinor}`;
		if (invoice.amountPaidMinor <= 0 || memory.has(key, now)) return [];
		memory.mark(key, now);
		if (options.quiet) return [];
		const amountMinor = options.stated?.amountMinor;
		return [
			{
				invoice,
				payment:
					amountMinor === undefined
						? undefined
						: { ledgerId: options.stated?.ledgerId, amountMinor },
			},
		];
	}
	const horizon = new Date(now - EVERY_PAYMENT_HORIZON_MS).toISOString().slice(0, 10);
	const out: Emission[] = [];
	for (const payment of sortedPayments(invoice.payments)) {
		const key = `${base}#${String(payment.ledgerId).toLowerCase()}`;
		if (memory.has(key, now)) continue;
		memory.mark(key, now);
		if (options.quiet || payment.date < horizon) continue;
		out.push({
			invoice,
			payment: { ledgerId: payment.ledgerId, amountMinor: payment.amountMinor, date: payment.date },
		});
	}
	return out;
}

function sortedPayments(payments: PaymentRecord[]): PaymentRecord[] {
	// EasyBill's numeric ids grow with time; the date orders ids that are not numeric (Xero GUIDs).
	return [...payments].sort(
		(a, b) =>
			(Number(a.ledgerId) || 0) - (Number(b.ledgerId) || 0) || a.date.localeCompare(b.date),
	);
}
