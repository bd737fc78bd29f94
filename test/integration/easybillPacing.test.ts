/**
 * EasyBill's limits against the emulator: paced to the PLUS plan's 10 requests/minute without a
 * single 429, a 429 (which carries no Retry-After) waited out, and creates whose answer is lost
 * after the commit not duplicated. Emulated time runs 60× faster than real time.
 */
import { createEasyBillLedger, type EasyBillLedger } from '../../core/easybill';
import { startSandbox, type Sandbox } from '../../sandbox';
import { httpSend, scaledClock } from '../helpers/http';

const TIME_SCALE = 60;
const MINUTE = 60_000;
/** 100 real ms of jitter tolerance: at 60× a real millisecond is 60 emulated ones. */
const PACING_MARGIN_MS = 100 * TIME_SCALE;

let sandbox: Sandbox;

async function ledgerFor(
	perMinute: number,
	onWait?: (ms: number, reason: string) => void,
): Promise<EasyBillLedger> {
	const apiKey = sandbox.easybill.apiKey;
	return createEasyBillLedger({
		send: httpSend({ headers: () => ({ Authorization: `Bearer ${apiKey}` }) }),
		clock: scaledClock(sandbox.clock, TIME_SCALE),
		baseUrl: sandbox.urls.easybill,
		perMinute,
		pacingMarginMs: PACING_MARGIN_MS,
		secrets: [apiKey],
		onWait,
	});
}

const invoice = (sourceId: string, customerSource: string) => ({
	sourceId,
	contact: { contact: { sourceId: customerSource, name: `Customer ${customerSource}` } },
	issueDate: '2026-11-02',
	currency: 'EUR',
	taxMode: 'exclusive' as const,
	status: 'final' as const,
	lines: [{ description: 'Plan', quantity: 1, unitPriceMinor: 4900, taxRatePercent: 19 }],
});

afterEach(async () => {
	const specErrors = sandbox.log
		.entries({ service: 'easybill' })
		.filter((e) => e.specErrors?.length);
	await sandbox.stop();
	expect(specErrors).toEqual([]);
});

describe('EasyBill pacing and faults (sandbox)', () => {
	it('paces 10 requests per minute on the PLUS plan: no 429 at all, and nothing faster than the plan', async () => {
		sandbox = await startSandbox({ easybillPerMinute: 10, timeScale: TIME_SCALE });
		const ledger = await ledgerFor(10);
		const contacts = Array.from({ length: 14 }, (_, i) => ({
			sourceId: `pace-${i}`,
			name: `Pace ${i} GmbH`,
		}));
		const results = await ledger.upsertContacts(contacts);
		expect(results.map((r) => r.action)).toEqual(contacts.map(() => 'created'));
		const entries = sandbox.log.entries({ service: 'easybill' });
		expect(entries.length).toBeGreaterThan(10);
		expect(entries.filter((e) => e.status === 429)).toEqual([]);
		// No sliding minute (on the emulated clock) holds more than ten arrivals.
		for (const entry of entries) {
			expect(
				entries.filter((e) => e.at >= entry.at && e.at < entry.at + MINUTE).length,
			).toBeLessThanOrEqual(10);
		}
		expect(sandbox.easybill.customers()).toHaveLength(14);
	});

	it('waits out a 429 without Retry-After and the write goes through once', async () => {
		sandbox = await startSandbox({ easybillPerMinute: 60, timeScale: TIME_SCALE });
		const waits: Array<[number, string]> = [];
		const ledger = await ledgerFor(60, (ms, reason) => waits.push([ms, reason]));
		sandbox.faults.add({ service: 'easybill', method: 'POST', path: /\/customers$/, kind: '429' });
		const [result] = await ledger.upsertContacts([{ sourceId: 'rl-1', name: 'Rate Limited GmbH' }]);
		expect(result.action).toBe('created');
		const posts = sandbox.log.entries({
			service: 'easybill',
			method: 'POST',
			path: /\/customers$/,
		});
		expect(posts.map((e) => e.status)).toEqual([429, 201]);
		expect(waits).toEqual([[60_000, 'rate limited']]);
		// The retry waited a full emulated minute, as the default for a 429 without Retry-After.
		expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(MINUTE);
		expect(sandbox.easybill.customers().filter((c) => c.number === 'rl-1')).toHaveLength(1);
	});

	it('does not duplicate an invoice whose POST /documents answer was dropped after the commit', async () => {
		sandbox = await startSandbox({ easybillPerMinute: 60, timeScale: TIME_SCALE });
		const ledger = await ledgerFor(60);
		sandbox.faults.add({
			service: 'easybill',
			method: 'POST',
			path: /\/documents$/,
			kind: 'drop-after-commit',
		});
		const [result] = await ledger.createInvoices([invoice('drop-inv-1', 'drop-cus-1')]);
		expect(result).toMatchObject({ action: 'created' });
		const docs = sandbox.easybill.documents().filter((d) => d.external_id === 'drop-inv-1');
		expect(docs).toHaveLength(1);
		expect(docs[0].is_draft).toBe(false);
		if (result.action !== 'failed') expect(result.ledgerId).toBe(String(docs[0].id));
		expect(
			sandbox.log.entries({ service: 'easybill', method: 'POST', path: /\/documents$/ }),
		).toHaveLength(1);
		const [again] = await ledger.createInvoices([invoice('drop-inv-1', 'drop-cus-1')]);
		expect(again.action).toBe('unchanged');
	});

	it('after a 503 on POST /documents, looks the invoice up, finds none, and creates it exactly once', async () => {
		sandbox = await startSandbox({ easybillPerMinute: 60, timeScale: TIME_SCALE });
		const ledger = await ledgerFor(60);
		sandbox.faults.add({ service: 'easybill', method: 'POST', path: /\/documents$/, kind: '503' });
		const [result] = await ledger.createInvoices([invoice('fail-inv-1', 'fail-cus-1')]);
		expect(result.action).toBe('created');
		const posts = sandbox.log.entries({
			service: 'easybill',
			method: 'POST',
			path: /\/documents$/,
		});
		expect(posts.map((e) => e.status)).toEqual([503, 201]);
		expect(sandbox.easybill.documents().filter((d) => d.external_id === 'fail-inv-1')).toHaveLength(
			1,
		);
	});

	it('does not duplicate a payment whose answer was dropped after the commit', async () => {
		sandbox = await startSandbox({ easybillPerMinute: 60, timeScale: TIME_SCALE });
		const ledger = await ledgerFor(60);
		const [inv] = await ledger.createInvoices([invoice('drop-inv-2', 'drop-cus-2')]);
		if (inv.action === 'failed') throw inv.error;
		sandbox.faults.add({
			service: 'easybill',
			method: 'POST',
			path: /\/document-payments$/,
			kind: 'drop-after-commit',
		});
		const [paid] = await ledger.recordPayments([
			{
				sourceId: 'ch_drop',
				invoice: { ledgerId: inv.ledgerId },
				amountMinor: 1000,
				currency: 'EUR',
				date: '2026-11-05',
			},
		]);
		expect(paid.action).toBe('created');
		expect(sandbox.easybill.payments().filter((p) => p.reference === 'ch_drop')).toHaveLength(1);
	});
});
