/**
 * Xero Create Invoice across workers: two executions that both looked a source id up, found
 * nothing and created it (batches of another shape carry another Idempotency-Key, so Xero does
 * not join them) settle on the invoice created first. Execution B sends the source id with
 * another invoice; its create is held (a slow Xero call) after its lookup found nothing, while
 * execution A sends it alone, looks up, creates and re-checks: A saw only its own invoice and
 * keeps `created`; B's copy comes later in the auto-numbered sequence, so B removes it and
 * reports A's. The races themselves, five at once, are in concurrency.node.test.ts.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { invoiceParams } from './invoiceFixtures';
import { useNodeEnv, type NodeRun } from './nodeEnv';

const env = useNodeEnv();

const params = (status: 'final' | 'draft', unitPrice = 10000): INodeParameters =>
	invoiceParams({
		contactSourceId: 'cus_first',
		contactName: 'First Come Ltd',
		dueDate: '2026-11-30',
		linesJson: JSON.stringify([
			{ description: 'Plan', quantity: 1, unitPrice, taxType: 'OUTPUT2', accountCode: '200' },
		]),
		status,
	});

const invoiceCreates = () =>
	env.sandbox.log.entries({ service: 'xero', method: 'PUT', path: /\/Invoices$/ });

/**
 * B ([in_first, in_b_own]) starts first; its invoice create (the first PUT /Invoices) is held
 * before Xero handles it, and A ([in_first]) runs whole in the meantime.
 */
async function bCreatesAfterA(b: INodeParameters, a: INodeParameters): Promise<{ a: NodeRun; b: NodeRun }> {
	env.sandbox.faults.add({ service: 'xero', method: 'PUT', path: /\/Invoices$/, nth: 1, kind: 'slow', delayMs: 6000 });
	const bRun = env.run('xero', [{ id: 'in_first' }, { id: 'in_b_own' }], b, {
		continueOnFail: true,
		credentialId: 'xero-worker-b',
	});
	while (invoiceCreates().length === 0) await new Promise((r) => setTimeout(r, 20));
	const aRun = await env.run('xero', [{ id: 'in_first' }], a, { continueOnFail: true, credentialId: 'xero-worker-a' });
	const bDone = await bRun;
	// A ran inside B's held create: B's create is the first, A's the second.
	expect(invoiceCreates()).toHaveLength(2);
	return { a: aRun, b: bDone };
}

const stored = () =>
	env.sandbox.xero
		.invoices(env.tenantId)
		.filter((i) => i.Reference === 'in_first')
		.map((i) => ({ id: i.InvoiceID as string, number: i.InvoiceNumber as string, status: i.Status as string }));

describe('Xero Create Invoice: two workers create one source id, the invoice created first is kept', () => {
	it.each([
		['final', 'AUTHORISED', 'VOIDED'],
		['draft', 'DRAFT', 'DELETED'],
	] as const)(
		'%s: the execution that created first reports created, the later one unchanged with its invoice, and its own copy is %s→%s',
		async (status, kept, removed) => {
			const { a, b } = await bCreatesAfterA(params(status), params(status));
			expect(a.error).toBeUndefined();
			expect(b.error).toBeUndefined();
			const [first] = a.json;
			const [later, own] = b.json;
			expect(own.action).toBe('created');
			expect(first.error).toBeUndefined();
			expect(later.error).toBeUndefined();
			expect(first.action).toBe('created');
			expect(later.action).toBe('unchanged');
			expect(later.ledgerId).toBe(first.ledgerId);
			expect((later.record as IDataObject).number).toBe((first.record as IDataObject).number);

			const invoices = stored();
			expect(invoices).toHaveLength(2);
			const winner = invoices.find((i) => i.id === first.ledgerId);
			const loser = invoices.find((i) => i.id !== first.ledgerId);
			expect(winner?.status).toBe(kept);
			expect(loser?.status).toBe(removed);
			// The kept one is the one numbered first: the sequence is the creation order.
			const n = (inv?: { number: string }) => Number(inv?.number.replace(/\D/g, ''));
			expect(n(winner)).toBeLessThan(n(loser));
		},
	);

	it('the later execution asked for other values: its copy is voided and the item is a conflict naming the field', async () => {
		const { a, b } = await bCreatesAfterA(params('final', 20000), params('final'));
		expect(a.json[0].action).toBe('created');
		const later = b.json[0];
		const error = later.error as IDataObject;
		expect(String(error.message)).toMatch(/another execution created invoice INV-\d+ for this source id at the same moment/);
		expect(String(error.message)).toMatch(/Unit Price: ledger 100\.00, input 200\.00/);
		const statuses = stored().map((i) => i.status).sort();
		expect(statuses).toEqual(['AUTHORISED', 'VOIDED']);
		const kept = stored().find((i) => i.status === 'AUTHORISED');
		expect(kept?.id).toBe(a.json[0].ledgerId);
	});

	it('a re-check that cannot be read leaves what was created as reported: created, nothing voided', async () => {
		// The first GET /Invoices is the lookup before the create; every re-check after it fails.
		env.sandbox.faults.add({ service: 'xero', method: 'GET', path: /\/Invoices$/, nth: 2, times: 1000, kind: '503' });
		const run = await env.run('xero', [{ id: 'in_first' }, { id: 'in_second' }], params('final'));
		expect(run.error).toBeUndefined();
		expect(run.json.map((j) => j.action)).toEqual(['created', 'created']);
		expect(
			env.sandbox.log.entries({ service: 'xero', method: 'GET', path: /\/Invoices$/ }).length,
		).toBeGreaterThan(1);
		const statuses = env.sandbox.xero.invoices(env.tenantId).map((i) => i.Status);
		expect(statuses).toEqual(['AUTHORISED', 'AUTHORISED']);
	});
});
