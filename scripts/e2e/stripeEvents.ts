/**
 * Stripe-shaped webhook events (the fields the examples read, as Stripe sends them: amounts in
 * minor units, lower-case currency, Unix-second timestamps), wrapped as n8n's Webhook node emits
 * them ({ body, headers, ... }).
 */

export interface StripeLine {
	description: string;
	quantity: number;
	unitAmount: number;
	taxPercent: number;
}

export interface StripeInvoiceInput {
	suffix: string;
	customerName: string;
	customerEmail: string;
	currency: string;
	lines: StripeLine[];
	/** Unix seconds. */
	created: number;
}

function webhookItem(event: unknown): Record<string, unknown> {
	return { headers: { 'content-type': 'application/json' }, params: {}, query: {}, body: event };
}

/** Net, tax (rounded per line, as the ledgers do) and total of the lines, in minor units. */
export function stripeTotals(lines: StripeLine[]): { net: number; tax: number; total: number } {
	const net = lines.reduce((sum, line) => sum + line.quantity * line.unitAmount, 0);
	const tax = lines.reduce(
		(sum, line) => sum + Math.round((line.quantity * line.unitAmount * line.taxPercent) / 100),
		0,
	);
	return { net, tax, total: net + tax };
}

export function invoicePaidEvent(input: StripeInvoiceInput): Record<string, unknown> {
	const { net, tax, total } = stripeTotals(input.lines);
	return webhookItem({
		id: `evt_${input.suffix}`,
		object: 'event',
		type: 'invoice.paid',
		created: input.created,
		data: {
			object: {
				id: `in_${input.suffix}`,
				object: 'invoice',
				number: `STR-${input.suffix.toUpperCase()}`,
				customer: `cus_${input.suffix}`,
				customer_name: input.customerName,
				customer_email: input.customerEmail,
				customer_address: { country: 'DE' },
				currency: input.currency.toLowerCase(),
				created: input.created,
				status: 'paid',
				subtotal: net,
				tax,
				total,
				amount_paid: total,
				amount_due: 0,
				charge: `ch_${input.suffix}`,
				status_transitions: { finalized_at: input.created, paid_at: input.created + 60 },
				lines: {
					object: 'list',
					data: input.lines.map((line, index) => ({
						id: `il_${input.suffix}_${index}`,
						description: line.description,
						quantity: line.quantity,
						amount: line.quantity * line.unitAmount,
						price: { id: `price_${index}`, unit_amount: line.unitAmount, currency: input.currency },
						tax_rates: [
							{ id: `txr_${line.taxPercent}`, percentage: line.taxPercent, inclusive: false },
						],
					})),
				},
			},
		},
	});
}

export function creditNoteCreatedEvent(input: {
	suffix: string;
	invoiceSuffix: string;
	currency: string;
	total: number;
	memo: string;
	created: number;
}): Record<string, unknown> {
	return webhookItem({
		id: `evt_cn_${input.suffix}`,
		object: 'event',
		type: 'credit_note.created',
		created: input.created,
		data: {
			object: {
				id: `cn_${input.suffix}`,
				object: 'credit_note',
				invoice: `in_${input.invoiceSuffix}`,
				customer: `cus_${input.invoiceSuffix}`,
				currency: input.currency.toLowerCase(),
				total: input.total,
				amount: input.total,
				memo: input.memo,
				reason: 'order_change',
				refund: null,
				created: input.created,
			},
		},
	});
}
