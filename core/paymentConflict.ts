/**
 * A payment is identified by its source id. When the ledger already holds a payment for that source
 * id, it is `unchanged` only if amount and date are the same; otherwise the input disagrees with
 * the books and the item fails as a conflict naming each field with both values. Shared by every
 * ledger so the wording is the same.
 */
import { LedgerError } from './errors';
import { formatMajor } from './money';
import type { Payment } from './model';

export interface BookedPayment {
	amountMinor: number;
	date: string;
}

export function paymentConflict(
	booked: BookedPayment,
	payment: Payment,
	itemIndex?: number,
): LedgerError | undefined {
	const differences: Array<{ field: string; label: string; ledger: string; input: string }> = [];
	if (booked.amountMinor !== payment.amountMinor) {
		differences.push({
			field: 'amountMinor',
			label: 'Amount',
			ledger: `${formatMajor(booked.amountMinor, payment.currency)} ${payment.currency}`,
			input: `${formatMajor(payment.amountMinor, payment.currency)} ${payment.currency}`,
		});
	}
	if (booked.date && booked.date !== payment.date) {
		differences.push({ field: 'date', label: 'Date', ledger: booked.date, input: payment.date });
	}
	if (differences.length === 0) return undefined;
	const listed = differences.map((d) => `${d.label}: ledger ${d.ledger}, input ${d.input}`);
	return new LedgerError(
		`payment ${payment.sourceId} is already recorded with other values (${listed.join('; ')}); nothing was written. Reverse it in the ledger or send a new source id for a further payment`,
		{ kind: 'conflict', field: differences[0].field, itemIndex },
	);
}
