/**
 * Document money in integer cents. Each position is rounded on its own (net, then VAT from the
 * rounded net) and the document totals are sums of the rounded positions, so the document always
 * equals the sum of what its lines show.
 */

export interface PositionInput {
	type?: 'POSITION' | 'POSITION_NOCALC' | 'TEXT';
	quantity?: number;
	single_price_net?: number | null;
	single_price_gross?: number;
	vat_percent?: number;
	discount?: number | null;
	discount_type?: 'PERCENT' | 'AMOUNT' | 'QUANTITY' | 'FIX' | null;
}

export interface PositionTotals {
	total_price_net: number;
	total_price_gross: number;
	total_vat: number;
}

/** Half away from zero, the commercial rounding German invoices use. */
export function roundCents(value: number): number {
	// The epsilon absorbs binary noise such as 1.005 * 100 = 100.49999999999999.
	return Math.sign(value) * Math.round(Math.abs(value) + 1e-9);
}

function applyDiscount(base: number, position: PositionInput, quantity: number): number {
	const discount = position.discount ?? 0;
	switch (position.discount_type) {
		case 'PERCENT':
			return base * (1 - discount / 100);
		case 'AMOUNT':
			return base - discount;
		case 'QUANTITY':
			return base - discount * quantity;
		case 'FIX':
			// A fixed price for the whole position replaces the computed one.
			return discount;
		default:
			return base;
	}
}

/**
 * `calcVatFrom` 0 means prices are net (VAT added on top); 1 means they are gross (VAT contained).
 */
export function positionTotals(position: PositionInput, calcVatFrom: number): PositionTotals {
	if (position.type === 'TEXT') return { total_price_net: 0, total_price_gross: 0, total_vat: 0 };
	const quantity = position.quantity ?? 1;
	const vat = position.vat_percent ?? 0;
	if (calcVatFrom === 1) {
		const unitGross =
			position.single_price_gross ?? (position.single_price_net ?? 0) * (1 + vat / 100);
		const gross = roundCents(applyDiscount(quantity * unitGross, position, quantity));
		const totalVat = roundCents((gross * vat) / (100 + vat));
		return { total_price_net: gross - totalVat, total_price_gross: gross, total_vat: totalVat };
	}
	const net = roundCents(
		applyDiscount(quantity * (position.single_price_net ?? 0), position, quantity),
	);
	const totalVat = roundCents((net * vat) / 100);
	return { total_price_net: net, total_price_gross: net + totalVat, total_vat: totalVat };
}

export function documentTotals(positions: (PositionInput & PositionTotals)[]): {
	amount: number;
	amount_net: number;
} {
	let amount = 0;
	let amountNet = 0;
	for (const position of positions) {
		// NOCALC positions are printed but not part of the total.
		if (position.type === 'POSITION_NOCALC' || position.type === 'TEXT') continue;
		amount += position.total_price_gross;
		amountNet += position.total_price_net;
	}
	return { amount, amount_net: amountNet };
}
