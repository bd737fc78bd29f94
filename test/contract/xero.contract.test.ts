/**
 * The provider-neutral ledger contract, run against the Xero emulator (UK demo org). Emulated
 * time runs 60× faster so a Retry-After or the per-minute budget costs little real time.
 */
import { createXeroLedger } from '../../core/xero';
import { startSandbox } from '../../sandbox';
import { httpSend, scaledClock } from '../helpers/http';
import { describeLedgerContract } from './ledgerContract';

const TIME_SCALE = 60;

describeLedgerContract('Xero', async () => {
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
	const invoices = () => sandbox.xero.invoices(tenantId).filter((i) => i.Type === 'ACCREC');
	return {
		ledger,
		clock,
		// The UK demo org: GBP base, EUR enabled, two bank accounts, OUTPUT2 is its 20 % sales VAT.
		defaults: {
			currency: 'EUR',
			line: { accountCode: '200', taxRatePercent: 20 },
			payment: { bankAccount: '090' },
			refund: { bankAccount: '090' },
			// More than one page of 100, so the listing test crosses a page boundary.
			paidInvoiceCount: 105,
		},
		inspect: {
			contactsWithSourceId: async (sourceId) =>
				sandbox.xero.contacts(tenantId).filter((c) => c.ContactNumber === sourceId).length,
			invoicesWithSourceId: async (sourceId) =>
				invoices().filter((i) => i.Reference === sourceId).length,
			paymentsOnInvoice: async (id) =>
				sandbox.xero
					.payments(tenantId)
					.filter((p) => p.Invoice?.InvoiceID === id && p.Status !== 'DELETED').length,
			payInvoice: async (id) => {
				sandbox.xero.payInvoice(tenantId, id);
			},
		},
		teardown: async () => {
			const specErrors = sandbox.log
				.entries({ service: 'xero' })
				.filter((e) => e.specErrors?.length);
			await sandbox.stop();
			// Every request the ledger sent must satisfy Xero's own OpenAPI contract.
			expect(specErrors).toEqual([]);
		},
	};
});
