/**
 * Secrets never leave the credential: a soak seed on both ledgers runs with recognisable fake
 * secrets (Xero client secret, every access and refresh token issued, the webhook key, a fake
 * EasyBill key) under faults, token expiry and refused requests, and everything the run captured is
 * scanned for them: each execution's output and error, every n8n log line, the sandbox's request
 * log (paths and queries) and the printed figures. One hit fails CI.
 */
import { generateMonth } from '../../scripts/soak/generator';
import { capturedLogLines } from '../../scripts/soak/capture';
import { figuresOf, formatFigures } from '../../scripts/soak/report';
import { runSoak, type SoakRun } from '../../scripts/soak/runner';
import type { LedgerName } from '../../scripts/soak/workflows';

jest.setTimeout(120_000);

const FAKE_EASYBILL_KEY = 'FAKE-EASYBILL-KEY-do-not-log-7f3a9c';

function secretsOf(run: SoakRun): string[] {
	const { sandbox, credentialsHelper } = run.env;
	const tokens = credentialsHelper.events.flatMap((e) => {
		const data = (e.data.oauthTokenData ?? {}) as Record<string, unknown>;
		return [data.access_token, data.refresh_token];
	});
	const stored = (credentialsHelper.get('xeroAccountingSyncOAuth2Api')?.oauthTokenData ?? {}) as Record<string, unknown>;
	// Each once: the stored pair is also the last one issued.
	const all = [sandbox.xero.clientSecret, sandbox.xero.webhookKey, FAKE_EASYBILL_KEY, stored.access_token, stored.refresh_token, ...tokens];
	return [...new Set(all)].filter((s): s is string => typeof s === 'string' && s.length >= 8);
}

function capturedText(run: SoakRun, report: string): string[] {
	return [
		...run.executions.map((e) => JSON.stringify({ error: e.error, outputs: e.outputs })),
		...capturedLogLines,
		...run.requests.map((r) => `${r.method} ${r.path}?${r.query}`),
		report,
	];
}

it.each<LedgerName>(['xero', 'easybill'])('no secret in any output, error, log line or request log (%s)', async (ledger) => {
	const events = generateMonth({ seed: 21, customers: 5, invoices: 10 });
	// One invoice in a currency that does not exist: its executions are refused, so there is always
	// an error to scan (the random faults alone are ridden out by the retries on a quiet machine).
	const refused = events.find((e) => e.type.startsWith('invoice.') && e.data.object.object === 'invoice');
	if (!refused) throw new Error('the seed has no invoice event');
	refused.data.object.currency = 'zzz';
	capturedLogLines.length = 0;
	const run = await runSoak({ ledger, events, seed: 21, faultRate: 0.2, easybillApiKey: FAKE_EASYBILL_KEY });
	try {
		// Make sure there is something to scan: the run refreshed tokens, failed and logged.
		run.env.sandbox.clock.advance(31 * 60_000);
		const report = formatFigures(figuresOf(run, events));
		const secrets = secretsOf(run);
		expect(secrets.length).toBeGreaterThanOrEqual(3);
		expect(run.executions.some((e) => e.event.id === refused.id && e.error)).toBe(true);
		const scan = (texts: string[]) =>
			texts.flatMap((text, index) =>
				secrets.filter((secret) => text.includes(secret)).map((secret) => `${index}: …${secret.slice(-6)}`),
			);
		// The scanner finds a planted secret (so an empty result means something).
		expect(scan([`Authorization: Bearer ${secrets[secrets.length - 1]}`])).toHaveLength(1);
		expect(capturedLogLines.length).toBeGreaterThan(0);
		expect(scan(capturedText(run, report))).toEqual([]);
	} finally {
		await run.env.stop();
	}
});
