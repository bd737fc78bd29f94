/**
 * `npm run demo`: billing to books in a real n8n, against the local sandbox, with no accounts.
 *
 * Stripe-shaped events go through the shipped example workflows into Xero and EasyBill (both
 * emulated): customers upserted, multi-line invoices with VAT, payments, a credit note allocated to
 * an open invoice, and finally the Invoice Paid trigger firing when that invoice is paid in the
 * ledger. Prints what each ledger holds, the API calls it took and the time, then stops everything.
 *
 * `npm run demo -- --open` (or `npm start`) leaves n8n running with the package, the sandbox
 * credentials and the examples imported, and prints the editor URL. `--host <name>` picks an n8n
 * from scripts/e2e/hosts.json (default: the newest).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import { firstMissingPrerequisite, installToolsMissing } from './demo/prerequisites';
import {
	N8nInstance,
	REPO_ROOT,
	findInstalledHost,
	installPackageInto,
	loadHostSpecs,
	nodeOutput,
	packPackage,
	type CredentialJson,
	type HostSpec,
	type InstalledHost,
	type WorkflowJson,
} from './e2e/n8n-host';
import { CallbackReceiver } from './e2e/receiver';
import { sandboxCredentials } from './e2e/sandboxCredentials';
import { ukTenant } from './e2e/sandboxSeed';
import { waitUntil } from './e2e/waitUntil';
import { creditNoteCreatedEvent, invoicePaidEvent, type StripeLine } from './e2e/stripeEvents';
import {
	bindWorkflow,
	disableNodes,
	forLedger,
	loadExample,
	setParameters,
	webhookPath,
	withManualStart,
	type LedgerName,
} from './e2e/workflows';

const PAID_EXAMPLE = 'stripe-invoice-paid-to-books.json';
const CREDIT_EXAMPLE = 'stripe-credit-note-to-books.json';
const CALLBACK_EXAMPLE = 'invoice-paid-to-billing-callback.json';
const LEDGERS: LedgerName[] = ['xero', 'easybill'];
const LEDGER_LABEL: Record<LedgerName, string> = { xero: 'Xero', easybill: 'EasyBill' };

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (message: string) =>
	process.stdout.write(`[demo ${elapsed().padStart(7)}] ${message}\n`);

interface Options {
	open: boolean;
	hostName?: string;
}

function parseArgs(argv: string[]): Options {
	const hostIndex = argv.indexOf('--host');
	return {
		open: argv.includes('--open'),
		hostName: hostIndex >= 0 ? argv[hostIndex + 1] : undefined,
	};
}

/** The chosen (or newest) host, installed first when missing: a one-time wait of a few minutes. */
function ensureHost(hostName?: string): InstalledHost {
	const specs = loadHostSpecs();
	const spec: HostSpec | undefined = hostName
		? specs.find((candidate) => candidate.name === hostName)
		: ([...specs].reverse().find((candidate) => findInstalledHost(candidate)) ??
			specs[specs.length - 1]);
	if (!spec) throw new Error(`unknown host "${hostName}"; see scripts/e2e/hosts.json`);
	const installed = findInstalledHost(spec);
	if (installed) return installed;
	const cannotInstall = installToolsMissing(spec.node !== 'system');
	if (cannotInstall) throw new Error(cannotInstall);
	say(
		`n8n ${spec.n8n} is not installed yet: installing it once (about 5 minutes; cached afterwards)`,
	);
	const result = spawnSync('bash', [join(REPO_ROOT, 'scripts/e2e/install-hosts.sh'), spec.name], {
		stdio: 'inherit',
	});
	const host = result.status === 0 ? findInstalledHost(spec) : undefined;
	if (!host) {
		throw new Error(
			`could not install n8n ${spec.n8n} (see above). The demo needs a real n8n; the package's ` +
				'node-level tests (npm test) run without one.',
		);
	}
	return host;
}

