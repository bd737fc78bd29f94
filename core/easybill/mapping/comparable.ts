/**
 * EasyBill documents in the canonical comparable form of core/compare.ts. Both sides are compared
 * as EasyBill positions (the input through the same mapping that writes it), so whatever unit
 * conversion happens at the EasyBill edge happens to both alike. EasyBill's amounts are hundredths
 * of the currency unit for every currency.
 */
import type { ComparableDocument, ComparableLine } from '../../compare';
import { documentTotals, type LineTotals } from '../../money';
import type { InvoiceLine } from '../../model';
import type { EbDocument, EbDocumentInput, EbPosition } from '../wire';

export const EASYBILL_AMOUNT_DECIMALS = 2;

type Positioned = { calc_vat_from?: number; items?: EbPosition[] | null };

function priceOf(position: EbPosition, gross: boolean): number {
	return (gross ? position.single_price_gross : position.single_price_net) ?? 0;
}

function priced(doc: Positioned): EbPosition[] {
	return (doc.items ?? []).filter((p) => (p.type ?? 'POSITION') !== 'TEXT');
}

export function positionComparable(position: EbPosition, gross: boolean): ComparableLine {
	const line: ComparableLine = {
		description: position.description ?? '',
		quantity: position.quantity ?? 1,
		unitPriceMinor: priceOf(position, gross),
		discountPercent: position.discount_type === 'PERCENT' ? (position.discount ?? 0) : 0,
		taxRatePercent: position.vat_percent ?? 0,
	};
	if (position.booking_account) line.accountCode = position.booking_account;
	return line;
}

export function documentComparable(doc: EbDocument): ComparableDocument {
	const gross = doc.calc_vat_from === 1;
	return {
		contactId: String(doc.customer_id),
		currency: doc.currency,
		issueDate: doc.document_date,
		dueDate: doc.due_date ?? undefined,
		taxMode: gross ? 'inclusive' : 'exclusive',
		lines: priced(doc).map((p) => positionComparable(p, gross)),
		amountDecimals: EASYBILL_AMOUNT_DECIMALS,
		...(doc.cancel_id !== null && doc.cancel_id !== undefined ? { status: 'voided' } : {}),
	};
}

/** The body we would write, with the due date as asked (EasyBill derives it from `due_in_days`). */
export function bodyComparable(body: EbDocumentInput, dueDate?: string): ComparableDocument {
	const gross = body.calc_vat_from === 1;
	const comparable: ComparableDocument = {
		contactId: String(body.customer_id),
		currency: body.currency ?? 'EUR',
		issueDate: body.document_date,
		taxMode: gross ? 'inclusive' : 'exclusive',
		lines: priced(body).map((p) => {
			const line = positionComparable(p, gross);
			if (!p.booking_account) delete line.accountCode;
			return line;
		}),
		amountDecimals: EASYBILL_AMOUNT_DECIMALS,
	};
	if (dueDate) comparable.dueDate = dueDate;
	return comparable;
}

/**
 * What EasyBill must book for these positions (per-position rounding, as EasyBill rounds), in
 * EasyBill's own units; undefined when a price is not a whole number of them.
 */
export function expectedAmounts(body: Positioned): LineTotals | undefined {
	const gross = body.calc_vat_from === 1;
	const lines: InvoiceLine[] = [];
	for (const p of priced(body)) {
		if (p.type === 'POSITION_NOCALC') continue;
		const price = priceOf(p, gross);
		if (!Number.isInteger(price)) return undefined;
		if (p.discount && p.discount_type !== 'PERCENT') return undefined;
		lines.push({
			description: p.description ?? '',
			quantity: p.quantity ?? 1,
			unitPriceMinor: price,
			discountPercent: p.discount ?? 0,
			taxRatePercent: p.vat_percent ?? 0,
		});
	}
	return documentTotals(lines, gross ? 'inclusive' : 'exclusive');
}
