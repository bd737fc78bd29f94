/**
 * The node's pickers, called through n8n-core's LoadOptionsContext as the editor calls them,
 * against the sandbox: organisations from /connections (never a silent first), contacts and
 * invoices by search, and Xero's accounts, tax rates and currencies loaded from the org.
 */
import type { INodeParameters } from 'n8n-workflow';

import { callListSearch, callLoadOptions, type NodeUnderTest } from './harness';
import { NODE_TYPE, useNodeEnv, type LedgerName } from './nodeEnv';

const env = useNodeEnv({ scope: 'file' });

beforeAll(async () => {
	// Something to find: one contact and one invoice per ledger, made through the node itself.
	for (const ledger of ['xero', 'easybill'] as const) {
		const line =
			ledger === 'xero' ? { taxType: 'OUTPUT2', accountCode: '200' } : { taxPercent: 19 };
		const result = await env.run(ledger, [{}], {
			operation: 'createInvoice',
			amountUnit: 'major',
			sourceId: 'in_pick',
			contactBy: 'details',
			contactSourceId: 'cus_pick',
			contactName: 'Picker Findable Ltd',
			contactFields: { emails: 'picker@findable.example' },
			issueDate: '2026-11-02',
			dueDate: '2026-11-30',
			currency: 'EUR',
			taxMode: 'exclusive',
			lineInputMode: 'json',
			linesJson: JSON.stringify([
				{ description: 'Plan', quantity: 1, unitPrice: '100.00', ...line },
			]),
			status: 'final',
		});
		expect(result.error).toBeUndefined();
	}
});

function node(ledger: LedgerName, parameters: INodeParameters = {}): NodeUnderTest {
	return {
		type: NODE_TYPE,
		parameters: {
			ledger,
			...(ledger === 'xero' ? { tenantId: { __rl: true, mode: 'list', value: env.tenantId } } : {}),
			...parameters,
		},
		credentials:
			ledger === 'xero'
				? { xeroAccountingSyncOAuth2Api: { id: 'xero-1', name: 'Xero' } }
				: { easyBillAccountingSyncApi: { id: 'easybill-1', name: 'EasyBill' } },
	};
}

const call = (ledger: LedgerName) => ({
	nodeTypes: env.nodeTypes,
	credentialsHelper: env.credentialsHelper,
	node: node(ledger),
});

