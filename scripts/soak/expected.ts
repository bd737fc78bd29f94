/**
 * What the books must hold after a month of Stripe events, read from the events alone (never from
 * the package or the sandbox): per customer, invoice, payment and credit note, in minor units.
 * The latest version of each Stripe object wins, as Stripe's own state would.
 */
import { lineTotals, type StripeEvent } from './generator';

export interface ExpectedInvoice {
	sourceId: string;
	customer: string;
	currency: string;
	final: boolean;
	/** Voided in Stripe (`invoice.voided`): the ledger holds it voided, nothing paid. */
	voided: boolean;
	/** The ledger's local date of the Stripe invoice's `created`. */
	issueDate: string;
	totalMinor: number;
	taxMinor: number;
	/** Payments by their Stripe id (charge or invoice payment): amount and the local date paid. */
	payments: Map<string, ExpectedPayment>;
	/** Allocated credit notes by id. */
	credits: Map<string, number>;
}

export interface ExpectedPayment {
	amountMinor: number;
	date: string;
}

export interface ExpectedCreditNote {
	sourceId: string;
	invoice: string;
	currency: string;
	date: string;
	totalMinor: number;
	allocatedMinor: number;
	refundedMinor: number;
}

export interface ExpectedBooks {
	customers: Map<string, { name: string; email: string }>;
	invoices: Map<string, ExpectedInvoice>;
	creditNotes: Map<string, ExpectedCreditNote>;
	/**
	 * Invoices whose payments and allocated credits cover their total, with money received (the
	 * Invoice Paid triggers' default: one settled by credit notes alone is not emitted).
	 */
	fullyPaid: Set<string>;
}

type Obj = Record<string, any>;

/** The calendar date of Unix seconds in `timeZone` (the ledger books on its local dates). */
export function localDate(seconds: number, timeZone: string): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
		new Date(seconds * 1000),
	);
}

/** `timeZone`: the ledger's zone (the Xero organisation's, Europe/Berlin for EasyBill). */
export function expectedBooks(events: StripeEvent[], timeZone: string): ExpectedBooks {
	const day = (seconds: number) => localDate(seconds, timeZone);
	const books: ExpectedBooks = { customers: new Map(), invoices: new Map(), creditNotes: new Map(), fullyPaid: new Set() };
	const ordered = [...events].sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
	for (const event of ordered) {
		const object = event.data.object as Obj;
		if (event.type.startsWith('invoice.')) {
			books.customers.set(object.customer, { name: object.customer_name, email: object.customer_email });
			const lines = (object.lines.data as Obj[]).map((line) => ({
				description: line.description,
				quantity: line.quantity,
				unitAmount: line.price.unit_amount,
				taxPercent: line.tax_rates[0]?.percentage ?? 0,
			}));
			const { tax, total } = lineTotals(lines);
			const existing = books.invoices.get(object.id);
			const invoice: ExpectedInvoice = {
				sourceId: object.id,
				customer: object.customer,
				currency: String(object.currency).toUpperCase(),
				final: (existing?.final ?? false) || object.status !== 'draft',
				voided: (existing?.voided ?? false) || event.type === 'invoice.voided',
				issueDate: day(object.created),
				totalMinor: total,
				taxMinor: tax,
				payments: existing?.payments ?? new Map(),
				credits: existing?.credits ?? new Map(),
			};
			if (event.type === 'invoice.paid') {
				invoice.payments.set(object.charge, { amountMinor: object.amount_paid, date: day(object.status_transitions.paid_at) });
			}
			books.invoices.set(object.id, invoice);
		} else if (event.type === 'invoice_payment.paid') {
			books.invoices
				.get(object.invoice)
				?.payments.set(object.id, { amountMinor: object.amount_paid, date: day(object.status_transitions.paid_at) });
		} else if (event.type === 'credit_note.created') {
			const refunded = object.refund !== null;
			books.creditNotes.set(object.id, {
				sourceId: object.id,
				invoice: object.invoice,
				currency: String(object.currency).toUpperCase(),
				date: day(object.created),
				totalMinor: object.total,
				allocatedMinor: refunded ? 0 : object.total,
				refundedMinor: refunded ? object.total : 0,
			});
			if (!refunded) books.invoices.get(object.invoice)?.credits.set(object.id, object.total);
		} else {
			throw new Error(`the reconciler does not know ${event.type}`);
		}
	}
	for (const invoice of books.invoices.values()) {
		const paid = sum([...invoice.payments.values()].map((p) => p.amountMinor));
		const settled = paid + sum(invoice.credits.values());
		if (invoice.final && !invoice.voided && paid > 0 && settled >= invoice.totalMinor) books.fullyPaid.add(invoice.sourceId);
	}
	return books;
}

export function sum(values: Iterable<number>): number {
	let total = 0;
	for (const value of values) total += value;
	return total;
}