/** Three customers' events: two paid invoices, one finalised but still open. */
function scenario(ledger: LedgerName, day: number) {
	const lines: StripeLine[][] = [
		[
			{ description: 'Pro plan, November', quantity: 1, unitAmount: 4900, taxPercent: 20 },
			{ description: 'Extra seats', quantity: 3, unitAmount: 1000, taxPercent: 20 },
		],
		[
			{ description: 'Team plan, November', quantity: 1, unitAmount: 19900, taxPercent: 20 },
			{ description: 'Onboarding workshop', quantity: 1, unitAmount: 45000, taxPercent: 20 },
			{ description: 'Support add-on', quantity: 1, unitAmount: 2500, taxPercent: 20 },
		],
		[{ description: 'Starter plan, November', quantity: 1, unitAmount: 1900, taxPercent: 20 }],
	];
	const customers = ['Acme GmbH', 'Globex Ltd', 'Initech AG'];
	const events = customers.map((customerName, index) =>
		invoicePaidEvent({
			suffix: `demo_${ledger}_${index + 1}`,
			customerName,
			customerEmail: `billing@${customerName.split(' ')[0].toLowerCase()}.example`,
			currency: 'EUR',
			lines: lines[index],
			created: day + index * 3600,
		}),
	);
	const credit = creditNoteCreatedEvent({
		suffix: `demo_${ledger}_3`,
		invoiceSuffix: `demo_${ledger}_3`,
		currency: 'EUR',
		total: 500,
		memo: 'Goodwill credit: 5.00 off for a slow start',
		created: day + 4 * 3600,
	});
	return { paid: events.slice(0, 2), open: events.slice(2), credit };
}

interface LedgerStory {
	ledger: LedgerName;
	openInvoiceId: string;
	openInvoiceNumber: string;
	callbackWorkflow: WorkflowJson;
}

async function runBooks(
	instance: N8nInstance,
	sandbox: Sandbox,
	credentials: CredentialJson[],
	ledger: LedgerName,
): Promise<Omit<LedgerStory, 'callbackWorkflow'>> {
	const tenantId = ukTenant(sandbox).tenantId;
	const day = Math.floor(sandbox.clock.now() / 1000) - 86_400;
	const events = scenario(ledger, day);
	// Named apart from the plain examples: in the editor (--open) these rerun the demo's data.
	const prepare = (file: string, items: Record<string, unknown>[], disabled: string[] = []) => {
		const workflow = disableNodes(
			withManualStart(
				forLedger(bindWorkflow(loadExample(file), credentials), ledger, credentials, tenantId),
				'Stripe event',
				items,
			),
			disabled,
		);
		const variant = disabled.length ? ', unpaid' : '';
		return { ...workflow, name: `Demo data (${LEDGER_LABEL[ledger]}${variant}): ${workflow.name}` };
	};
	const paid = prepare(PAID_EXAMPLE, events.paid);
	const open = prepare(PAID_EXAMPLE, events.open, ['Record Payment']);
	const credit = prepare(CREDIT_EXAMPLE, [events.credit]);
	await instance.importWorkflows([paid, open, credit]);

	const execute = async (workflow: WorkflowJson, what: string) => {
		const result = await instance.execute(workflow.id);
		if (!result.output)
			throw new Error(`${what} failed in n8n:\n${result.stdout}\n${result.stderr}`);
		return result.output;
	};
	const label = LEDGER_LABEL[ledger];
	say(`${label}: 2 Stripe invoice.paid events → Upsert Contact → Create Invoice → Record Payment`);
	await execute(paid, 'the paid-invoice workflow');
	say(`${label}: 1 invoice finalised but unpaid → Upsert Contact → Create Invoice`);
	const opened = await execute(open, 'the open-invoice workflow');
	const [openInvoice] = nodeOutput(opened, 'Create Invoice');
	say(`${label}: Stripe credit_note.created → Issue Credit Note, allocated to that invoice`);
	await execute(credit, 'the credit-note workflow');
	const record = openInvoice.record as { number?: string };
	return {
		ledger,
		openInvoiceId: String(openInvoice.ledgerId),
		openInvoiceNumber: record.number ?? '',
	};
}

