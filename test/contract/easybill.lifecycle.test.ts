/** The invoice-lifecycle contract against the EasyBill emulator (BUSINESS plan, 60/min). */
import { createEasyBillLedger } from '../../core/easybill';
import { startSandbox } from '../../sandbox';
import { httpSend, scaledClock } from '../helpers/http';
import { describeLifecycleContract } from './lifecycleContract';

const TIME_SCALE = 120;

describeLifecycleContract('EasyBill', async () => {
	const sandbox = await startSandbox({ easybillPerMinute: 60, timeScale: TIME_SCALE });
	const apiKey = sandbox.easybill.apiKey;
	const clock = scaledClock(sandbox.clock, TIME_SCALE);
	const ledger = createEasyBillLedger({
		send: httpSend({ headers: () => ({ Authorization: `Bearer ${apiKey}` }) }),
		clock,
		baseUrl: sandbox.urls.easybill,
		perMinute: 60,
		pacingMarginMs: 100 * TIME_SCALE,
		secrets: [apiKey],
	});
	return {
		ledger,
		clock,
		inspect: {
			contactsWithSourceId: async (sourceId) => sandbox.easybill.customers().filter((c) => c.number === sourceId).length,
			invoicesWithSourceId: async (sourceId) =>
				sandbox.easybill.documents().filter((d) => d.type === 'INVOICE' && d.external_id === sourceId).length,
			paymentsOnInvoice: async (id) => sandbox.easybill.payments().filter((p) => String(p.document_id) === id).length,
			payInvoice: async (id) => {
				await sandbox.easybill.payDocument(Number(id));
			},
		},
		emailsSent: async (id) =>
			sandbox.easybill
				.postBoxes()
				.filter((p) => String(p.document_id) === id)
				.map((p) => p.to),
		expectations: { voidedAs: 'cancelled', hasOnlineUrl: false, sendsToGivenAddresses: true, keepsReversedPayments: false },
		teardown: async () => {
			const specErrors = sandbox.log.entries({ service: 'easybill' }).filter((e) => e.specErrors?.length);
			await sandbox.stop();
			expect(specErrors).toEqual([]);
		},
	};
});
