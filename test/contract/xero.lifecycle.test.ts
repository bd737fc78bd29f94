/** The invoice-lifecycle contract against the Xero emulator (UK demo org). */
import { createXeroLedger } from '../../core/xero';
import { startSandbox } from '../../sandbox';
import { httpSend, scaledClock } from '../helpers/http';
import { describeLifecycleContract } from './lifecycleContract';

const TIME_SCALE = 60;

describeLifecycleContract('Xero', async () => {
	const sandbox = await startSandbox({ timeScale: TIME_SCALE });
	const tokens = sandbox.xero.issueTokens();
	const tenantId = sandbox.xero.tenants[0].tenantId;
	const clock = scaledClock(sandbox.clock, TIME_SCALE);
	const ledger = createXeroLedger({
		send: httpSend({ headers: () => ({ Authorization: `Bearer ${tokens.accessToken}` }) }),
		clock,
		tenantId,
		apiBaseUrl: sandbox.urls.xero,
		secrets: [tokens.accessToken, tokens.refreshToken],
	});
	const live = (i: { Type: string; Status: string }) => i.Type === 'ACCREC' && i.Status !== 'DELETED';
	return {
		ledger,
		clock,
		defaults: {
			currency: 'EUR',
			line: { accountCode: '200', taxRatePercent: 20 },
			payment: { bankAccount: '090' },
		},
		inspect: {
			contactsWithSourceId: async (sourceId) => sandbox.xero.contacts(tenantId).filter((c) => c.ContactNumber === sourceId).length,
			invoicesWithSourceId: async (sourceId) => sandbox.xero.invoices(tenantId).filter((i) => live(i) && i.Reference === sourceId).length,
			paymentsOnInvoice: async (id) =>
				sandbox.xero.payments(tenantId).filter((p) => p.Invoice?.InvoiceID === id && p.Status !== 'DELETED').length,
			payInvoice: async (id) => {
				sandbox.xero.payInvoice(tenantId, id);
			},
		},
		emailsSent: async (id) => sandbox.xero.emails(tenantId).filter((e) => e.invoiceId === id).map((e) => e.to),
		expectations: { voidedAs: 'voided', hasOnlineUrl: true, sendsToGivenAddresses: false, keepsReversedPayments: true },
		teardown: async () => {
			const specErrors = sandbox.log.entries({ service: 'xero' }).filter((e) => e.specErrors?.length);
			await sandbox.stop();
			expect(specErrors).toEqual([]);
		},
	};
});
