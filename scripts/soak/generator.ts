/**
 * A month of Stripe billing traffic for a subscription business, shaped like Stripe's webhook
 * events (`id`, `type`, `created` in Unix seconds, `data.object` with amounts in minor units and
 * lower-case currencies). Seeded: the same options give the same events.
 *
 * Each invoice follows one of these stories:
 * - paid at once: `invoice.paid` (the stripe-invoice-paid-to-books example books all of it);
 * - instalments: `invoice.finalized`, then two or three `invoice_payment.paid`, whose payout
 *   (`metadata.payout`) is shared with other payments of the same day; some stay part-paid;
 * - corrected: `invoice.created` (draft), one or two `invoice.updated` with other lines while
 *   still a draft, `invoice.finalized` with the last lines, then `invoice.paid`;
 * - open: `invoice.finalized` only;
 * - voided: `invoice.finalized`, then `invoice.voided` (Stripe voids only open invoices: nothing
 *   paid or credited on them).
 * Credit notes: a refunded one (full, by amount or by lines) on some paid invoices, an allocated
 * one (by amount, the stripe-credit-note-to-books example) on some open or part-paid invoices.
 */
import { seededRandom, type Random } from './random';

export interface StripeEvent {
	id: string;
	object: 'event';
	type: string;
	created: number;
	livemode: false;
	data: { object: Record<string, unknown> };
}

export interface GeneratorOptions {
	seed: number;
	customers: number;
	invoices: number;
	/** Unix seconds of the month's first second (default 2026-11-01 00:00 UTC). */
	monthStart?: number;
	days?: number;
	/** Weights of the invoice stories (default: the month's mix). */
	stories?: Partial<Record<Story, number>>;
	/** Weights of the currencies, lower-case (default: mostly EUR, some GBP, USD and JPY). */
	currencies?: Record<string, number>;
}

export type Story = 'paid' | 'instalments' | 'corrected' | 'open' | 'voided';

const STORIES: Record<Story, number> = { paid: 58, instalments: 17, corrected: 13, open: 8, voided: 4 };

export interface StripeLineInput {
	description: string;
	quantity: number;
	unitAmount: number;
	taxPercent: number;
}

const TAX_RATES: ReadonlyArray<readonly [number, number]> = [
	[20, 6],
	[5, 2],
	[0, 2],
];
const CURRENCIES: ReadonlyArray<readonly [string, number]> = [
	['eur', 85],
	['gbp', 7],
	['usd', 5],
	['jpy', 3],
];
const PLANS = ['Starter plan', 'Pro plan', 'Team plan', 'Extra seat', 'Support add-on', 'Storage 100 GB'];
const NAMES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent'];
// Real customers have names like these; the where-clause escaping must hold for them.
const AWKWARD_NAMES = [`O'Brien "Ltd"`, 'Müller & Söhne GmbH', 'Café Zoë SARL', 'Łódź Sp. z o.o.', '株式会社テスト'];

export function lineTotals(lines: StripeLineInput[]): { net: number; tax: number; total: number } {
	const net = lines.reduce((sum, line) => sum + line.quantity * line.unitAmount, 0);
	// Tax rounded per line, as both ledgers do.
	const tax = lines.reduce((sum, l) => sum + Math.round((l.quantity * l.unitAmount * l.taxPercent) / 100), 0);
	return { net, tax, total: net + tax };
}

interface Customer {
	id: string;
	name: string;
	email: string;
	country: string;
}