function callbackWorkflow(
	sandbox: Sandbox,
	credentials: CredentialJson[],
	ledger: LedgerName,
	receiverUrl: string,
): WorkflowJson {
	const tenantId = ukTenant(sandbox).tenantId;
	const workflow = forLedger(
		bindWorkflow(loadExample(CALLBACK_EXAMPLE), credentials),
		ledger,
		credentials,
		tenantId,
	);
	return setParameters(workflow, {
		'Tell billing system': { url: `${receiverUrl}/paid/${ledger}` },
	});
}

function pad(cells: string[], widths: number[]): string {
	return cells
		.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index])))
		.join('  ');
}

function summary(sandbox: Sandbox, callbacks: Map<LedgerName, unknown>): string {
	const tenantId = ukTenant(sandbox).tenantId;
	const xeroInvoices = sandbox.xero.invoices(tenantId);
	const ebDocuments = sandbox.easybill.documents();
	const money = (value: number) => value.toFixed(2);
	const rows: string[][] = [
		['', 'Xero (Demo Company UK)', 'EasyBill'],
		[
			'contacts / customers',
			String(sandbox.xero.contacts(tenantId).length),
			String(sandbox.easybill.customers().length),
		],
		[
			'invoices (paid / open)',
			`${xeroInvoices.length} (${xeroInvoices.filter((i) => i.Status === 'PAID').length} / ${xeroInvoices.filter((i) => i.Status === 'AUTHORISED').length})`,
			(() => {
				const invoices = ebDocuments.filter((d) => d.type === 'INVOICE');
				return `${invoices.length} (${invoices.filter((d) => d.paid_at).length} / ${invoices.filter((d) => !d.paid_at).length})`;
			})(),
		],
		[
			'invoiced total EUR',
			money(xeroInvoices.reduce((sum, i) => sum + i.Total, 0)),
			money(
				ebDocuments.filter((d) => d.type === 'INVOICE').reduce((sum, d) => sum + d.amount, 0) / 100,
			),
		],
		[
			'payments',
			String(sandbox.xero.payments(tenantId).length),
			String(sandbox.easybill.payments().length),
		],
		[
			'credit notes',
			String(sandbox.xero.creditNotes(tenantId).length),
			String(ebDocuments.filter((d) => d.type === 'CREDIT').length),
		],
		[
			'Invoice Paid fired',
			callbacks.has('xero') ? 'yes' : 'no',
			callbacks.has('easybill') ? 'yes' : 'no',
		],
		[
			'API calls',
			`${sandbox.log.entries({ service: 'xero' }).length} (+${sandbox.log.entries({ service: 'xero-identity' }).length} token)`,
			String(sandbox.log.entries({ service: 'easybill' }).length),
		],
	];
	const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
	const lines = rows.map((row) => pad(row, widths));
	lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
	return lines.join('\n');
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	// Everything that can be missing is checked before minutes go into installing or packing.
	const missing = firstMissingPrerequisite();
	if (missing) throw new Error(missing);
	const host = ensureHost(options.hostName);
	say(
		`using real n8n ${host.spec.n8n} (${host.spec.node === 'system' ? `Node ${process.version}` : `Node ${host.spec.node}`})`,
	);
	// Started before packing: it loads the vendor specs, so a broken copy fails here, in seconds.
	const sandbox = await startSandbox();
	const receiver = await new CallbackReceiver().start();
	say(`sandbox up: Xero ${sandbox.urls.xero}, EasyBill ${sandbox.urls.easybill}`);

	const work = mkdtempSync(join(tmpdir(), 'accounting-sync-demo-'));
	const instance = new N8nInstance(host, join(work, 'n8n'), join(work, 'logs'));
	const stories: LedgerStory[] = [];
	const callbacks = new Map<LedgerName, unknown>();
	let keepRunning = false;
	let succeeded = false;
	try {
		say('building and packing the package (npm pack)');
		const tarball = await packPackage(join(work, 'pack'));
		say('installing it into a fresh n8n user folder, as a community package');
		await installPackageInto(instance.nodesFolder, tarball);
		const credentials = sandboxCredentials(sandbox);
		await instance.importCredentials(credentials);

		for (const ledger of LEDGERS) {
			const story = await runBooks(instance, sandbox, credentials, ledger);
			stories.push({
				...story,
				callbackWorkflow: callbackWorkflow(sandbox, credentials, ledger, receiver.url),
			});
		}
		const triggerWorkflows = stories.map((story) => story.callbackWorkflow);
		await instance.importWorkflows(triggerWorkflows);
		for (const workflow of triggerWorkflows) await instance.publishWorkflow(workflow.id);
		// Xero queued events for every write above; they belong to the time before the trigger was
		// set up, so they go to an endpoint of their own instead of to n8n.
		await sandbox.xero.deliverWebhook(`${receiver.url}/before-n8n`);
		say('starting n8n with the Invoice Paid → billing-system workflows active');
		const server = await instance.start();

		for (const story of stories) {
			const label = LEDGER_LABEL[story.ledger];
			const url = `${server.baseUrl}/webhook/${webhookPath(story.callbackWorkflow, 'Invoice Paid')}`;
			say(
				`${label}: the customer pays the rest of ${story.openInvoiceNumber || story.openInvoiceId}, recorded in the ledger`,
			);
			if (story.ledger === 'xero') {
				await server.postWebhook(webhookPath(story.callbackWorkflow, 'Invoice Paid'), '{}');
				sandbox.xero.payInvoice(ukTenant(sandbox).tenantId, story.openInvoiceId);
				await sandbox.xero.deliverWebhook(url);
			} else {
				await waitUntil(
					() => sandbox.easybill.webhooks().some((hook) => String(hook.url).startsWith(url)),
					'n8n to register its EasyBill webhook',
				);
				await sandbox.easybill.payDocument(Number(story.openInvoiceId));
			}
			const calls = await receiver.waitFor(`/paid/${story.ledger}`, 1, 60_000);
			const call =
				calls.find((c) => (c.body as { invoiceId?: string }).invoiceId === story.openInvoiceId) ??
				calls[0];
			callbacks.set(story.ledger, call.body);
			say(`${label}: Invoice Paid fired; the billing system got ${JSON.stringify(call.body)}`);
		}

		succeeded = true;
		process.stdout.write(`\n${summary(sandbox, callbacks)}\n\n`);
		say(`done: everything above ran in real n8n ${host.spec.n8n} against the local sandbox`);

		if (options.open) {
			const examples = [PAID_EXAMPLE, CREDIT_EXAMPLE].map((file) =>
				forLedger(
					bindWorkflow(loadExample(file), credentials),
					'xero',
					credentials,
					ukTenant(sandbox).tenantId,
				),
			);
			await instance.stop();
			await instance.importWorkflows(examples);
			const reopened = await instance.start();
			await reopened.login();
			keepRunning = true;
			process.stdout.write(
				[
					'',
					`n8n editor:  ${reopened.baseUrl}   (log in as e2e@example.com / E2e-password-1)`,
					`Sandbox:     Xero ${sandbox.urls.xero}, EasyBill ${sandbox.urls.easybill} (credentials imported)`,
					`Examples:    imported for Xero; set a node's Ledger (its first field) to EasyBill and pick the EasyBill credential to try the other side`,
					`User folder: ${instance.userFolder}`,
					'Press Ctrl-C to stop n8n and the sandbox.',
					'',
				].join('\n'),
			);
			await new Promise<void>((resolve) => {
				process.once('SIGINT', resolve);
				process.once('SIGTERM', resolve);
			});
			keepRunning = false;
		}
	} finally {
		if (!keepRunning) {
			await instance.stop();
			await receiver.stop();
			await sandbox.stop();
			say('stopped n8n and the sandbox');
		}
		// Kept after a failure, and named: the n8n logs in it say what went wrong.
		if (succeeded) rmSync(work, { recursive: true, force: true });
		else say(`kept the demo's temp folder for its n8n logs: ${work} (delete it when done)`);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(
		`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	process.exit(1);
});
