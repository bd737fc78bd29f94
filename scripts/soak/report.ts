/** The soak's figures, as `npm run soak` prints them and the CI seed test asserts them. */
import { easyBillBooks, xeroBooks } from './books';
import { expectedBooks } from './expected';
import type { StripeEvent } from './generator';
import { checkTrigger, reconcile, type Reconciliation, type TriggerCheck } from './reconcile';
import type { SoakRun } from './runner';

export interface SoakFigures {
	ledger: string;
	events: number;
	deliveries: number;
	executions: number;
	failedExecutions: number;
	duplicatesDelivered: number;
	outOfOrder: number;
	killed: number;
	faults: Record<string, number>;
	/** Requests answered with a fault, 429, 5xx, an expired token or nothing: each was retried or reported. */
	failedRequests: number;
	calls: number;
	ms: number;
	reported: { event: string; type: string; error: string }[];
	reconciliation: Reconciliation;
	/** The Invoice Paid triggers that ran alongside, each checked against the events. */
	triggers: TriggerCheck[];
}

export function figuresOf(run: SoakRun, events: StripeEvent[]): SoakFigures {
	const books = run.ledger === 'xero' ? xeroBooks(run.env.sandbox, run.env.tenantId) : easyBillBooks(run.env.sandbox);
	// The ledger's own zone, from the sandbox (the organisation's setting), not from the package.
	const timeZone = run.ledger === 'xero' ? run.env.sandbox.xero.timeZone(run.env.tenantId) : 'Europe/Berlin';
	const expected = expectedBooks(events, timeZone);
	const faults: Record<string, number> = {};
	for (const entry of run.requests) if (entry.fault) faults[entry.fault] = (faults[entry.fault] ?? 0) + 1;
	const api = run.requests.filter((e) => e.service !== 'xero-identity');
	return {
		ledger: run.ledger,
		events: events.length,
		deliveries: events.length + run.duplicatesDelivered,
		executions: run.executions.length,
		failedExecutions: run.executions.filter((e) => !e.ok).length,
		duplicatesDelivered: run.duplicatesDelivered,
		outOfOrder: run.outOfOrder,
		killed: run.killed,
		faults,
		failedRequests: api.filter((e) => e.fault || e.status === 0 || e.status === 401 || e.status === 429 || e.status >= 500).length,
		calls: run.requests.length,
		ms: run.ms,
		reported: run.reported.map((r) => ({ event: r.event.id, type: r.event.type, error: r.error })),
		reconciliation: reconcile(expected, books),
		triggers: run.triggers
			? [checkTrigger('Invoice Paid (polling)', expected, run.triggers.poll), checkTrigger('Invoice Paid (instant)', expected, run.triggers.instant)]
			: [],
	};
}

export function formatFigures(f: SoakFigures): string {
	const r = f.reconciliation;
	const faults = Object.entries(f.faults).sort().map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
	const lines = [
		`── ${f.ledger} ──`,
		`events ${f.events} (delivered ${f.deliveries}: ${f.duplicatesDelivered} duplicate deliveries, ${f.outOfOrder} out of order)`,
		`executions ${f.executions} (${f.failedExecutions} failed and re-run or reported, ${f.killed} killed half-way and re-run)`,
		`faults injected: ${faults}`,
		`failed requests (retried or reported): ${f.failedRequests}; calls ${f.calls}; time ${(f.ms / 1000).toFixed(1)} s`,
		`checked: ${r.checked.contacts} contacts, ${r.checked.invoices} invoices (${r.checked.voided} voided${r.voidedNeverBooked ? `, ${r.voidedNeverBooked} of them never booked: draft deleted` : ''}), ${r.checked.payments} payments, ${r.checked.creditNotes} credit notes`,
		`duplicates ${r.duplicates}, missing ${r.missing}, wrong ${r.wrong}, unexpected ${r.unexpected}`,
		`events reported as errors (not applied): ${f.reported.length}`,
	];
	for (const t of f.triggers) {
		const wrong = t.missing.length + t.duplicates.length + t.unexpected.length;
		lines.push(
			`${t.trigger}: ${t.emittedOnce} of ${t.expected} fully paid invoices emitted exactly once; missing ${t.missing.length}, emitted twice or more ${t.duplicates.length}, emitted but not fully paid ${t.unexpected.length} (${t.rounds} rounds, ${t.failures} failed and carried on)`,
		);
		if (wrong) lines.push(`  ${[...t.missing.map((id) => `missing ${id}`), ...t.duplicates, ...t.unexpected.map((id) => `unexpected ${id}`)].slice(0, 10).join(', ')}`);
	}
	for (const rep of f.reported.slice(0, 10)) lines.push(`  ${rep.event} ${rep.type}: ${rep.error}`);
	for (const p of r.problems.slice(0, 20)) lines.push(`  ${p}`);
	if (r.problems.length > 20) lines.push(`  … ${r.problems.length - 20} more`);
	return lines.join('\n');
}
