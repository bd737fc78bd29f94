/**
 * Queue mode, as n8n runs it: deliveries handled at the same moment by two processes each load the
 * same static-data snapshot, and the whole object each writes back replaces the other (last write
 * wins, no lock). This pins what docs/invoice-paid-trigger.md says happens then.
 */
import type { PaidInvoice } from '../../core/model';
import { parseXeroDelivery } from '../../core/triggers/xeroDelivery';
import { processXeroDelivery, type XeroWebhookState } from '../../core/triggers/xeroWebhookFlow';
import { paidInvoice } from '../trigger/fakePaidLedger';

const TENANT = 'aef86862-2015-4b6b-88bc-d89032cecc50';
const T0 = Date.UTC(2026, 10, 23, 12);

function delivery(invoiceId: string, at: string) {
	return parseXeroDelivery(
		Buffer.from(
			JSON.stringify({
				events: [
					{
						resourceId: invoiceId,
						tenantId: TENANT,
						eventCategory: 'INVOICE',
						eventType: 'UPDATE',
						eventDateUtc: at,
					},
				],
			}),
		),
		TENANT,
	);
}

const ledger: Record<string, PaidInvoice> = { a: paidInvoice('a'), b: paidInvoice('b') };
const fetchInvoices = async (ids: string[]) => ids.map((id) => ledger[id]).filter(Boolean);

/** One process handling one delivery from a snapshot; returns what it would write back. */
async function handle(snapshot: XeroWebhookState | undefined, invoiceId: string, at: string) {
	const outcome = await processXeroDelivery({
		delivery: delivery(invoiceId, at),
		state: snapshot ? (JSON.parse(JSON.stringify(snapshot)) as XeroWebhookState) : undefined,
		now: T0,
		settings: { mode: 'paid' },
		fetchInvoices,
	});
	return {
		emitted: outcome.emit.map((e) => e.invoice.ledgerId),
		state: JSON.parse(JSON.stringify(outcome.state)) as XeroWebhookState,
	};
}

describe('queue mode: static data is a last-write-wins snapshot per execution', () => {
	it('two processes at once: both emit their own invoice, nothing is lost', async () => {
		const snapshot = undefined;
		const [first, second] = await Promise.all([
			handle(snapshot, 'a', '2026-11-23T12:00:00'),
			handle(snapshot, 'b', '2026-11-23T12:00:01'),
		]);
		expect([...first.emitted, ...second.emitted].sort()).toEqual(['a', 'b']);
	});

	it('the losing write forgets what it emitted: a later edit of that invoice emits it again', async () => {
		const [, second] = await Promise.all([
			handle(undefined, 'a', '2026-11-23T12:00:00'),
			handle(undefined, 'b', '2026-11-23T12:00:01'),
		]);
		const saved = second.state; // n8n saved the second write over the first
		const laterEditOfA = await handle(saved, 'a', '2026-11-23T13:00:00');
		const laterEditOfB = await handle(saved, 'b', '2026-11-23T13:00:00');
		expect(laterEditOfA.emitted).toEqual(['a']);
		expect(laterEditOfB.emitted).toEqual([]);
	});

	it('the same invoice delivered to two processes at once is emitted by both', async () => {
		const results = await Promise.all([
			handle(undefined, 'a', '2026-11-23T12:00:00'),
			handle(undefined, 'a', '2026-11-23T12:00:00'),
		]);
		expect(results.flatMap((r) => r.emitted)).toEqual(['a', 'a']);
	});

	it('handled one after the other (one process, or no overlap), each invoice is emitted once', async () => {
		const first = await handle(undefined, 'a', '2026-11-23T12:00:00');
		const second = await handle(first.state, 'a', '2026-11-23T12:00:00');
		expect([...first.emitted, ...second.emitted]).toEqual(['a']);
	});
});
