/**
 * A small seed of the soak (`npm run soak` runs the full month): Stripe events through the example
 * workflows in n8n-core, up to 5 executions at once, some out of order, some delivered two or three
 * times, one killed half-way and re-run, ~10 % of requests faulted; then the sandbox's books are
 * reconciled with the events to the cent, and the Invoice Paid triggers (polling and instant) that
 * ran alongside must have emitted every invoice that ends fully paid exactly once. No timing is
 * asserted.
 * Each story is its own case on both ledgers, so a failure names the story.
 */
import { generateMonth, type GeneratorOptions } from '../../scripts/soak/generator';
import { figuresOf, formatFigures, type SoakFigures } from '../../scripts/soak/report';
import { runSoak } from '../../scripts/soak/runner';
import type { LedgerName } from '../../scripts/soak/workflows';

jest.setTimeout(120_000);

async function soak(ledger: LedgerName, options: GeneratorOptions): Promise<SoakFigures> {
	const events = generateMonth(options);
	const run = await runSoak({ ledger, events, seed: options.seed });
	try {
		return figuresOf(run, events);
	} finally {
		await run.env.stop();
	}
}

function expectExactBooks(figures: SoakFigures): void {
	const r = figures.reconciliation;
	// The printed figures are the failure message: which record, which field, both values.
	expect({ problems: r.problems, summary: formatFigures(figures) }).toEqual({
		problems: [],
		summary: expect.any(String),
	});
	// An event not applied (a stale draft update arriving after the invoice was paid) must have
	// been reported with a reason naming the record or field, never silently dropped.
	for (const reported of figures.reported) expect(reported.error).toMatch(/\w{4,}.*(invoice|contact|payment|credit|field|Line|Amount)/i);
	expect(r.checked.invoices).toBeGreaterThan(0);
	// The Invoice Paid triggers (polling and instant) ran alongside: every invoice that ends fully
	// paid emitted exactly once, no other.
	expect(figures.triggers.map((t) => ({ trigger: t.trigger, missing: t.missing, duplicates: t.duplicates, unexpected: t.unexpected }))).toEqual(
		['Invoice Paid (polling)', 'Invoice Paid (instant)'].map((trigger) => ({ trigger, missing: [], duplicates: [], unexpected: [] })),
	);
	expect(figures.executions).toBeGreaterThanOrEqual(figures.deliveries);
	expect(Object.values(figures.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
}

const paidAndOpen: Omit<GeneratorOptions, 'seed'> = {
	customers: 10,
	invoices: 24,
	stories: { paid: 3, open: 1, voided: 1, instalments: 0, corrected: 0 },
	currencies: { eur: 6, gbp: 1, usd: 1 },
};

// Stripe events stamped between 23:10 and 00:42 UTC: the evening before in New York (n8n's
// default zone), the next day in Berlin. The books must hold the ledger's local date.
const NEAR_MIDNIGHT = { monthStart: Date.UTC(2026, 10, 10, 23, 10) / 1000, days: 0.08 };

describe.each<LedgerName>(['xero', 'easybill'])('soak seed on %s', (ledger) => {
	it('paid, open and voided invoices, allocated and refunded credit notes, under faults, repeated deliveries running at once: books exact', async () => {
		const figures = await soak(ledger, { seed: 11, ...paidAndOpen });
		expectExactBooks(figures);
		expect(figures.reconciliation.checked.voided).toBeGreaterThan(0);
		for (const trigger of figures.triggers) expect(trigger.emittedOnce).toBeGreaterThan(0);
	});

	it('instalments sharing a payout reference: every instalment booked once', async () => {
		expectExactBooks(
			await soak(ledger, { seed: 12, ...paidAndOpen, stories: { instalments: 1, paid: 0, open: 0, voided: 0, corrected: 0 } }),
		);
	});

	it('draft corrections before finalisation: the final lines, one invoice', async () => {
		expectExactBooks(
			await soak(ledger, { seed: 13, ...paidAndOpen, stories: { corrected: 1, paid: 0, open: 0, voided: 0, instalments: 0 } }),
		);
	});

	it('zero-decimal currency (JPY) to the yen', async () => {
		expectExactBooks(await soak(ledger, { seed: 14, ...paidAndOpen, currencies: { jpy: 1 } }));
	});

	it("Stripe timestamps near midnight UTC: every date is the ledger's local date", async () => {
		expectExactBooks(
			await soak(ledger, { seed: 15, ...paidAndOpen, ...NEAR_MIDNIGHT, stories: { paid: 2, corrected: 1, instalments: 1, voided: 1, open: 0 } }),
		);
	});
});
