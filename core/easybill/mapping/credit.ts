/**
 * Building an EasyBill CREDIT for an invoice (`type` CREDIT — there is no CREDIT_NOTE — with
 * `ref_id` = the invoice): the whole invoice (its positions copied), chosen lines, or a gross
 * amount spread over the invoice's VAT rates in proportion, so the credit's VAT mirrors the invoice.
 */
import { invalidInput } from '../../errors';
import { documentTotals } from '../../money';
import { splitInProportion } from '../../proportion';
import { toCents } from '../cents';
import { checkExactInEasyBill } from '../validation';
import type { CreditNote, InvoiceLine, TaxMode } from '../../model';
import type { EbDocument, EbDocumentInput, EbPosition } from '../wire';
import { copyPosition, lineToPosition } from './document';

function invoiceTaxMode(invoice: EbDocument): TaxMode {
	return invoice.calc_vat_from === 1 ? 'inclusive' : 'exclusive';
}

function invoiceLabel(invoice: EbDocument): string {
	return invoice.number ?? String(invoice.id);
}

/** The single VAT rate of an invoice, or undefined when its positions mix rates. */
function uniformRate(invoice: EbDocument): number | undefined {
	const rates = new Set(
		invoice.items.filter((p) => p.type !== 'TEXT').map((p) => p.vat_percent ?? 0),
	);
	return rates.size === 1 ? [...rates][0] : undefined;
}

function linesWithRates(lines: InvoiceLine[], invoice: EbDocument): InvoiceLine[] {
	return lines.map((line, i) => {
		if (line.taxRatePercent !== undefined) return line;
		const rate = uniformRate(invoice);
		if (rate === undefined) {
			throw invalidInput(
				`lines[${i}].taxRatePercent`,
				'the invoice mixes VAT rates; give each credit line its rate',
			);
		}
		return { ...line, taxRatePercent: rate };
	});
}

/** Gross hundredths per VAT rate of the invoice, in ascending rate order. */
function grossByRate(invoice: EbDocument): Array<{ rate: number; gross: number }> {
	const byRate = new Map<number, number>();
	for (const p of invoice.items) {
		if (p.type === 'TEXT' || p.type === 'POSITION_NOCALC') continue;
		const rate = p.vat_percent ?? 0;
		byRate.set(rate, (byRate.get(rate) ?? 0) + (p.total_price_gross ?? 0));
	}
	return [...byRate.entries()]
		.map(([rate, gross]) => ({ rate, gross: Math.round(gross) }))
		.sort((a, b) => a.rate - b.rate);
}

/**
 * A credit by gross amount on an invoice with several VAT rates is split across the rates in
 * proportion to their gross, largest remainder (core/proportion), as on Xero; each part is a gross
 * position so the VAT is what EasyBill computes from it.
 */
function amountPositions(
	amountMinor: number,
	invoice: EbDocument,
	reason: string | undefined,
): EbPosition[] {
	const groups = grossByRate(invoice).filter((g) => g.gross > 0);
	const description = reason ?? `Credit for invoice ${invoiceLabel(invoice)}`;
	if (groups.length <= 1) {
		return [
			{
				type: 'POSITION',
				description,
				quantity: 1,
				single_price_gross: toCents(amountMinor, invoice.currency),
				vat_percent: groups[0]?.rate ?? 0,
			},
		];
	}
	const shares = splitInProportion(
		amountMinor,
		groups.map((g) => g.gross),
	);
	return groups.map((g, i) => ({
		type: 'POSITION',
		description: `${description} (${g.rate}% VAT)`,
		quantity: 1,
		single_price_gross: toCents(shares[i], invoice.currency),
		vat_percent: g.rate,
	}));
}

export interface CreditPlan {
	body: EbDocumentInput;
	/** Gross hundredths the credit will total, computed the way EasyBill rounds (per position). */
	totalCents: number;
}

export function planCredit(note: CreditNote, invoice: EbDocument): CreditPlan {
	const base = {
		type: 'CREDIT' as const,
		customer_id: invoice.customer_id,
		currency: invoice.currency,
		document_date: note.date,
		ref_id: invoice.id,
		external_id: note.sourceId,
		...(note.reason ? { title: note.reason } : {}),
	};
	if (note.amountMinor !== undefined) {
		// Gross prices: the amount the customer gets back is exactly what was asked.
		return {
			body: {
				...base,
				calc_vat_from: 1,
				items: amountPositions(note.amountMinor, invoice, note.reason),
			},
			totalCents: toCents(note.amountMinor, invoice.currency),
		};
	}
	if (note.lines !== undefined) {
		const mode = invoiceTaxMode(invoice);
		const lines = linesWithRates(note.lines, invoice);
		checkExactInEasyBill(lines, mode, invoice.currency);
		return {
			body: {
				...base,
				calc_vat_from: mode === 'inclusive' ? 1 : 0,
				items: lines.map((l) => lineToPosition(l, mode, invoice.currency)),
			},
			totalCents: toCents(documentTotals(lines, mode).grossMinor, invoice.currency),
		};
	}
	return {
		body: {
			...base,
			calc_vat_from: invoice.calc_vat_from === 1 ? 1 : 0,
			items: invoice.items.map(copyPosition),
		},
		totalCents: invoice.amount,
	};
}
