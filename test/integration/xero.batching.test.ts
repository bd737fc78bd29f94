/**
 * Batching, rate limits and lost answers against the Xero emulator: 120 items travel in at most
 * three writes, a 429 in the middle is waited out, and a dropped answer after the commit never
 * leaves a second copy behind.
 */
import type { Contact } from '../../core/model';
import { salesInvoice, startXero, type XeroHarness } from './xeroSandbox';

let xero: XeroHarness;
beforeAll(async () => {
	xero = await startXero();
});
afterAll(async () => {
	await xero.sandbox.stop();
});
afterEach(() => {
	xero.sandbox.faults.clear();
	// Every request the ledger sent satisfied Xero's OpenAPI contract.
	expect(xero.specErrors()).toEqual([]);
});

const invoicesWithReference = (prefix: string) =>
	xero.sandbox.xero
		.invoices(xero.tenantId)
		.filter((i) => String(i.Reference ?? '').startsWith(`${prefix}-`));

describe('Xero batching against the sandbox', () => {
	it('upserts 120 contacts in at most 3 PUTs, and a re-run writes nothing', async () => {
		const ledger = xero.ledger();
		const contacts: Contact[] = Array.from({ length: 120 }, (_, i) => ({
			sourceId: `bulk-${i}`,
			name: `Bulk Customer ${i}`,
			emails: [`bulk${i}@example.com`],
		}));
		const before = xero.writes('PUT', '/Contacts').length;
		const results = await ledger.upsertContacts(contacts);
		expect(results.filter((r) => r.action === 'created')).toHaveLength(120);
		const puts = xero.writes('PUT', '/Contacts').slice(before);
		expect(puts.length).toBeLessThanOrEqual(3);
		expect(puts.map((p) => p.elementCount)).toEqual([50, 50, 20]);
		const again = await ledger.upsertContacts(contacts);
		expect(again.every((r) => r.action === 'unchanged')).toBe(true);
		expect(xero.writes('PUT', '/Contacts').length - before).toBe(puts.length);
		expect(xero.writes('POST', '/Contacts')).toHaveLength(0);
	});

	it('creates 120 invoices in at most 3 PUTs; the re-run creates nothing', async () => {
		const ledger = xero.ledger();
		const invoices = Array.from({ length: 120 }, (_, i) => salesInvoice('b120', i));
		const before = xero.writes('PUT', '/Invoices').length;
		const results = await ledger.createInvoices(invoices);
		expect(results.filter((r) => r.action === 'created')).toHaveLength(120);
		expect(xero.writes('PUT', '/Invoices').length - before).toBeLessThanOrEqual(3);
		const rerun = await ledger.createInvoices(invoices);
		expect(rerun.every((r) => r.action === 'unchanged')).toBe(true);
		expect(xero.writes('PUT', '/Invoices').length - before).toBeLessThanOrEqual(3);
		expect(invoicesWithReference('b120')).toHaveLength(120);
		// Tax resolved from the org's rates, totals computed per line by Xero match ours.
		const first = results[0];
		if (first.action === 'failed') throw first.error;
		expect(first.record.subtotalMinor).toBe(1000 + 998); // 10.00 + 2.5 × 3.99 rounded per line
		expect(first.record.taxMinor).toBe(200 + 200);
	});

	it('waits out a 429 in the middle of a batch run and creates every invoice once', async () => {
		const waits: string[] = [];
		const ledger = xero.ledger({ onWait: (_ms, reason) => waits.push(reason) });
		xero.sandbox.faults.add({
			service: 'xero',
			method: 'PUT',
			path: '/api.xro/2.0/Invoices',
			nth: 2,
			kind: '429',
			retryAfterSeconds: 2,
			problem: 'minute',
		});
		const results = await ledger.createInvoices(
			Array.from({ length: 120 }, (_, i) => salesInvoice('r429', i)),
		);
		expect(results.every((r) => r.action === 'created')).toBe(true);
		expect(waits).toContain('rate limited');
		expect(invoicesWithReference('r429')).toHaveLength(120);
		expect(xero.writes('PUT', '/Invoices').filter((e) => e.status === 429)).toHaveLength(1);
	});

	it('a dropped answer after the commit is retried under the same key and leaves one copy', async () => {
		const ledger = xero.ledger();
		xero.sandbox.faults.add({
			service: 'xero',
			method: 'PUT',
			path: '/api.xro/2.0/Invoices',
			kind: 'drop-after-commit',
		});
		const results = await ledger.createInvoices(
			Array.from({ length: 10 }, (_, i) => salesInvoice('drop', i)),
		);
		expect(results.every((r) => r.action === 'created')).toBe(true);
		expect(invoicesWithReference('drop')).toHaveLength(10);
		expect(xero.writes('PUT', '/Invoices').filter((e) => e.status === 0)).toHaveLength(1);
	});

	it('retries a keyed create after a 500 and a 503, creating each contact once', async () => {
		const ledger = xero.ledger();
		xero.sandbox.faults.add({
			service: 'xero',
			method: 'PUT',
			path: '/api.xro/2.0/Contacts',
			kind: '500',
		});
		xero.sandbox.faults.add({
			service: 'xero',
			method: 'PUT',
			path: '/api.xro/2.0/Contacts',
			nth: 2,
			kind: '503',
		});
		const results = await ledger.upsertContacts([
			{ sourceId: 'flaky-1', name: 'Flaky One' },
			{ sourceId: 'flaky-2', name: 'Flaky Two' },
		]);
		expect(results.map((r) => r.action)).toEqual(['created', 'created']);
		const contacts = xero.sandbox.xero.contacts(xero.tenantId);
		expect(contacts.filter((c) => String(c.ContactNumber).startsWith('flaky-'))).toHaveLength(2);
		const statuses = xero.writes('PUT', '/Contacts').map((e) => e.status);
		expect(statuses.slice(-3)).toEqual([500, 503, 200]);
	});

	it('with no retries left, a lost answer is resolved by looking again, not by creating again', async () => {
		const ledger = xero.ledger({ retry: { maxAttempts: 1 } });
		xero.sandbox.faults.add({
			service: 'xero',
			method: 'PUT',
			path: '/api.xro/2.0/Payments',
			kind: 'drop-after-commit',
		});
		const [inv] = await ledger.createInvoices([salesInvoice('lost', 1)]);
		if (inv.action === 'failed') throw inv.error;
		const payment = {
			sourceId: 'lost-pay-1',
			invoice: { ledgerId: inv.ledgerId },
			amountMinor: 500,
			currency: 'GBP',
			date: '2026-11-03',
			bankAccount: '090',
		};
		const [paid] = await ledger.recordPayments([payment]);
		expect(paid.action).toBe('created');
		// One PUT, its answer lost and not retried: the result came from the re-lookup.
		expect(xero.writes('PUT', '/Payments').map((e) => e.status)).toEqual([0]);
		// A whole-workflow retry: the payment is found on the invoice, not recorded again.
		const [again] = await ledger.recordPayments([payment]);
		expect(again.action).toBe('unchanged');
		const payments = xero.sandbox.xero
			.payments(xero.tenantId)
			.filter((p) => p.Invoice?.InvoiceID === inv.ledgerId);
		expect(payments).toHaveLength(1);
	});
});