export function generateMonth(options: GeneratorOptions): StripeEvent[] {
	const random = seededRandom(options.seed);
	const monthStart = options.monthStart ?? Date.UTC(2026, 10, 1) / 1000;
	const span = (options.days ?? 30) * 86_400;
	const tag = options.seed.toString(36);
	const storyWeights = Object.entries({ ...STORIES, ...options.stories }) as [Story, number][];
	const currencyWeights = options.currencies ? Object.entries(options.currencies) : CURRENCIES;
	const customers: Customer[] = Array.from({ length: options.customers }, (_, n) => {
		const awkward = n % 37 === 5;
		const base = awkward ? AWKWARD_NAMES[n % AWKWARD_NAMES.length] : `${random.pick(NAMES)} ${random.pick(['Ltd', 'GmbH', 'Inc', 'BV', 'AG'])}`;
		return {
			id: `cus_${tag}${n.toString().padStart(4, '0')}`,
			// Names are unique per Xero organisation: the number keeps two customers apart.
			name: `${base} ${n + 1}`,
			email: `billing${n + 1}@customer${n + 1}.example`,
			country: random.pick(['DE', 'GB', 'FR', 'NL', 'AT']),
		};
	});
	const events: StripeEvent[] = [];
	let eventCount = 0;
	const emit = (type: string, created: number, object: Record<string, unknown>) => {
		eventCount += 1;
		events.push({
			id: `evt_${tag}${eventCount.toString().padStart(5, '0')}`,
			object: 'event',
			type,
			created,
			livemode: false,
			data: { object: structuredClone(object) },
		});
	};
	const payouts = new Map<number, string>();
	const payoutOf = (created: number) => {
		const day = Math.floor((created - monthStart) / 86_400);
		if (!payouts.has(day)) payouts.set(day, `po_${tag}${day.toString().padStart(2, '0')}`);
		return payouts.get(day) as string;
	};

	for (let n = 0; n < options.invoices; n++) {
		const customer = customers[n % customers.length === n ? n : random.int(0, customers.length - 1)];
		const currency = random.weighted(currencyWeights);
		const id = `in_${tag}${n.toString().padStart(5, '0')}`;
		const start = monthStart + random.int(0, Math.floor(span * 0.8));
		let clock = start;
		const later = () => (clock += random.int(60, 36 * 3600));
		const story = random.weighted(storyWeights);
		let lines = makeLines(random, currency);
		const invoice = (status: string, created: number, extra: Record<string, unknown> = {}) =>
			invoiceObject(id, customer, currency, lines, status, created, start, extra);

		if (story === 'corrected') {
			emit('invoice.created', clock, invoice('draft', clock));
			for (let c = random.int(1, 2); c > 0; c--) {
				lines = makeLines(random, currency);
				emit('invoice.updated', later(), invoice('draft', clock));
			}
		}
		const { total } = lineTotals(lines);
		let paid = 0;
		let credited = 0;
		if (story === 'paid' || story === 'corrected') {
			if (story === 'corrected') emit('invoice.finalized', later(), invoice('open', clock));
			const paidAt = later();
			emit('invoice.paid', paidAt, invoice('paid', paidAt, { amount_paid: total, amount_due: 0 }));
			paid = total;
		} else {
			emit('invoice.finalized', clock, invoice('open', clock));
		}
		if (story === 'instalments') {
			const parts = random.int(2, 3);
			const settles = random.chance(0.7);
			for (let p = 0; p < parts; p++) {
				const remaining = total - paid;
				const amount = p === parts - 1 ? (settles ? remaining : Math.floor(remaining / 2)) : Math.floor(total / parts);
				if (amount <= 0) break;
				const at = later();
				emit('invoice_payment.paid', at, {
					id: `inpay_${id.slice(3)}_${p + 1}`,
					object: 'invoice_payment',
					invoice: id,
					currency,
					amount_paid: amount,
					status: 'paid',
					payment: { type: 'charge', charge: `ch_${id.slice(3)}_${p + 1}` },
					status_transitions: { paid_at: at },
					metadata: { payout: payoutOf(at) },
				});
				paid += amount;
			}
		}
		if (story === 'voided') {
			const at = later();
			emit('invoice.voided', at, invoice('void', at, { amount_due: 0, amount_remaining: 0 }));
			continue;
		}
		const due = total - paid;
		if (due > 0 && random.chance(0.3)) {
			const amount = Math.max(1, Math.floor(due * random.pick([0.1, 0.25, 0.5])));
			emit('credit_note.created', later(), creditObject(`cn_${id.slice(3)}`, id, customer, currency, amount, null, 'amount', [], clock));
			credited += amount;
		} else if (paid === total && random.chance(0.12)) {
			const kind = random.pick(['full', 'amount', 'lines'] as const);
			const refundLines = kind === 'lines' ? [lines[0]] : kind === 'full' ? lines : [];
			const amount = kind === 'amount' ? Math.max(1, Math.floor(total * 0.2)) : lineTotals(refundLines).total;
			const cnId = `cn_${id.slice(3)}`;
			emit('credit_note.created', later(), creditObject(cnId, id, customer, currency, amount, `re_${id.slice(3)}`, kind, refundLines, clock));
		}
		void credited;
	}
	return events.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
}

