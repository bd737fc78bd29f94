import type { PaidInvoice } from '../../core/model';
import { MalformedDeliveryError, parseXeroDelivery } from '../../core/triggers/xeroDelivery';
import { processXeroDelivery, type XeroWebhookState } from '../../core/triggers/xeroWebhookFlow';
import type { EmitSettings } from '../../core/triggers/emissions';
import { paidInvoice } from '../trigger/fakePaidLedger';

const TENANT = 'aef86862-2015-4b6b-88bc-d89032cecc50';
const OTHER = 'c2cc9b6e-9458-4c7d-93cc-f02b81b0594f';
const T0 = Date.UTC(2026, 10, 23, 12);

function event(resourceId: string, overrides: Record<string, unknown> = {}) {
	return {
		resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${resourceId}`,
		resourceId,
		tenantId: TENANT,
		tenantType: 'ORGANISATION',
		eventCategory: 'INVOICE',
		eventType: 'UPDATE',
		eventDateUtc: '2026-11-23T11:59:00.123',
		...overrides,
	};
}

function body(events: unknown[]): Buffer {
	return Buffer.from(
		JSON.stringify({
			events,
			firstEventSequence: 1,
			lastEventSequence: events.length,
			entropy: 'QWERTY',
		}),
	);
}

describe('parseXeroDelivery', () => {
	it('recognises intent-to-receive (empty events)', () => {
		expect(parseXeroDelivery(body([]), TENANT)).toEqual({
			intentToReceive: true,
			eventCount: 0,
			invoiceEvents: [],
		});
	});

	it('keeps only INVOICE events of the chosen tenant', () => {
		const delivery = parseXeroDelivery(
			body([
				event('inv-1'),
				event('inv-2', { tenantId: OTHER }),
				event('contact-1', { eventCategory: 'CONTACT' }),
				event('inv-3', { tenantId: TENANT.toUpperCase(), eventType: 'CREATE' }),
			]),
			TENANT,
		);
		expect(delivery.intentToReceive).toBe(false);
		expect(delivery.eventCount).toBe(4);
		expect(delivery.invoiceEvents.map((e) => e.invoiceId)).toEqual(['inv-1', 'inv-3']);
	});

	it('refuses a body that is not a delivery', () => {
		expect(() => parseXeroDelivery(Buffer.from('not json'), TENANT)).toThrow(
			MalformedDeliveryError,
		);
		expect(() => parseXeroDelivery(Buffer.from('{"foo":1}'), TENANT)).toThrow(
			MalformedDeliveryError,
		);
		expect(() => parseXeroDelivery(Buffer.from('null'), TENANT)).toThrow(MalformedDeliveryError);
	});
});

/** A fetch that answers like `getPaidInvoicesByIds`: only paid ACCREC invoices come back. */
function fakeFetch(invoices: Record<string, PaidInvoice>) {
	const calls: string[][] = [];
	let failures = 0;
	return {
		calls,
		failNextWith(count: number) {
			failures = count;
		},
		fetch: async (ids: string[]) => {
			calls.push(ids);
			if (failures > 0) {
				failures--;
				throw new Error('Xero is down');
			}
			return ids
				.map((id) => invoices[id])
				.filter((invoice): invoice is PaidInvoice => invoice !== undefined);
		},
	};
}

async function deliver(
	events: unknown[],
	state: XeroWebhookState | undefined,
	fetch: (ids: string[]) => Promise<PaidInvoice[]>,
	now = T0,
	settings: EmitSettings = { mode: 'paid' },
) {
	const outcome = await processXeroDelivery({
		delivery: parseXeroDelivery(body(events), TENANT),
		state,
		now,
		settings,
		fetchInvoices: fetch,
	});
	return { ...outcome, state: JSON.parse(JSON.stringify(outcome.state)) as XeroWebhookState };
}

describe('processXeroDelivery', () => {
	const paid = { 'inv-1': paidInvoice('inv-1'), 'inv-2': paidInvoice('inv-2') };

	it('fetches all invoices of a delivery in one call and emits the paid ones', async () => {
		const api = fakeFetch(paid);
		const outcome = await deliver(
			[
				event('inv-1'),
				event('inv-2'),
				event('inv-open'),
				event('inv-1', { eventDateUtc: '2026-11-23T11:59:01' }),
			],
			undefined,
			api.fetch,
		);
		expect(api.calls).toEqual([['inv-1', 'inv-2', 'inv-open']]);
		expect(outcome.emit.map((i) => i.invoice.ledgerId)).toEqual(['inv-1', 'inv-2']);
	});

	it('answers 100 events with one fetch', async () => {
		const api = fakeFetch(paid);
		const events = Array.from({ length: 100 }, (_, i) => event(`inv-${i}`));
		await deliver(events, undefined, api.fetch);
		expect(api.calls).toHaveLength(1);
		expect(api.calls[0]).toHaveLength(100);
	});

	it('does not fetch or emit again for a repeated delivery', async () => {
		const api = fakeFetch(paid);
		const first = await deliver([event('inv-1')], undefined, api.fetch);
		const again = await deliver([event('inv-1')], first.state, api.fetch);
		expect(again.emit).toEqual([]);
		expect(api.calls).toHaveLength(1);
	});

	it('emits an invoice once when a later event for it arrives (reordered or a later edit)', async () => {
		const api = fakeFetch(paid);
		const first = await deliver(
			[event('inv-1', { eventDateUtc: '2026-11-23T12:00:00' })],
			undefined,
			api.fetch,
		);
		const older = await deliver(
			[event('inv-1', { eventDateUtc: '2026-11-23T11:00:00' })],
			first.state,
			api.fetch,
		);
		expect(first.emit).toHaveLength(1);
		expect(older.emit).toEqual([]);
	});

	it('emits an invoice that was open at its first event when a later event finds it paid', async () => {
		const invoices: Record<string, PaidInvoice> = {};
		const api = fakeFetch(invoices);
		const first = await deliver(
			[event('inv-9', { eventDateUtc: '2026-11-23T10:00:00' })],
			undefined,
			api.fetch,
		);
		expect(first.emit).toEqual([]);
		invoices['inv-9'] = paidInvoice('inv-9');
		const second = await deliver(
			[event('inv-9', { eventDateUtc: '2026-11-23T11:00:00' })],
			first.state,
			api.fetch,
		);
		expect(second.emit.map((i) => i.invoice.ledgerId)).toEqual(['inv-9']);
	});

	it('never emits a part-paid invoice even if the fetch returns one', async () => {
		const api = fakeFetch({
			part: paidInvoice('part', { totalMinor: 1000, amountPaidMinor: 400 }),
		});
		expect((await deliver([event('part')], undefined, api.fetch)).emit).toEqual([]);
	});

	it('never emits a bill (ACCPAY) even if the fetch returns one as paid', async () => {
		const api = fakeFetch({
			bill: paidInvoice('bill', { raw: { InvoiceID: 'bill', Type: 'ACCPAY', Status: 'PAID' } }),
		});
		expect((await deliver([event('bill')], undefined, api.fetch)).emit).toEqual([]);
	});

	it('ignores invoices it did not ask for', async () => {
		const api = { fetch: async () => [paidInvoice('inv-1'), paidInvoice('stranger')] };
		expect(
			(await deliver([event('inv-1')], undefined, api.fetch)).emit.map((i) => i.invoice.ledgerId),
		).toEqual(['inv-1']);
	});

	it('makes no call when no event is for the chosen tenant', async () => {
		const api = fakeFetch(paid);
		const outcome = await deliver([event('inv-1', { tenantId: OTHER })], undefined, api.fetch);
		expect(api.calls).toHaveLength(0);
		expect(outcome.emit).toEqual([]);
	});

	it('on a failed fetch keeps the ids pending and looks them up with the next delivery', async () => {
		const api = fakeFetch(paid);
		api.failNextWith(1);
		const failed = await deliver([event('inv-1')], undefined, api.fetch);
		expect(failed.failure?.error).toBeInstanceOf(Error);
		expect(failed.failure?.failedIds).toEqual(['inv-1']);
		expect(failed.emit).toEqual([]);
		expect(failed.state.pending!.map(([id]) => id)).toEqual(['inv-1']);
		// The next delivery is about another invoice: the pending one rides along in the same call.
		const next = await deliver([event('inv-2')], failed.state, api.fetch, T0 + 60_000);
		expect(api.calls.at(-1)).toEqual(['inv-1', 'inv-2']);
		expect(next.emit.map((i) => i.invoice.ledgerId)).toEqual(['inv-1', 'inv-2']);
		expect(next.failure).toBeUndefined();
		expect(next.state.pending).toEqual([]);
		// A redelivery of the failed event finds the invoice emitted already.
		const redelivered = await deliver([event('inv-1')], next.state, api.fetch, T0 + 120_000);
		expect(redelivered.emit).toEqual([]);
	});

	it('retries a failed id with every later delivery, not once, until it works', async () => {
		const api = fakeFetch(paid);
		api.failNextWith(3);
		let state = (await deliver([event('inv-1')], undefined, api.fetch)).state;
		for (let i = 1; i <= 2; i++) {
			const again = await deliver([], state, api.fetch, T0 + i * 3600_000);
			expect(again.failure?.failedIds).toEqual(['inv-1']);
			state = again.state;
		}
		expect(state.pending).toEqual([['inv-1', T0, 3]]);
		const works = await deliver([], state, api.fetch, T0 + 3 * 3600_000);
		expect(works.emit.map((i) => i.invoice.ledgerId)).toEqual(['inv-1']);
		expect(works.state.pending).toEqual([]);
	});

	it('gives a failing id up after 48 hours and names it, instead of dropping it silently', async () => {
		const api = fakeFetch(paid);
		api.failNextWith(100);
		const failed = await deliver([event('inv-1')], undefined, api.fetch);
		const stillFailing = await deliver([event('inv-2')], failed.state, api.fetch, T0 + 47 * 3600_000);
		expect(stillFailing.givenUp).toEqual([]);
		const later = await deliver([], stillFailing.state, api.fetch, T0 + 48 * 3600_000);
		expect(later.givenUp).toEqual(['inv-1']);
		expect(later.state.pending!.map(([id]) => id)).toEqual(['inv-2']);
	});

	it('in "every payment" mode emits each new payment of an invoice once, part payments included', async () => {
		const payment = (id: string, amountMinor: number, date: string) => ({
			ledgerId: id,
			invoiceLedgerId: 'inv-5',
			amountMinor,
			currency: 'EUR',
			date,
		});
		const invoices: Record<string, PaidInvoice> = {
			'inv-5': paidInvoice('inv-5', {
				totalMinor: 10000,
				amountPaidMinor: 4000,
				payments: [payment('pay-a', 4000, '2026-11-22')],
			}),
		};
		const api = fakeFetch(invoices);
		const every: EmitSettings = { mode: 'everyPayment' };
		const first = await deliver([event('inv-5')], undefined, api.fetch, T0, every);
		expect(first.emit.map((e) => e.payment?.ledgerId)).toEqual(['pay-a']);
		invoices['inv-5'] = paidInvoice('inv-5', {
			totalMinor: 10000,
			amountPaidMinor: 10000,
			payments: [payment('pay-a', 4000, '2026-11-22'), payment('pay-b', 6000, '2026-11-23')],
		});
		const second = await deliver(
			[event('inv-5', { eventDateUtc: '2026-11-23T12:30:00' })],
			first.state,
			api.fetch,
			T0 + 60_000,
			every,
		);
		expect(second.emit.map((e) => [e.payment?.ledgerId, e.payment?.amountMinor])).toEqual([
			['pay-b', 6000],
		]);
	});

	it('keeps its static data bounded', async () => {
		const api = fakeFetch({});
		let state: XeroWebhookState | undefined;
		for (let batch = 0; batch < 12; batch++) {
			const events = Array.from({ length: 500 }, (_, i) => event(`inv-${batch}-${i}`));
			state = (await deliver(events, state, api.fetch)).state;
		}
		expect(state!.events!.entries.length).toBeLessThanOrEqual(2000);
		expect(state!.pending).toEqual([]);
		expect(JSON.stringify(state).length).toBeLessThan(80_000);
	});
});
