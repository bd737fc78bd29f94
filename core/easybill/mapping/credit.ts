/**
 * Building an EasyBill CREDIT for an invoice (`type` CREDIT — there is no CREDIT_NOTE — with
 * `ref_id` = the invoice): the whole invoice (its positions copied), chosen lines, or a gross
 * amount spread over the invoice's VAT rates in proportion, so the credit's VAT mirrors the invoice.
 */
import { invalidInput } from '../../errors';
import { documentTotals } from '../../money';
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

/** Gross cents per VAT rate of the invoice, largest share last so rounding lands there. */
function grossByRate(invoice: EbDocument): Array<{ rate: number; gross: number }> {
	const byRate = new Map<number, number>();
	for (const p of invoice.items) {
		if (p.type === 'TEXT' || p.type === 'POSITION_NOCALC') continue;
		const rate = p.vat_percent ?? 0;
		byRate.set(rate, (byRate.get(rate) ?? 0) + (p.total_price_gross ?? 0));
	}
	return [...byRate.entries()]
		.map(([rate, gross]) => ({ rate, gross }))
		.sort((a, b) => a.gross - b.gross);
}

function amountPositions(
	amountMinor: number,
	invoice: EbDocument,
	reason: string | undefined,
): EbPosition[] {
	const groups = grossByRate(invoice).filter((g) => g.gross > 0);
	const total = groups.reduce((sum, g) => sum + g.gross, 0);
	const description = reason ?? `Credit for invoice ${invoiceLabel(invoice)}`;
	if (groups.length <= 1 || total <= 0) {
		return [
			{
				type: 'POSITION',
				description,
				quantity: 1,
				single_price_gross: amountMinor,
				vat_percent: groups[0]?.rate ?? 0,
			},
		];
	}
	let left = amountMinor;
	return groups.map((g, i) => {
		const share = i === groups.length - 1 ? left : Math.round((amountMinor * g.gross) / total);
		left -= share;
		return {
			type: 'POSITION',
			description: `${description} (${g.rate}% VAT)`,
			quantity: 1,
			single_price_gross: share,
			vat_percent: g.rate,
		};
	});
}

export interface CreditPlan {
	body: EbDocumentInput;
	/** Gross cents the credit will total, computed the way EasyBill rounds (per position). */
	totalMinor: number;
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
			totalMinor: note.amountMinor,
		};
	}
	if (note.lines !== undefined) {
		const mode = invoiceTaxMode(invoice);
		const lines = linesWithRates(note.lines, invoice);
		return {
			body: {
				...base,
				calc_vat_from: mode === 'inclusive' ? 1 : 0,
				items: lines.map((l) => lineToPosition(l, mode)),
			},
			totalMinor: documentTotals(lines, mode).grossMinor,
		};
	}
	return {
		body: {
			...base,
			calc_vat_from: invoice.calc_vat_from === 1 ? 1 : 0,
			items: invoice.items.map(copyPosition),
		},
		totalMinor: invoice.amount,
	};
}
