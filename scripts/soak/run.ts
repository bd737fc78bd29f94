import './preferTs';
/**
 * `npm run soak`: a month of Stripe traffic through the example workflows on Xero and EasyBill,
 * under faults, then reconciled to the cent. Options: --seed N, --customers N, --invoices N,
 * --ledger xero|easybill|both, --concurrency N, --time-scale N (emulated ms per real ms, default
 * 600). Exits 1 unless both ledgers reconcile with 0 duplicates, 0 missing, 0 wrong.
 */
import { generateMonth } from './generator';
import { figuresOf, formatFigures } from './report';
import { runSoak } from './runner';
import type { LedgerName } from './workflows';

function option(name: string, fallback: string): string {
	const at = process.argv.indexOf(`--${name}`);
	return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

async function main(): Promise<void> {
	const seed = Number(option('seed', '2026'));
	const customers = Number(option('customers', '300'));
	const invoices = Number(option('invoices', '1000'));
	const which = option('ledger', 'both');
	const ledgers: LedgerName[] = which === 'both' ? ['xero', 'easybill'] : [which as LedgerName];
	const events = generateMonth({ seed, customers, invoices });
	const types = new Map<string, number>();
	for (const e of events) types.set(e.type, (types.get(e.type) ?? 0) + 1);
	console.log(`soak seed ${seed}: ${customers} customers, ${invoices} invoices, ${events.length} events`);
	console.log(`  ${[...types].map(([t, n]) => `${t} ${n}`).join(', ')}`);
	let clean = true;
	for (const ledger of ledgers) {
		const run = await runSoak({
			ledger,
			events,
			seed,
			concurrency: Number(option('concurrency', '5')),
			...(option('time-scale', '') ? { timeScale: Number(option('time-scale', '')) } : {}),
			onExecution: (done, planned) => {
				if (done % 100 === 0) process.stderr.write(`  ${ledger}: ${done}/${planned} executions\n`);
			},
		});
		const figures = figuresOf(run, events);
		await run.env.stop();
		console.log(formatFigures(figures));
		const r = figures.reconciliation;
		if (r.duplicates || r.missing || r.wrong || r.unexpected) clean = false;
		if (figures.triggers.some((t) => t.missing.length || t.duplicates.length || t.unexpected.length)) clean = false;
	}
	process.exitCode = clean ? 0 : 1;
}

main()
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	})
	// n8n-core's HTTP agents keep sockets alive; the run is over.
	.finally(() => process.exit());
