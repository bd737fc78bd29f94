/**
 * Xero refresh-token rotation under parallel executions in one n8n process (n8n-core 2.8 here, as
 * on n8n 2.8.x hosts, refreshes on a 401 with no lock of its own). Executions that meet an expired
 * access token at the same moment must all succeed, and only one of them refreshes: the others
 * wait for it and reuse the token it stored, so Xero's grace period is a safety net, not the plan.
 * The real-n8n proof on both hosts is test/e2e/tokenRotation.test.ts.
 */
import type { INodeParameters } from 'n8n-workflow';

import { useNodeEnv, type NodeEnv } from './nodeEnv';

const env = useNodeEnv({ latencyMs: 40, checkSpecs: false });

const contact = (id: string): INodeParameters => ({ operation: 'upsertContact', sourceId: id, name: `Refresh ${id}` });
// Different operations (different workflows sharing the credential): the package merges concurrent
// batches of one operation into one request, so only different ones send requests side by side.
const mixed = (round: string): INodeParameters[] => [
	contact(`cus_refresh_${round}`),
	{ operation: 'findContacts', returnAll: false, limit: 5 },
	{ operation: 'findInvoices', returnAll: false, limit: 5 },
	{ operation: 'getInvoice', invoice: { __rl: true, mode: 'sourceId', value: 'in_not_there' } },
];
const EXECUTIONS = mixed('').length;
const outcomeOf = (run: Awaited<ReturnType<NodeEnv['run']>>) =>
	run.error?.message ?? (run.json[0]?.error ? (run.json[0].error as { kind?: string }).kind : run.json[0]?.action ?? 'no item');
const refreshes = () => env.sandbox.xero.refreshAttempts().map((a) => a.outcome);

// Upsert creates; the finds answer (a record or none); the unknown invoice is not found.
const EXPECTED = ['created', expect.any(String), expect.any(String), 'not_found'];

describe('Xero token refresh under parallel executions', () => {
	it(`${EXECUTIONS} executions meeting an expired token at once: all succeed, one refresh`, async () => {
		env.sandbox.clock.advance(31 * 60_000);
		const runs = await Promise.all(mixed('1').map((p) => env.run('xero', [{}], p, { continueOnFail: true })));
		expect(runs.map(outcomeOf)).toEqual(EXPECTED);
		expect(refreshes()).toEqual(['rotated']);

		// Past the first token's grace period, the stored (rotated) one still works, again once.
		env.sandbox.clock.advance(31 * 60_000);
		const later = await Promise.all(mixed('2').map((p) => env.run('xero', [{}], p, { continueOnFail: true })));
		expect(later.map(outcomeOf)).toEqual(EXPECTED);
		expect(refreshes()).toEqual(['rotated', 'rotated']);
		expect(env.sandbox.xero.refreshAttempts().map((a) => a.generation)).toEqual([0, 1]);
	});

	it('a refused refresh (credential revoked) still fails every execution as "reconnect the credential"', async () => {
		env.sandbox.clock.advance(61 * 86_400_000); // the refresh token idled past Xero's 60 days
		const runs = await Promise.all(
			Array.from({ length: 3 }, (_, i) => env.run('xero', [{}], contact(`cus_refused_${i}`))),
		);
		for (const run of runs) expect(String(run.error?.message) + String(run.error?.description)).toMatch(/reconnect the (Xero )?credential/i);
		expect(refreshes().every((outcome) => outcome === 'refused')).toBe(true);
	});
});
