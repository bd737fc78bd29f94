/**
 * A poll that hits its page bound, against the Xero sandbox: hundreds of invoices share one
 * UpdatedDateUTC (a batch payment), and each poll may read only a page or two. The cursor must not
 * move into the middle of that timestamp, nor stick at its start: every invoice is emitted once.
 */
import { pollPaidInvoices, type PollState } from '../../core/triggers';
import { startXero as startXeroLedger, type XeroHarness } from '../integration/xeroSandbox';
import { salesInvoice } from '../sandbox/xero-client';

let harness: XeroHarness;

beforeAll(async () => {
	harness = await startXeroLedger();
});

afterAll(async () => {
	await harness?.sandbox.stop();
});

it('resumes a scan by page at its bound, emitting 350 invoices stamped alike exactly once', async () => {
	const sandbox = harness.sandbox;
	const tokens = sandbox.xero.issueTokens();
	const ids: string[] = [];
	for (let start = 0; start < 350; start += 50) {
		const response = await fetch(`${sandbox.urls.xero}/api.xro/2.0/Invoices`, {
			method: 'PUT',
			headers: {
				Authorization: `Bearer ${tokens.accessToken}`,
				'xero-tenant-id': harness.tenantId,
				'content-type': 'application/json',
				accept: 'application/json',
			},
			body: JSON.stringify({
				Invoices: Array.from({ length: 50 }, (_, i) => salesInvoice(`Bound ${start + i} Ltd`)),
			}),
		});
		const body = (await response.json()) as { Invoices: Array<{ InvoiceID: string }> };
		ids.push(...body.Invoices.map((invoice) => invoice.InvoiceID));
	}
	const ledger = harness.ledger();
	const now = () => sandbox.clock.now();
	let state: PollState | undefined;
	const poll = async () => {
		const result = await pollPaidInvoices(ledger, state, {
			now: now(),
			fingerprint: 'xero:uk',
			maxPages: 1,
		});
		state = JSON.parse(JSON.stringify(result.state)) as PollState;
		return result.emit.map((emission) => emission.invoice.ledgerId);
	};
	expect(await poll()).toEqual([]); // baseline
	sandbox.xero.payInvoicesTogether(harness.tenantId, ids);
	const emitted: string[] = [];
	for (let i = 0; i < 8; i++) emitted.push(...(await poll()));
	expect(new Set(emitted).size).toBe(emitted.length);
	expect([...emitted].sort()).toEqual([...ids].sort());
	// The scan finished: no resume position is left over.
	expect(state?.position).toBeUndefined();
});
