/**
 * Compares the books (sandbox state) with what the events say they must hold, to the minor unit,
 * per customer, invoice, payment and credit note. Every difference is one line in `problems`.
 */
import type { Books } from './books';
import { sum, type ExpectedBooks } from './expected';

export interface Reconciliation {
	checked: { contacts: number; invoices: number; payments: number; creditNotes: number; voided: number };
	/**
	 * Voided in Stripe and absent from the books: its draft was deleted by Void Invoice before it
	 * was finalised (neither ledger can void a draft), so nothing was ever booked for it.
	 */
	voidedNeverBooked: number;
	duplicates: number;
	missing: number;
	wrong: number;
	/** Records in the books that no event asked for. */
	unexpected: number;
	problems: string[];
}

export interface TriggerCheck {
	trigger: string;
	/** Invoices that end fully paid (money received) and the trigger should emit once each. */
	expected: number;
	emittedOnce: number;
	/** Fully paid but never emitted. */
	missing: string[];
	/** Emitted more than once (id ×n). */
	duplicates: string[];
	/** Emitted though not fully paid at the end (or not an invoice of the month). */
	unexpected: string[];
	failures: number;
	rounds: number;
}

/** Every invoice that ends fully paid emitted exactly once by the trigger, and no other. */
export function checkTrigger(
	trigger: string,
	expected: ExpectedBooks,
	run: { emitted: string[]; failures: number; rounds: number },
): TriggerCheck {
	const counts = new Map<string, number>();
	for (const id of run.emitted) counts.set(id, (counts.get(id) ?? 0) + 1);
	const check: TriggerCheck = {
		trigger,
		expected: expected.fullyPaid.size,
		emittedOnce: 0,
		missing: [],
		duplicates: [],
		unexpected: [],
		failures: run.failures,
		rounds: run.rounds,
	};
	for (const id of expected.fullyPaid) {
		const n = counts.get(id) ?? 0;
		if (n === 0) check.missing.push(id);
		else if (n === 1) check.emittedOnce += 1;
		else check.duplicates.push(`${id} ×${n}`);
	}
	for (const id of counts.keys()) if (!expected.fullyPaid.has(id)) check.unexpected.push(id);
	return check;
}

export function reconcile(expected: ExpectedBooks, books: Books): Reconciliation {
	const result: Reconciliation = {
		checked: { contacts: 0, invoices: 0, payments: 0, creditNotes: 0, voided: 0 },
		voidedNeverBooked: 0,
		duplicates: 0,
		missing: 0,
		wrong: 0,
		unexpected: 0,
		problems: [],
	};
	const problem = (kind: 'duplicates' | 'missing' | 'wrong' | 'unexpected', text: string, count = 1) => {
		result[kind] += count;
		result.problems.push(`${kind}: ${text}`);
	};
	const compare = (what: string, field: string, want: unknown, got: unknown) => {
		if (want !== got) problem('wrong', `${what} ${field}: expected ${String(want)}, ledger has ${String(got)}`);
	};
	const bySource = <T extends { sourceId: string }>(records: T[]) => {
		const map = new Map<string, T[]>();
		for (const record of records) map.set(record.sourceId, [...(map.get(record.sourceId) ?? []), record]);
		return map;
	};

	const contacts = bySource(books.contacts);
	for (const [id, customer] of expected.customers) {
		result.checked.contacts += 1;
		const found = contacts.get(id) ?? [];
		if (found.length === 0) problem('missing', `contact ${id}`);
		if (found.length > 1) problem('duplicates', `contact ${id} ×${found.length}`, found.length - 1);
		if (found[0]) compare(`contact ${id}`, 'name', customer.name, found[0].name);
	}
	for (const [id, found] of contacts) if (!expected.customers.has(id)) problem('unexpected', `contact "${id}" ×${found.length}`, found.length);

	const invoices = bySource(books.invoices);
	for (const [id, want] of expected.invoices) {
		result.checked.invoices += 1;
		const found = invoices.get(id) ?? [];
		// Payments carry no source id in Xero (a shared payout reference is no identity): match
		// amount and date.
		const paymentKey = (p: { amountMinor: number; date: string }) => `${p.amountMinor} on ${p.date}`;
		const wantPayments = [...want.payments.values()].map(paymentKey);
		result.checked.payments += wantPayments.length;
		if (want.voided) result.checked.voided += 1;
		if (found.length === 0 && want.voided && wantPayments.length === 0) {
			result.voidedNeverBooked += 1;
			continue;
		}
		if (found.length === 0) {
			problem('missing', `invoice ${id}`);
			if (wantPayments.length) problem('missing', `${wantPayments.length} payment(s) of invoice ${id}`, wantPayments.length);
			continue;
		}
		if (found.length > 1) problem('duplicates', `invoice ${id} ×${found.length}`, found.length - 1);
		const got = found[0];
		const what = `invoice ${id}`;
		compare(what, 'currency', want.currency, got.currency);
		const status = (i: { final: boolean; voided: boolean }) => (i.voided ? 'voided' : i.final ? 'final' : 'draft');
		compare(what, 'status', status(want), status(got));
		compare(what, 'issue date', want.issueDate, got.issueDate);
		compare(what, 'total', want.totalMinor, got.totalMinor);
		compare(what, 'tax', want.taxMinor, got.taxMinor);
		compare(what, 'contact', want.customer, got.contactSourceId);
		compare(what, 'credited', sum(want.credits.values()), got.creditedMinor);
		const left = found.flatMap((f) => f.payments.map(paymentKey));
		const missing: string[] = [];
		for (const amount of wantPayments) {
			const at = left.indexOf(amount);
			if (at >= 0) left.splice(at, 1);
			else missing.push(amount);
		}
		const wrong = Math.min(missing.length, left.length);
		if (wrong) problem('wrong', `${what} payments: expected [${wantPayments}], ledger has [${found.flatMap((f) => f.payments.map(paymentKey))}]`, wrong);
		if (missing.length > wrong) problem('missing', `${what}: ${missing.length - wrong} payment(s)`, missing.length - wrong);
		if (left.length > wrong) problem('duplicates', `${what}: ${left.length - wrong} payment(s) too many`, left.length - wrong);
	}
	for (const [id, found] of invoices) if (!expected.invoices.has(id)) problem('unexpected', `invoice "${id}" ×${found.length}`, found.length);

	const notes = bySource(books.creditNotes);
	for (const [id, want] of expected.creditNotes) {
		result.checked.creditNotes += 1;
		const found = notes.get(id) ?? [];
		if (found.length === 0) {
			problem('missing', `credit note ${id}`);
			continue;
		}
		if (found.length > 1) problem('duplicates', `credit note ${id} ×${found.length}`, found.length - 1);
		const got = found[0];
		const what = `credit note ${id}`;
		compare(what, 'currency', want.currency, got.currency);
		compare(what, 'date', want.date, got.date);
		compare(what, 'total', want.totalMinor, got.totalMinor);
		compare(what, 'allocated', want.allocatedMinor, got.allocatedMinor);
		compare(what, 'refunded', want.refundedMinor, got.refundedMinor);
	}
	for (const [id, found] of notes) if (!expected.creditNotes.has(id)) problem('unexpected', `credit note "${id}" ×${found.length}`, found.length);
	return result;
}