describe('Accounting Sync pickers (through LoadOptionsContext)', () => {
	it('lists every Xero organisation the token reaches, and filters them by name', async () => {
		const all = await callListSearch(
			{
				...call('xero'),
				node: node('xero', { tenantId: { __rl: true, mode: 'list', value: '' } }),
			},
			'searchTenants',
		);
		expect(all.results.map((r) => r.value).sort()).toEqual(
			env.sandbox.xero.tenants.map((t) => t.tenantId).sort(),
		);
		expect(all.results.length).toBeGreaterThanOrEqual(2);
		const name = env.sandbox.xero.tenants[1].tenantName;
		const filtered = await callListSearch(call('xero'), 'searchTenants', name);
		expect(filtered.results).toEqual([{ name, value: env.sandbox.xero.tenants[1].tenantId }]);
	});

	it.each<LedgerName>(['xero', 'easybill'])(
		'finds contacts and invoices on %s by search term',
		async (ledger) => {
			const contacts = await callListSearch(call(ledger), 'searchContacts', 'Picker Findable');
			expect(contacts.results).toEqual([
				expect.objectContaining({
					name: 'Picker Findable Ltd (picker@findable.example)',
					value: expect.any(String),
				}),
			]);
			const invoices = await callListSearch(call(ledger), 'searchInvoices');
			expect(invoices.results.length).toBeGreaterThanOrEqual(1);
			expect(invoices.results[0].name).toContain('Picker Findable Ltd');
			expect(invoices.results[0].name).toMatch(/EUR/);
		},
	);

	it('loads revenue accounts, bank accounts, tax rates and currencies from the Xero org', async () => {
		const revenue = await callLoadOptions(call('xero'), 'getRevenueAccounts');
		expect(revenue.map((o) => o.value)).toContain('200');
		expect(revenue.map((o) => o.value)).not.toContain('090');
		const banks = await callLoadOptions(call('xero'), 'getBankAccounts');
		expect(banks.map((o) => o.value)).toContain('090');
		expect(banks.map((o) => o.value)).not.toContain('200');
		const taxes = await callLoadOptions(call('xero'), 'getTaxRates');
		expect(taxes).toContainEqual(
			expect.objectContaining({ value: 'OUTPUT2', name: expect.stringContaining('20') }),
		);
		const currencies = await callLoadOptions(call('xero'), 'getCurrencies');
		expect(currencies.map((o) => o.value)).toEqual(expect.arrayContaining(['GBP', 'EUR', 'USD']));
	});

	it('offers no Xero-only lists on EasyBill and never calls it for them', async () => {
		const before = env.sandbox.log.entries({ service: 'easybill' }).length;
		expect(await callLoadOptions(call('easybill'), 'getTaxRates')).toEqual([]);
		expect(await callLoadOptions(call('easybill'), 'getBankAccounts')).toEqual([]);
		expect(
			(await callLoadOptions(call('easybill'), 'getCurrencies')).map((o) => o.value),
		).toContain('EUR');
		expect(env.sandbox.log.entries({ service: 'easybill' }).length).toBe(before);
	});

	it('names each Xero tax rate with its percentage once', async () => {
		const taxes = await callLoadOptions(call('xero'), 'getTaxRates');
		const names = taxes.map((o) => o.name);
		// Xero's own name already starts with the rate; the picker must not repeat it.
		expect(names).toContain('20% (VAT on Income)');
		expect(names).not.toContain('20% (VAT on Income) (20 %)');
		expect(names).toContain('Zero Rated Income (0 %)');
		for (const name of names) expect(name.match(/%/g)?.length).toBe(1);
	});

	it('asks for the Xero organisation before listing anything that belongs to one', async () => {
		const before = env.sandbox.log.entries({ service: 'xero' }).length;
		const noOrg = {
			...call('xero'),
			node: node('xero', { tenantId: { __rl: true, mode: 'list', value: '' } }),
		};
		for (const method of ['getBankAccounts', 'getRevenueAccounts', 'getTaxRates', 'getCurrencies']) {
			expect(await callLoadOptions(noOrg, method)).toEqual([
				{ name: expect.stringMatching(/^Choose the Xero organisation/i), value: '' },
			]);
		}
		for (const method of ['searchContacts', 'searchInvoices', 'searchPayableInvoices']) {
			const { results } = await callListSearch(noOrg, method);
			expect(results).toEqual([
				{ name: expect.stringMatching(/^Choose the Xero organisation/i), value: '' },
			]);
		}
		expect(env.sandbox.log.entries({ service: 'xero' }).length).toBe(before);
	});

	it.each<LedgerName>(['xero', 'easybill'])(
		"offers Record Payment only %s invoices that still have an amount due",
		async (ledger) => {
			const line =
				ledger === 'xero' ? { taxType: 'OUTPUT2', accountCode: '200' } : { taxPercent: 19 };
			const invoice = (sourceId: string, status: 'final' | 'draft') => ({
				operation: 'createInvoice',
				amountUnit: 'major',
				sourceId,
				contactBy: 'details',
				contactSourceId: 'cus_pay_pick',
				contactName: 'Payable Picker Ltd',
				issueDate: '2026-11-02',
				dueDate: '2026-11-30',
				currency: 'EUR',
				taxMode: 'exclusive',
				lineInputMode: 'json',
				linesJson: JSON.stringify([
					{ description: 'Plan', quantity: 1, unitPrice: '100.00', ...line },
				]),
				status,
			});
			const created: Record<string, string> = {};
			for (const [sourceId, status] of [
				['in_pp_open', 'final'],
				['in_pp_paid', 'final'],
				['in_pp_draft', 'draft'],
			] as const) {
				const run = await env.run(ledger, [{}], invoice(`${sourceId}_${ledger}`, status));
				expect(run.error).toBeUndefined();
				created[sourceId] = String(run.json[0].ledgerId);
			}
			const paid = await env.run(ledger, [{}], {
				operation: 'recordPayment',
				amountUnit: 'major',
				invoice: { __rl: true, mode: 'id', value: created.in_pp_paid },
				sourceId: `ch_pp_${ledger}`,
				amount: ledger === 'xero' ? '120.00' : '119.00',
				currency: 'EUR',
				date: '2026-11-03',
				...(ledger === 'xero' ? { bankAccount: '090' } : {}),
			});
			expect(paid.error).toBeUndefined();

			const all = (await callListSearch(call(ledger), 'searchInvoices')).results.map((r) => r.value);
			expect(all).toEqual(expect.arrayContaining(Object.values(created)));
			const payable = (await callListSearch(call(ledger), 'searchPayableInvoices')).results;
			const values = payable.map((r) => r.value);
			expect(values).toContain(created.in_pp_open);
			expect(values).not.toContain(created.in_pp_paid);
			expect(values).not.toContain(created.in_pp_draft);
		},
	);

	it("points Record Payment's invoice picker at the payable list, the others at all invoices", () => {
		const type = env.nodeTypes.getByNameAndVersion(NODE_TYPE, 1);
		const invoiceFields = type.description.properties.filter((p) => p.name === 'invoice');
		const methodFor = (operation: string) =>
			invoiceFields
				.find((p) => (p.displayOptions?.show?.operation as string[]).includes(operation))
				?.modes?.find((m) => m.name === 'list')?.typeOptions?.searchListMethod;
		expect(methodFor('recordPayment')).toBe('searchPayableInvoices');
		expect(methodFor('issueCreditNote')).toBe('searchInvoices');
	});
});
