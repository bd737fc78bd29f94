/**
 * An in-memory stand-in for `Ledger.listPaidInvoices`, for the trigger's unit tests. It behaves
 * like a careless adapter on purpose: it returns every invoice changed in the window, paid or not,
 * so the tests prove the trigger itself never emits a part-paid invoice.
 */
import type { ListPaidOptions, PaidCursor, PaidInvoicesPage } from '../../core/ledger';
import type { PaidInvoice } from '../../core/model';

export function paidInvoice(id: string, overrides: Partial<PaidInvoice> = {}): PaidInvoice {
	const total = overrides.totalMinor ?? 11900;
	const paid = overrides.amountPaidMinor ?? total;
	return {
		ledger: 'xero',
		tenantId: 'tenant-1',
		ledgerId: id,
		number: `INV-${id}`,
		sourceId: `src-${id}`,
		contact: { ledgerId: 'c-1', name: 'Ada Ltd', email: 'ada@example.com' },
		currency: 'EUR',
		issueDate: '2026-11-01',
		state: paid >= total ? 'paid' : 'open',
		subtotalMinor: 10000,
		taxMinor: 1900,
		totalMinor: total,
		amountPaidMinor: paid,
		amountCreditedMinor: 0,
		amountDueMinor: total - paid,
		paidDate: paid >= total ? '2026-11-23' : undefined,
		raw: { id },
		...overrides,
	};
}

interface Stored {
	invoice: PaidInvoice;
	/** When the ledger last changed it (what `If-Modified-Since` compares). */
	changedAt: number;
}

export class FakePaidLedger {
	readonly kind = 'xero' as const;
	private readonly stored = new Map<string, Stored>();
	readonly calls: Array<{ since: string; overlapMs: number; pagesRead: number }> = [];
	failNext = false;

	constructor(private readonly pageSize = 2) {}

	/** Adds or changes an invoice; `changedAt` is the ledger's own timestamp for the change. */
	put(invoice: PaidInvoice, changedAt: number): void {
		this.stored.set(invoice.ledgerId, { invoice, changedAt });
	}

	async listPaidInvoices(
		cursor: PaidCursor,
		options: ListPaidOptions = {},
	): Promise<PaidInvoicesPage> {
		if (this.failNext) {
			this.failNext = false;
			throw new Error('ledger unavailable');
		}
		const overlapMs = options.overlapMs ?? 0;
		const from = Date.parse(cursor.since) - overlapMs;
		const changed = [...this.stored.values()]
			.filter((entry) => entry.changedAt >= from)
			.sort((a, b) => a.changedAt - b.changedAt);
		const maxPages = options.maxPages ?? Infinity;
		const invoices: PaidInvoice[] = [];
		let pagesRead = 0;
		for (let start = 0; start < changed.length && pagesRead < maxPages; start += this.pageSize) {
			pagesRead++;
			invoices.push(...changed.slice(start, start + this.pageSize).map((entry) => entry.invoice));
		}
		if (changed.length === 0) pagesRead = 1;
		this.calls.push({ since: cursor.since, overlapMs, pagesRead });
		const newest =
			changed.length > 0
				? changed[Math.min(changed.length, pagesRead * this.pageSize) - 1].changedAt
				: 0;
		const since = newest > Date.parse(cursor.since) ? new Date(newest).toISOString() : cursor.since;
		return { invoices, cursor: { since } };
	}
}
