/**
 * The provider-neutral ledger contract, run against the EasyBill emulator at the BUSINESS plan's
 * 60 requests/minute. Emulated time runs 120× faster, so the governor's pacing costs milliseconds.
 */
import { createEasyBillLedger } from '../../core/easybill';
import { startSandbox } from '../../sandbox';
import { httpSend, scaledClock } from '../helpers/http';
import { describeLedgerContract } from './ledgerContract';

const TIME_SCALE = 120;

describeLedgerContract('EasyBill', async () => {
	const sandbox = await startSandbox({ easybillPerMinute: 60, timeScale: TIME_SCALE });
	const apiKey = sandbox.easybill.apiKey;
	const clock = scaledClock(sandbox.clock, TIME_SCALE);
	const ledger = createEasyBillLedger({
		send: httpSend({ headers: () => ({ Authorization: `Bearer ${apiKey}` }) }),
		clock,
		baseUrl: sandbox.urls.easybill,
		perMinute: 60,
		// Real milliseconds of network jitter are emulated seconds at this speed: pad pacing to match.
		pacingMarginMs: 100 * TIME_SCALE,
		secrets: [apiKey],
	});
	return {
		ledger,
		clock,
		inspect: {
			contactsWithSourceId: async (sourceId) =>
				sandbox.easybill.customers().filter((c) => c.number === sourceId).length,
			invoicesWithSourceId: async (sourceId) =>
				sandbox.easybill
					.documents()
					.filter((d) => d.type === 'INVOICE' && d.external_id === sourceId).length,
			paymentsOnInvoice: async (id) =>
				sandbox.easybill.payments().filter((p) => String(p.document_id) === id).length,
			payInvoice: async (id) => {
				await sandbox.easybill.payDocument(Number(id));
			},
		},
		teardown: async () => {
			const specErrors = sandbox.log
				.entries({ service: 'easybill' })
				.filter((e) => e.specErrors?.length);
			await sandbox.stop();
			// Every request this ledger sent must satisfy EasyBill's own Swagger contract.
			expect(specErrors).toEqual([]);
		},
	};
});
