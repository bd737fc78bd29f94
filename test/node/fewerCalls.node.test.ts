/**
 * Fewer Xero lookups: a big batch pages the organisation's whole contact and invoice lists at
 * pageSize=1000 (after one summaryOnly call that says how big they are) instead of dozens of
 * chunked `where` calls, and still finds exactly the records the chunks would have found.
 */
import { fromItem, useNodeEnv } from './nodeEnv';
import { invoiceItem, invoiceParams } from './invoiceFixtures';

const env = useNodeEnv();

const gets = (path: string) =>
	env.sandbox.log.entries({ service: 'xero' }).filter((e) => e.method === 'GET' && e.path.endsWith(path));

describe('whole-list lookups for big batches', () => {
	it('Xero: 150 invoices for 150 contacts (10 of them already there) cost 2 contact and 2 invoice lookups, 1 re-check, and no contact twice', async () => {
		const existing = Array.from({ length: 10 }, (_, n) => ({ id: `cus_w${n}`, name: `Customer cus_w${n}` }));
		const seeded = await env.run('xero', existing, {
			operation: 'upsertContact',
			sourceId: fromItem('id'),
			name: fromItem('name'),
		});
		expect(seeded.json.map((j) => j.action)).toEqual(existing.map(() => 'created'));
		env.sandbox.log.clear();

		const items = Array.from({ length: 150 }, (_, n) => invoiceItem('xero', `in_w${n}`, `cus_w${n}`));
		const run = await env.run('xero', items, invoiceParams());
		expect(run.error).toBeUndefined();
		expect(run.json.filter((j) => j.action === 'created')).toHaveLength(150);

		const contactLookups = gets('/Contacts');
		expect(contactLookups).toHaveLength(2);
		expect(contactLookups[0].query).toMatch(/summaryOnly=true/);
		expect(contactLookups[1].query).toMatch(/pageSize=1000/);
		// The lookup (its size, then the whole list) and the re-check after the creates (a concurrent
		// create of the same source ids, core/xero/createRace.ts): the whole list again, its size
		// known from the lookup plus the 150 created, so no second size call.
		const invoiceLookups = gets('/Invoices');
		expect(invoiceLookups.map((e) => /summaryOnly=true/.test(e.query))).toEqual([true, false, false]);
		expect(invoiceLookups[2].query).toMatch(/pageSize=1000/);
		const numbers = env.sandbox.xero
			.contacts(env.tenantId)
			.map((c) => c.ContactNumber)
			.filter((n) => String(n).startsWith('cus_w'));
		expect(numbers).toHaveLength(150);
		expect(new Set(numbers).size).toBe(150);
		// The ten that existed were found, not created again: two PUTs of 50 hold the other 140.
		const creates = env.sandbox.log
			.entries({ service: 'xero', path: /\/Contacts$/ })
			.filter((e) => e.method === 'PUT');
		expect(creates.reduce((n, e) => n + (e.elementCount ?? 0), 0)).toBe(140);
	});

	it('Xero: a re-run of a big batch finds every invoice from the paged list and writes nothing', async () => {
		const items = Array.from({ length: 150 }, (_, n) => invoiceItem('xero', `in_r${n}`, `cus_r${n}`));
		await env.run('xero', items, invoiceParams());
		env.sandbox.log.clear();
		const rerun = await env.run('xero', items, invoiceParams());
		expect(rerun.json.map((j) => j.action)).toEqual(items.map(() => 'unchanged'));
		const calls = env.sandbox.log.entries({ service: 'xero' });
		expect(calls.filter((e) => e.method !== 'GET')).toEqual([]);
		expect(gets('/Invoices')).toHaveLength(2);
	});
});
