import {
	latestPaidInvoice,
	pollPaidInvoices,
	type PollState,
} from '../../core/triggers/pollPaidInvoices';
import { FakePaidLedger, paidInvoice } from '../trigger/fakePaidLedger';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 23, 12);
const FP = 'xero:tenant-1';

function ids(items: Array<{ invoice: { ledgerId: string } }>): string[] {
	return items.map((item) => item.invoice.ledgerId);
}

/** Runs polls like n8n would, carrying the static data between them. */
function poller(ledger: FakePaidLedger, extra: { lookbackMs?: number; overlapMs?: number } = {}) {
	let state: PollState | undefined;
	return {
		get state() {
			return state;
		},
		async poll(now: number, fingerprint = FP) {
			const result = await pollPaidInvoices(ledger, state, { now, fingerprint, ...extra });
			// Static data goes through JSON when n8n saves the workflow.
			state = JSON.parse(JSON.stringify(result.state));
			return result;
		},
	};
}

describe('pollPaidInvoices', () => {
	it('starts from now on first activation: a baseline read marks what is already paid, emits nothing', async () => {
		const ledger = new FakePaidLedger();
		ledger.put(paidInvoice('old'), T0 - DAY);
		// Paid minutes before activation, inside the overlap window the next polls re-read.
		ledger.put(paidInvoice('justBefore'), T0 - 2 * MINUTE);
		const p = poller(ledger, { overlapMs: 10 * MINUTE });
		const first = await p.poll(T0);
		expect(first.emit).toEqual([]);
		expect(first.initialised).toBe(true);
		expect(ledger.calls).toEqual([
			{ since: new Date(T0).toISOString(), overlapMs: 10 * MINUTE, pagesRead: 1 },
		]);
		expect(first.state.cursor).toBe(new Date(T0).toISOString());
		expect(ids((await p.poll(T0 + 5 * MINUTE)).emit)).toEqual([]);
		ledger.put(paidInvoice('after'), T0 + 6 * MINUTE);
		expect(ids((await p.poll(T0 + 10 * MINUTE)).emit)).toEqual(['after']);
	});

	it('with a look-back, emits each invoice across 3 pages once; the second poll emits nothing new', async () => {
		const ledger = new FakePaidLedger(2);
		for (let i = 1; i <= 6; i++)
			ledger.put(paidInvoice(`inv-${i}`), T0 - 6 * 3600_000 + i * MINUTE);
		const p = poller(ledger, { lookbackMs: DAY });
		const first = await p.poll(T0);
		expect(ids(first.emit)).toEqual(['inv-1', 'inv-2', 'inv-3', 'inv-4', 'inv-5', 'inv-6']);
		expect(ledger.calls[0]).toMatchObject({
			since: new Date(T0 - DAY).toISOString(),
			pagesRead: 3,
		});

		const second = await p.poll(T0 + 5 * MINUTE);
		expect(second.emit).toEqual([]);
	});

	it('emits an invoice paid between polls exactly once', async () => {
		const ledger = new FakePaidLedger();
		const p = poller(ledger);
		await p.poll(T0);
		ledger.put(paidInvoice('between'), T0 + 2 * MINUTE);
		expect(ids((await p.poll(T0 + 5 * MINUTE)).emit)).toEqual(['between']);
		expect(ids((await p.poll(T0 + 10 * MINUTE)).emit)).toEqual([]);
		expect(ids((await p.poll(T0 + 15 * MINUTE)).emit)).toEqual([]);
	});

	it('re-reads the overlap window before the cursor and dedupes what it already emitted', async () => {
		const ledger = new FakePaidLedger();
		const p = poller(ledger, { overlapMs: 10 * MINUTE });
		await p.poll(T0);
		ledger.put(paidInvoice('a'), T0 + 3 * MINUTE);
		expect(ids((await p.poll(T0 + 5 * MINUTE)).emit)).toEqual(['a']);
		// The ledger's clock runs behind: this change appears now but is stamped before the cursor.
		ledger.put(paidInvoice('late'), T0 + 1 * MINUTE);
		const next = await p.poll(T0 + 10 * MINUTE);
		expect(ids(next.emit)).toEqual(['late']);
		expect(ledger.calls.at(-1)).toMatchObject({
			since: new Date(T0 + 3 * MINUTE).toISOString(),
			overlapMs: 10 * MINUTE,
		});
	});

	it('never emits a partially paid invoice, and emits it once when it becomes fully paid', async () => {
		const ledger = new FakePaidLedger();
		const p = poller(ledger);
		await p.poll(T0);
		ledger.put(paidInvoice('part', { totalMinor: 10000, amountPaidMinor: 4000 }), T0 + MINUTE);
		// A ledger that says "paid" while money is still due is not trusted either.
		ledger.put(
			paidInvoice('liar', {
				state: 'paid',
				totalMinor: 10000,
				amountPaidMinor: 9999,
				amountDueMinor: 1,
			}),
			T0 + MINUTE,
		);
		expect((await p.poll(T0 + 5 * MINUTE)).emit).toEqual([]);
		ledger.put(paidInvoice('part', { totalMinor: 10000, amountPaidMinor: 10000 }), T0 + 6 * MINUTE);
		expect(ids((await p.poll(T0 + 10 * MINUTE)).emit)).toEqual(['part']);
		expect((await p.poll(T0 + 15 * MINUTE)).emit).toEqual([]);
	});

	it('keeps remembering an invoice the window keeps re-reading, past the dedupe TTL', async () => {
		const ledger = new FakePaidLedger();
		const p = poller(ledger);
		await p.poll(T0);
		ledger.put(paidInvoice('quiet'), T0 + MINUTE);
		expect(ids((await p.poll(T0 + 5 * MINUTE)).emit)).toEqual(['quiet']);
		// Nothing else is paid for a week, so the cursor stays just after it and every poll re-reads it.
		for (let day = 1; day <= 7; day++) {
			expect((await p.poll(T0 + day * DAY)).emit).toEqual([]);
		}
	});

	it('starts over when the trigger settings change (another tenant)', async () => {
		const ledger = new FakePaidLedger();
		const p = poller(ledger);
		await p.poll(T0);
		ledger.put(paidInvoice('a'), T0 + MINUTE);
		await p.poll(T0 + 5 * MINUTE);
		const switched = await p.poll(T0 + 10 * MINUTE, 'xero:tenant-2');
		expect(switched.initialised).toBe(true);
		expect(switched.emit).toEqual([]);
		expect(switched.state.cursor).toBe(new Date(T0 + 10 * MINUTE).toISOString());
	});

	it('leaves the state untouched when the ledger call fails, so nothing is skipped', async () => {
		const ledger = new FakePaidLedger();
		const p = poller(ledger);
		await p.poll(T0);
		ledger.put(paidInvoice('a'), T0 + MINUTE);
		const before = p.state;
		ledger.failNext = true;
		await expect(p.poll(T0 + 5 * MINUTE)).rejects.toThrow('ledger unavailable');
		expect(p.state).toBe(before);
		expect(ids((await p.poll(T0 + 10 * MINUTE)).emit)).toEqual(['a']);
	});

	it('never moves the cursor backwards, whatever the ledger reports', async () => {
		const ledger = {
			listPaidInvoices: async () => ({
				invoices: [],
				cursor: { since: '2020-01-01T00:00:00.000Z' },
			}),
		};
		const state: PollState = {
			cursor: new Date(T0).toISOString(),
			fingerprint: FP,
		};
		const result = await pollPaidInvoices(ledger, state, { now: T0 + MINUTE, fingerprint: FP });
		expect(result.state.cursor).toBe(new Date(T0).toISOString());
	});

	it('keeps static data small however many invoices are paid', async () => {
		const ledger = new FakePaidLedger(500);
		for (let i = 0; i < 3000; i++) ledger.put(paidInvoice(`bulk-${i}`), T0 + MINUTE + i);
		const state: PollState = { cursor: new Date(T0).toISOString(), fingerprint: FP };
		const result = await pollPaidInvoices(ledger, state, { now: T0 + 5 * MINUTE, fingerprint: FP });
		expect(result.emit).toHaveLength(3000);
		// 10 characters per remembered invoice, whatever the length of its id.
		expect(JSON.stringify(result.state).length).toBeLessThan(3000 * 10 + 200);
	});

	it('never emits an invoice again on a later edit, months after it was emitted', async () => {
		const ledger = new FakePaidLedger();
		const p = poller(ledger);
		await p.poll(T0);
		ledger.put(paidInvoice('kept'), T0 + MINUTE);
		expect(ids((await p.poll(T0 + 5 * MINUTE)).emit)).toEqual(['kept']);
		// Other invoices move the cursor on; weeks later a note is added to the paid invoice.
		ledger.put(paidInvoice('other'), T0 + DAY);
		expect(ids((await p.poll(T0 + DAY + 5 * MINUTE)).emit)).toEqual(['other']);
		for (const days of [4, 30, 200]) {
			ledger.put(paidInvoice('kept'), T0 + days * DAY);
			expect((await p.poll(T0 + days * DAY + 5 * MINUTE)).emit).toEqual([]);
		}
	});

	it('reads the memory an older version wrote (plain ids), so an upgrade re-emits nothing', async () => {
		const ledger = new FakePaidLedger();
		ledger.put(paidInvoice('before-upgrade'), T0 + MINUTE);
		const state: PollState = {
			cursor: new Date(T0).toISOString(),
			fingerprint: FP,
			seen: { entries: [['before-upgrade', T0 - MINUTE]] },
		};
		const result = await pollPaidInvoices(ledger, state, { now: T0 + 5 * MINUTE, fingerprint: FP });
		expect(result.emit).toEqual([]);
		expect(result.state.seen).toBeUndefined();
	});

	it('does not emit an invoice settled only by credit notes, unless asked to; mixed is emitted', async () => {
		const credit = paidInvoice('credit', { amountPaidMinor: 0, amountCreditedMinor: 11900 });
		credit.state = 'paid';
		credit.amountDueMinor = 0;
		const mixed = paidInvoice('mixed', { amountPaidMinor: 5000, amountCreditedMinor: 6900 });
		mixed.state = 'paid';
		mixed.amountDueMinor = 0;
		for (const emitCreditOnly of [false, true]) {
			const ledger = new FakePaidLedger();
			const p = poller(ledger);
			await p.poll(T0);
			ledger.put(credit, T0 + MINUTE);
			ledger.put(mixed, T0 + MINUTE);
			const result = await pollPaidInvoices(ledger, p.state, {
				now: T0 + 5 * MINUTE,
				fingerprint: FP,
				settings: { mode: 'paid', emitCreditOnly },
			});
			expect(ids(result.emit)).toEqual(emitCreditOnly ? ['credit', 'mixed'] : ['mixed']);
		}
	});
});

