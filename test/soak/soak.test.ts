/**
 * A small seed of the soak (`npm run soak` runs the full month): Stripe events through the example
 * workflows in n8n-core, up to 5 executions at once, some out of order, some delivered two or three
 * times, one killed half-way and re-run, ~10 % of requests faulted; then the sandbox's books are
 * reconciled with the events to the cent. No timing is asserted.
 *
 * Stories whose books are known to come out wrong today are separate cases, skipped with the
 * reason, so their expectation stays strict and is switched on when the fix lands.
 */
import { generateMonth, type GeneratorOptions } from '../../scripts/soak/generator';
import { figuresOf, formatFigures, type SoakFigures } from '../../scripts/soak/report';
import { runSoak } from '../../scripts/soak/runner';
import type { LedgerName } from '../../scripts/soak/workflows';

jest.setTimeout(120_000);

async function soak(
	ledger: LedgerName,
	options: GeneratorOptions,
	concurrentDuplicates = true,
): Promise<SoakFigures> {
	const events = generateMonth(options);
	const run = await runSoak({ ledger, events, seed: options.seed, concurrentDuplicates });
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
	expect(figures.executions).toBeGreaterThanOrEqual(figures.deliveries);
	expect(Object.values(figures.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
}

const paidAndOpen: Omit<GeneratorOptions, 'seed'> = {
	customers: 10,
	invoices: 24,
	stories: { paid: 3, open: 1, instalments: 0, corrected: 0 },
	currencies: { eur: 6, gbp: 1, usd: 1 },
};

const PAID_AND_OPEN = 'paid and open invoices, allocated and refunded credit notes, under faults';

it(`soak seed on xero: ${PAID_AND_OPEN}, repeated deliveries running at once: books exact`, async () => {
	expectExactBooks(await soak('xero', { seed: 11, ...paidAndOpen }));
});

// Known failing (i10b, concurrent executions creating the same source id): two executions of
// one Stripe event running at once on EasyBill both find no credit note and both create one
// (no idempotency key there), so the refund is booked twice.
it.skip(`soak seed on easybill: ${PAID_AND_OPEN}, repeated deliveries running at once: books exact`, async () => {
	expectExactBooks(await soak('easybill', { seed: 11, ...paidAndOpen }));
});

it(`soak seed on easybill: ${PAID_AND_OPEN}, repeated deliveries after the first: books exact`, async () => {
	expectExactBooks(await soak('easybill', { seed: 11, ...paidAndOpen }, false));
});

describe.each<LedgerName>(['xero', 'easybill'])('soak seed on %s', (ledger) => {
	// Known failing on EasyBill (i10b's fix holds on Xero): instalments of one invoice sharing a
	// payout reference go missing without an error.
	(ledger === 'xero' ? it : it.skip)('instalments sharing a payout reference: every instalment booked once', async () => {
		expectExactBooks(
			await soak(ledger, { seed: 12, ...paidAndOpen, stories: { instalments: 1, paid: 0, open: 0, corrected: 0 } }),
		);
	});

	// Known failing on EasyBill (i10a's fix holds on Xero): a draft corrected by `invoice.updated`
	// keeps its first lines (wrong totals), and re-deliveries create a second draft (duplicates).
	(ledger === 'xero' ? it : it.skip)('draft corrections before finalisation: the final lines, one invoice', async () => {
		expectExactBooks(
			await soak(ledger, { seed: 13, ...paidAndOpen, stories: { corrected: 1, paid: 0, open: 0, instalments: 0 } }),
		);
	});
});

// Known failing (i10b, EasyBill hundredths at the EasyBill edge): ¥85,200 is booked as ¥852,
// because yen (no minor unit) are sent as if they were cents.
it.skip('soak seed on easybill: zero-decimal currency (JPY) to the yen', async () => {
	expectExactBooks(await soak('easybill', { seed: 14, ...paidAndOpen, currencies: { jpy: 1 } }));
});

it('soak seed on xero: zero-decimal currency (JPY) to the yen', async () => {
	expectExactBooks(await soak('xero', { seed: 14, ...paidAndOpen, currencies: { jpy: 1 } }));
});
