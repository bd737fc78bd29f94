/**
 * Upsert Contact finds a customer by source id, then by e-mail, then by exact name, so that a
 * customer made by hand before the sync is adopted instead of duplicated. A fuzzy match must never
 * capture another customer: a billing address shared by two companies (an accountant's inbox) or
 * one name shared by two people leaves two customers, each under its own source id, on both
 * ledgers. Adopting one would rename and renumber it: two customers merged into one, the first's
 * invoices now under the second's name.
 */
import type { INodeParameters } from 'n8n-workflow';

import { useNodeEnv, type LedgerName } from './nodeEnv';

const env = useNodeEnv();

const contact = (sourceId: string, name: string, email: string): INodeParameters => ({
	operation: 'upsertContact',
	sourceId,
	name,
	contactFields: { emails: email },
});

/** [source id, name] of every customer, sorted. */
function customers(ledger: LedgerName): string[][] {
	const all =
		ledger === 'xero'
			? env.sandbox.xero.contacts(env.tenantId).map((c) => [String(c.ContactNumber ?? ''), String(c.Name)])
			: env.sandbox.easybill
					.customers()
					.map((c) => [String(c.number), String(c.company_name ?? `${c.first_name ?? ''} ${c.last_name ?? ''}`.trim())]);
	return all.sort();
}

describe.each(['xero', 'easybill'] as LedgerName[])('Upsert Contact on %s', (ledger) => {
	it('two companies sharing one billing e-mail stay two customers', async () => {
		const a = await env.run(ledger, [{}], contact('cus_alpha', 'Alpha Ltd', 'books@accountant.example'));
		const b = await env.run(ledger, [{}], contact('cus_beta', 'Beta Ltd', 'books@accountant.example'));
		expect([a.json[0].action, b.json[0].action]).toEqual(['created', 'created']);
		expect(b.json[0].ledgerId).not.toBe(a.json[0].ledgerId);
		expect(customers(ledger)).toEqual([
			['cus_alpha', 'Alpha Ltd'],
			['cus_beta', 'Beta Ltd'],
		]);
	});

	it('two people with one name and other e-mails stay two customers', async () => {
		const a = await env.run(ledger, [{}], contact('cus_js1', 'Jane Smith', 'jane@one.example'));
		const b = await env.run(ledger, [{}], contact('cus_js2', 'Jane Smith', 'jane@two.example'), {
			continueOnFail: true,
		});
		expect(a.json[0].action).toBe('created');
		if (ledger === 'xero') {
			// Xero keeps contact names unique: the second is refused, naming the field, nothing merged.
			expect(b.json[0].error).toMatchObject({ kind: 'conflict', field: 'name' });
			expect(customers(ledger)).toEqual([['cus_js1', 'Jane Smith']]);
		} else {
			expect(b.json[0].action).toBe('created');
			expect(customers(ledger)).toEqual([
				['cus_js1', 'Jane Smith'],
				['cus_js2', 'Jane Smith'],
			]);
		}
	});

	it('the same e-mail and the same name: Xero refuses, EasyBill takes it for this customer', async () => {
		const first = await env.run(ledger, [{}], contact('cus_old', 'Ada Shop', 'ada@shop.example'));
		const again = await env.run(ledger, [{}], contact('cus_new', 'Ada Shop', 'ada@shop.example'), {
			continueOnFail: true,
		});
		if (ledger === 'xero') {
			// Xero adopts only a contact with no ContactNumber yet; this one belongs to cus_old.
			expect(again.json[0].error).toMatchObject({ kind: 'conflict', field: 'name' });
			expect(customers(ledger)).toEqual([['cus_old', 'Ada Shop']]);
		} else {
			// Every EasyBill customer carries a number (EasyBill makes one up for a customer made by
			// hand), so one made before the sync cannot be told from one of another source id: with
			// the name and the e-mail both the same it is taken for this customer, and renumbered.
			expect(again.json[0]).toMatchObject({ action: 'updated', ledgerId: first.json[0].ledgerId });
			expect(customers(ledger)).toEqual([['cus_new', 'Ada Shop']]);
		}
	});
});
