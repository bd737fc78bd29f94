/**
 * EasyBill Create Invoice re-checks its new drafts for a concurrent execution's create of the same
 * source id (see test/node/concurrency.node.test.ts for the races themselves) in one list call per
 * chunk of new drafts, not one per invoice; a re-check that fails finalises nothing.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { RACE_CHECK_CHUNK } from '../../core/easybill/operations/createInvoices';
import { fromItem, useNodeEnv } from './nodeEnv';

const env = useNodeEnv({ easybillPerMinute: 60 });

const params: INodeParameters = {
	operation: 'createInvoice',
	amountUnit: 'minor',
	sourceId: fromItem('id'),
	contactBy: 'details',
	contactSourceId: 'cus_rc',
	contactName: 'Recheck Ltd',
	issueDate: '2026-11-02',
	dueDate: '2026-11-30',
	currency: 'EUR',
	taxMode: 'exclusive',
	lineInputMode: 'json',
	linesJson: JSON.stringify([{ description: 'Plan', quantity: 1, unitPrice: 10000, taxPercent: 19 }]),
	status: 'final',
};

const items = (n: number): IDataObject[] => Array.from({ length: n }, (_, i) => ({ id: `in_rc${i}` }));

const documentLists = () =>
	env.sandbox.log
		.entries({ service: 'easybill', method: 'GET', path: /\/documents$/ })
		.filter((e) => e.status === 200);

describe('EasyBill Create Invoice re-checks new drafts per chunk', () => {
	it('new invoices cost one lookup plus one re-check list per chunk, not one per invoice', async () => {
		const n = RACE_CHECK_CHUNK + 10;
		const run = await env.run('easybill', items(n), params);
		expect(run.error).toBeUndefined();
		expect(run.json.map((j) => j.action)).toEqual(Array(n).fill('created'));
		expect(documentLists()).toHaveLength(1 + Math.ceil(n / RACE_CHECK_CHUNK));
		const docs = env.sandbox.easybill.documents();
		expect(docs).toHaveLength(n);
		expect(docs.every((d) => !d.is_draft)).toBe(true);
	});

	it('a re-check list that fails finalises nothing; the items say so and a re-run finalises each once', async () => {
		// The first GET /documents is the lookup before any write; every re-check after it fails.
		env.sandbox.faults.add({
			service: 'easybill',
			method: 'GET',
			path: /\/documents$/,
			nth: 2,
			times: 1000,
			kind: '503',
		});
		const first = await env.run('easybill', items(3), params, { continueOnFail: true });
		expect(first.error).toBeUndefined();
		expect(first.json.map((j) => j.action)).toEqual(['failed', 'failed', 'failed']);
		for (const out of first.json) {
			expect(String((out.error as IDataObject).message)).toMatch(
				/created as a draft but checking it for a concurrent create failed, so it was not finalised \(running again finalises it\)/,
			);
		}
		expect(env.sandbox.easybill.documents().map((d) => d.is_draft)).toEqual([true, true, true]);

		env.sandbox.faults.clear();
		const again = await env.run('easybill', items(3), params);
		expect(again.error).toBeUndefined();
		expect(again.json.map((j) => j.action)).toEqual(['updated', 'updated', 'updated']);
		const docs = env.sandbox.easybill.documents();
		expect(docs.map((d) => d.external_id)).toEqual(['in_rc0', 'in_rc1', 'in_rc2']);
		expect(docs.every((d) => !d.is_draft)).toBe(true);
	});
});