function makeLines(random: Random, currency: string): StripeLineInput[] {
	const zeroDecimal = currency === 'jpy';
	return Array.from({ length: random.int(1, 4) }, () => ({
		description: random.pick(PLANS),
		quantity: random.weighted([
			[1, 6],
			[2, 2],
			[5, 1],
			[12, 1],
		]),
		unitAmount: zeroDecimal ? random.int(5, 300) * 100 : random.int(99, 25_000),
		taxPercent: random.weighted(TAX_RATES),
	}));
}

function invoiceObject(
	id: string,
	customer: Customer,
	currency: string,
	lines: StripeLineInput[],
	status: string,
	created: number,
	invoiceCreated: number,
	extra: Record<string, unknown>,
): Record<string, unknown> {
	const { net, tax, total } = lineTotals(lines);
	const suffix = id.slice(3);
	return {
		id,
		object: 'invoice',
		number: status === 'draft' ? null : `STR-${suffix.toUpperCase()}`,
		customer: customer.id,
		customer_name: customer.name,
		customer_email: customer.email,
		customer_address: { country: customer.country },
		currency,
		created: invoiceCreated,
		status,
		subtotal: net,
		tax,
		total,
		amount_paid: 0,
		amount_due: total,
		charge: `ch_${suffix}`,
		status_transitions: {
			finalized_at: status === 'draft' ? null : status === 'open' ? created : invoiceCreated,
			paid_at: status === 'paid' ? created : null,
			voided_at: status === 'void' ? created : null,
		},
		lines: {
			object: 'list',
			data: lines.map((line, index) => ({
				id: `il_${suffix}_${index}`,
				object: 'line_item',
				description: line.description,
				quantity: line.quantity,
				amount: line.quantity * line.unitAmount,
				price: { id: `price_${index}`, unit_amount: line.unitAmount, currency },
				tax_rates: [{ id: `txr_${line.taxPercent}`, percentage: line.taxPercent, inclusive: false }],
			})),
		},
		...extra,
	};
}

function creditObject(
	id: string,
	invoice: string,
	customer: Customer,
	currency: string,
	total: number,
	refund: string | null,
	kind: 'full' | 'amount' | 'lines',
	lines: StripeLineInput[],
	created: number,
): Record<string, unknown> {
	return {
		id,
		object: 'credit_note',
		invoice,
		customer: customer.id,
		currency,
		total,
		amount: total,
		memo: refund ? 'Refund' : 'Goodwill credit',
		reason: refund ? 'requested_by_customer' : 'order_change',
		refund,
		created,
		// How the merchant chose to credit (Stripe keeps merchant choices in metadata).
		metadata: { credit: kind },
		lines: {
			object: 'list',
			data: kind === 'amount'
				? [{ type: 'custom_line_item', description: 'Credit', quantity: 1, unit_amount: total, tax_rates: [] }]
				: lines.map((line) => ({
						type: 'invoice_line_item',
						description: line.description,
						quantity: line.quantity,
						unit_amount: line.unitAmount,
						tax_rates: [{ percentage: line.taxPercent }],
					})),
		},
	};
}