describe('latestPaidInvoice (manual "fetch test event")', () => {
	it('returns the most recently paid invoice in the window and ignores part-paid ones', async () => {
		const ledger = new FakePaidLedger();
		ledger.put(paidInvoice('older', { paidDate: '2026-11-20' }), T0 - 3 * DAY);
		ledger.put(paidInvoice('newest', { paidDate: '2026-11-22' }), T0 - 2 * DAY);
		ledger.put(paidInvoice('part', { amountPaidMinor: 100 }), T0 - DAY);
		const latest = await latestPaidInvoice(ledger, { now: T0, windowMs: 30 * DAY });
		expect(latest?.ledgerId).toBe('newest');
	});

	it('looks back one day first and widens the window only when nothing was paid', async () => {
		const ledger = new FakePaidLedger();
		ledger.put(paidInvoice('today'), T0 - 3600_000);
		ledger.put(paidInvoice('lastMonth', { paidDate: '2026-10-30' }), T0 - 25 * DAY);
		expect((await latestPaidInvoice(ledger, { now: T0, windowMs: 90 * DAY }))?.ledgerId).toBe(
			'today',
		);
		expect(ledger.calls).toHaveLength(1);
		const quiet = new FakePaidLedger();
		quiet.put(paidInvoice('lastMonth'), T0 - 25 * DAY);
		expect((await latestPaidInvoice(quiet, { now: T0, windowMs: 90 * DAY }))?.ledgerId).toBe(
			'lastMonth',
		);
		expect(quiet.calls.map((c) => c.since)).toEqual(
			[DAY, 7 * DAY, 30 * DAY].map((ms) => new Date(T0 - ms).toISOString()),
		);
	});

	it('returns undefined when nothing was paid in the window', async () => {
		expect(
			await latestPaidInvoice(new FakePaidLedger(), { now: T0, windowMs: DAY }),
		).toBeUndefined();
	});
});
