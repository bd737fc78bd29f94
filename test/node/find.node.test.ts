/**
 * Find Contacts and Find Invoices through the node (n8n-core workflows) against the sandbox, the
 * same parameters on both ledgers: each filter (status, contact, issue-date range, updated since,
 * search, e-mail, source ID), Return All / Limit, one output item per record paired with the
 * item that asked, and a filter the ledger cannot answer refused by item.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { invoiceItem, invoiceParams } from './invoiceFixtures';
import { fromItem, useNodeEnv, type LedgerName } from './nodeEnv';

const env = useNodeEnv({ easybillPerMinute: 60, scope: 'file' });

let counter = 0;
const uid = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++counter}`;
const bySource = (value: string) => ({ __rl: true, mode: 'sourceId', value });

async function createInvoices(ledger: LedgerName, customer: string, dates: string[], extra: INodeParameters = {}) {
	const items = dates.map((date) => ({ ...invoiceItem(ledger, uid('in'), customer), date, email: `${customer}@example.com` }));
	const run = await env.run(ledger, items, invoiceParams({ issueDate: fromItem('date'), dueDate: '2026-12-31', contactFields: { emails: fromItem('email') }, ...extra } as INodeParameters));
	expect({ error: run.error?.message, actions: run.json.map((j) => j.action) }).toEqual({ error: undefined, actions: items.map(() => 'created') });
	return run.json.map((j) => ({ ledgerId: j.ledgerId as string, record: j.record as IDataObject }));
}

const findInvoices = (filters: IDataObject, paging: INodeParameters = { returnAll: true }): INodeParameters => ({ operation: 'findInvoices', ...paging, filters: filters as INodeParameters });
const ids = (json: IDataObject[]) => json.map((j) => j.ledgerId).sort();

describe.each<LedgerName>(['xero', 'easybill'])('Find Invoices and Find Contacts on %s', (ledger) => {
	it('Find Invoices filters by contact, status and issue-date range, one item per invoice', async () => {
		const customer = uid('cus');
		const [nov1, nov10, dec1] = await createInvoices(ledger, customer, ['2026-11-01', '2026-11-10', '2026-12-01']);
		const [draft] = await createInvoices(ledger, customer, ['2026-11-05'], { status: 'draft' });
		await createInvoices(ledger, uid('cus'), ['2026-11-10']); // another contact's invoice
		const pay = { id: uid('ch'), invoice: nov10.record.sourceId, amount: nov10.record.totalMinor };
		const paid = await env.run(ledger, [pay], {
			operation: 'recordPayment', amountUnit: 'minor', invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') },
			sourceId: fromItem('id'), amount: fromItem('amount'), currency: 'EUR', date: '2026-11-12', ...(ledger === 'xero' ? { bankAccount: '090' } : {}),
		});
		expect(paid.json[0].action).toBe('created');

		const all = await env.run(ledger, [{}], findInvoices({ contact: bySource(customer) }));
		expect(ids(all.json)).toEqual(ids([nov1, nov10, dec1, draft]));
		expect(all.json[0]).toMatchObject({ ledger, record: { contact: { ledgerId: nov1.record.contact && (nov1.record.contact as IDataObject).ledgerId } } });
		expect(all.output.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);

		const open = await env.run(ledger, [{}], findInvoices({ contact: bySource(customer), states: ['open'] }));
		expect(ids(open.json)).toEqual(ids([nov1, dec1]));
		const paidOnly = await env.run(ledger, [{}], findInvoices({ contact: bySource(customer), states: ['paid'] }));
		expect(paidOnly.json).toEqual([expect.objectContaining({ ledgerId: nov10.ledgerId, record: expect.objectContaining({ state: 'paid', amountDueMinor: 0 }) })]);
		const drafts = await env.run(ledger, [{}], findInvoices({ contact: bySource(customer), states: ['draft'] }));
		expect(ids(drafts.json)).toEqual([draft.ledgerId]);

		const [voided] = await createInvoices(ledger, customer, ['2026-11-20']);
		const voiding = await env.run(ledger, [{}], { operation: 'voidInvoice', invoice: { __rl: true, mode: 'id', value: voided.ledgerId } });
		expect(voiding.json[0].action).toBe('updated');
		const voids = await env.run(ledger, [{}], findInvoices({ contact: bySource(customer), states: ['void', 'draft'] }));
		expect(ids(voids.json)).toEqual(ids([voided, draft]));

		const november = await env.run(ledger, [{}], findInvoices({ contact: bySource(customer), issuedFrom: '2026-11-02', issuedTo: '2026-11-30T00:00:00' }));
		expect(ids(november.json)).toEqual(ids([nov10, draft, voided]));
	});

	it('Limit returns at most that many (one call on Xero), Return All every page; each item gets its own answer', async () => {
		const customer = uid('cus');
		const other = uid('cus');
		const mine = await createInvoices(ledger, customer, ['2026-11-01', '2026-11-02', '2026-11-03']);
		const theirs = await createInvoices(ledger, other, ['2026-11-04']);
		env.sandbox.log.clear();
		const limited = await env.run(ledger, [{ c: customer }, { c: other }], { operation: 'findInvoices', returnAll: false, limit: 2, filters: { contact: bySource(fromItem('c')) } });
		expect(limited.json).toHaveLength(3);
		expect(limited.output.map((o) => (o.pairedItem as { item: number }).item)).toEqual([0, 0, 1]);
		expect(limited.json[2].ledgerId).toBe(theirs[0].ledgerId);
		for (const j of limited.json.slice(0, 2)) expect(ids(mine)).toContain(j.ledgerId);
		const listCalls = env.sandbox.log.entries({ method: 'GET', path: ledger === 'xero' ? /\/Invoices$/ : /\/documents$/ });
		expect(listCalls).toHaveLength(2); // one page per item, sized to the limit
		const all = await env.run(ledger, [{}], findInvoices({ contact: bySource(customer) }));
		expect(ids(all.json)).toEqual(ids(mine));
	});

	it('Return All for many contacts is one list call, split back by contact', async () => {
		const customers = [uid('cus'), uid('cus'), uid('cus')];
		const made = [];
		for (const customer of customers) made.push(await createInvoices(ledger, customer, customer === customers[1] ? ['2026-11-01', '2026-11-02'] : ['2026-11-03']));
		env.sandbox.log.clear();
		const run = await env.run(ledger, customers.map((c) => ({ c })), { operation: 'findInvoices', returnAll: true, filters: { contact: bySource(fromItem('c')) } });
		const byItem = [0, 1, 2].map((item) => ids(run.json.filter((_j, i) => (run.output[i].pairedItem as { item: number }).item === item)));
		expect(byItem).toEqual(made.map(ids));
		const calls = (path: RegExp) => env.sandbox.log.entries({ method: 'GET', path }).length;
		expect(ledger === 'xero' ? calls(/\/Invoices$/) : calls(/\/documents$/)).toBe(1);
		expect(ledger === 'xero' ? calls(/\/Contacts$/) : calls(/\/customers$/)).toBe(1);
	});

	it('Updated Since lists only invoices changed at or after that time', async () => {
		const customer = uid('cus');
		const [before] = await createInvoices(ledger, customer, ['2026-11-01']);
		env.sandbox.clock.advance(120_000);
		const since = new Date(env.sandbox.clock.now()).toISOString();
		env.sandbox.clock.advance(2_000);
		const [after] = await createInvoices(ledger, customer, ['2026-11-01']);
		const run = await env.run(ledger, [{}], findInvoices({ contact: bySource(customer), updatedSince: since }));
		expect(ids(run.json)).toEqual([after.ledgerId]);
		expect(before.ledgerId).not.toBe(after.ledgerId);
	});

	it('Find Contacts by search text, e-mail and source ID returns the Upsert Contact record', async () => {
		const token = uid('Zebra');
		const people = [1, 2, 3].map((n) => ({ id: uid('cus'), name: `${token} Ltd ${n}`, email: `${token.toLowerCase()}.${n}@example.com` }));
		const upsert = await env.run(ledger, people, { operation: 'upsertContact', sourceId: fromItem('id'), name: fromItem('name'), contactFields: { emails: fromItem('email') } });
		expect(upsert.json.map((j) => j.action)).toEqual(['created', 'created', 'created']);
		const search = await env.run(ledger, [{}], { operation: 'findContacts', returnAll: true, filters: { search: token.toUpperCase() } });
		expect(ids(search.json)).toEqual(ids(upsert.json));
		expect(search.json.find((j) => j.ledgerId === upsert.json[0].ledgerId)?.record).toEqual(upsert.json[0].record);
		const limited = await env.run(ledger, [{}], { operation: 'findContacts', returnAll: false, limit: 2, filters: { search: token } });
		expect(limited.json).toHaveLength(2);
		const byEmail = await env.run(ledger, [{}], { operation: 'findContacts', returnAll: true, filters: { email: people[1].email.toUpperCase() } });
		expect(ids(byEmail.json)).toEqual([upsert.json[1].ledgerId]);
		const bySourceId = await env.run(ledger, [{}], { operation: 'findContacts', returnAll: true, filters: { sourceId: people[2].id } });
		expect(bySourceId.json).toEqual([expect.objectContaining({ ledger, ledgerId: upsert.json[2].ledgerId, record: expect.objectContaining({ sourceId: people[2].id }) })]);
		const none = await env.run(ledger, [{}], { operation: 'findContacts', returnAll: true, filters: { search: `${token}-nobody` } });
		expect(none.json).toEqual([]);
	});

	it('Find Contacts with Updated Since lists only contacts changed since', async () => {
		const token = uid('Okapi');
		const first = await env.run(ledger, [{ id: uid('cus'), name: `${token} A` }], { operation: 'upsertContact', sourceId: fromItem('id'), name: fromItem('name') });
		env.sandbox.clock.advance(120_000);
		const since = new Date(env.sandbox.clock.now()).toISOString();
		env.sandbox.clock.advance(2_000);
		const second = await env.run(ledger, [{ id: uid('cus'), name: `${token} B` }], { operation: 'upsertContact', sourceId: fromItem('id'), name: fromItem('name') });
		const run = await env.run(ledger, [{}], { operation: 'findContacts', returnAll: true, filters: { search: token, updatedSince: since } });
		expect(ids(run.json)).toEqual([second.json[0].ledgerId]);
		expect(first.json[0].ledgerId).not.toBe(second.json[0].ledgerId);
	});

	it('a contact that does not exist fails its item only', async () => {
		const customer = uid('cus');
		const [inv] = await createInvoices(ledger, customer, ['2026-11-01']);
		const run = await env.run(ledger, [{ c: 'cus_nobody_here' }, { c: customer }], { operation: 'findInvoices', returnAll: true, filters: { contact: bySource(fromItem('c')) } }, { continueOnFail: true });
		expect(run.json[0]).toMatchObject({ action: 'failed', error: { kind: 'not_found' } });
		expect(run.json.slice(1).map((j) => j.ledgerId)).toEqual([inv.ledgerId]);
		expect(run.output.map((o) => (o.pairedItem as { item: number }).item)).toEqual([0, 1]);
	});
});

describe('what a ledger cannot filter is refused, not ignored', () => {
	it('EasyBill has no archived customers: Status Archived is refused before any call', async () => {
		env.sandbox.log.clear();
		const run = await env.run('easybill', [{}], { operation: 'findContacts', returnAll: true, filters: { status: 'archived' } }, { continueOnFail: true });
		expect(run.json[0]).toMatchObject({ action: 'failed', error: { kind: 'validation' } });
		expect(String((run.json[0].error as IDataObject).message)).toMatch(/no archived customers/);
		expect(env.sandbox.log.entries({ service: 'easybill', path: /\/customers$/ })).toEqual([]);
	});

	it('Xero lists archived contacts only when asked', async () => {
		const token = uid('Lynx');
		const made = await env.run('xero', [{ id: uid('cus'), name: `${token} Archived` }], { operation: 'upsertContact', sourceId: fromItem('id'), name: fromItem('name') });
		const id = made.json[0].ledgerId as string;
		env.sandbox.xero.editContact(env.tenantId, id, { ContactStatus: 'ARCHIVED' });
		const find = (status: string) => env.run('xero', [{}], { operation: 'findContacts', returnAll: true, filters: { search: token, status } });
		expect((await find('active')).json).toEqual([]);
		expect(ids((await find('archived')).json)).toEqual([id]);
		expect(ids((await find('any')).json)).toEqual([id]);
	});
});
