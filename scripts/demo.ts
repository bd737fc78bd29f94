/**
 * `npm run demo`: billing to books in a real n8n, against the local sandbox, with no accounts.
 *
 * Stripe-shaped events go through the shipped example workflows into Xero and EasyBill (both
 * emulated): customers upserted, multi-line invoices with VAT, payments, a credit note allocated to
 * an open invoice, and finally the Invoice Paid trigger firing when that invoice is paid in the
 * ledger. Prints what each ledger holds in money, the API calls it took and the time, then stops.
 *
 * `npm start` (`--open`) does the same in a kept n8n user folder (.n8n-start/<host>, reused next
 * time; `--fresh` starts it over) and leaves n8n running with the package, the sandbox credentials
 * and the examples imported. `--host <name>` picks an n8n from scripts/e2e/hosts.json (default: the
 * newest installed, else the newest).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import { ensureHost } from './demo/hostInstall';
import { firstMissingPrerequisite } from './demo/prerequisites';
import { duration, easyBillFigures, money, summaryText, xeroFigures } from './demo/summary';
import { keptUserFolder, stableId } from './demo/userFolder';
import {
	N8nInstance,
	installPackageInto,
	nodeOutput,
	packPackage,
	type CredentialJson,
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
/** The ports `npm run sandbox` uses, so credentials made in the editor keep working across starts. */
const START_PORTS = { xeroPort: 4010, easybillPort: 4011 };

const started = Date.now();
const clock = () => {
	const seconds = Math.floor((Date.now() - started) / 1000);
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};
const say = (message: string) => process.stdout.write(`[demo ${clock().padStart(5)}] ${message}\n`);

interface Options {
	open: boolean;
	fresh: boolean;
	hostName?: string;
}

function parseArgs(argv: string[]): Options {
	const hostIndex = argv.indexOf('--host');
	return {
		open: argv.includes('--open'),
		fresh: argv.includes('--fresh'),
		hostName: hostIndex >= 0 ? argv[hostIndex + 1] : undefined,
	};
}

/** With a kept user folder, the same names get the same ids, so a re-import replaces. */
let keepIds = false;
const withId = <T extends { id: string; name: string }>(item: T, key = item.name): T =>
	keepIds ? { ...item, id: stableId(key) } : item;

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
		return withId({
			...workflow,
			name: `Demo data (${LEDGER_LABEL[ledger]}${variant}): ${workflow.name}`,
		});
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
	const bound = setParameters(workflow, {
		'Tell billing system': { url: `${receiverUrl}/paid/${ledger}` },
	});
	return withId({ ...bound, name: `Demo data (${LEDGER_LABEL[ledger]}): ${bound.name}` });
}

/** Where the demo's sandbox listens: fixed ports for `npm start` when they are free. */
async function startDemoSandbox(open: boolean): Promise<Sandbox> {
	if (!open) return startSandbox();
	try {
		return await startSandbox(START_PORTS);
	} catch {
		say(`ports ${START_PORTS.xeroPort}/${START_PORTS.easybillPort} are taken: the sandbox uses free ones`);
		return startSandbox();
	}
}

interface PaidCallback {
	invoiceId?: string;
	invoiceNumber?: string;
	currency?: string;
	total?: number;
}

function describeCallback(body: PaidCallback): string {
	const what = body.invoiceNumber || body.invoiceId || 'an invoice';
	const total = Number(body.total);
	const amount = body.currency && Number.isFinite(total) ? ` (${money(body.currency, Math.round(total * 100))})` : '';
	return `invoice ${what} is paid${amount}`;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	// Everything that can be missing is checked before minutes go into installing or packing.
	const missing = firstMissingPrerequisite();
	if (missing) throw new Error(missing);
	const host = await ensureHost(options.hostName, say);
	say(
		`using real n8n ${host.spec.n8n} (${host.spec.node === 'system' ? `Node ${process.version}` : `Node ${host.spec.node}`})`,
	);
	// Started before packing: it loads the vendor specs, so a broken copy fails here, in seconds.
	const sandbox = await startDemoSandbox(options.open);
	const receiver = await new CallbackReceiver().start();
	say(`sandbox up: Xero ${sandbox.urls.xero}, EasyBill ${sandbox.urls.easybill}`);

	const work = mkdtempSync(join(tmpdir(), 'accounting-sync-demo-'));
	let instance: N8nInstance;
	let reused = false;
	if (options.open) {
		keepIds = true;
		const kept = keptUserFolder(host, options.fresh);
		reused = kept.reused;
		instance = new N8nInstance(host, kept.userFolder, join(kept.userFolder, 'logs'), kept.encryptionKey);
		say(
			reused
				? `reusing the n8n user folder ${kept.userFolder}: what you built there last time is kept (--fresh starts over)`
				: `n8n user folder: ${kept.userFolder} (kept when you stop; the next npm start reuses it, --fresh starts over)`,
		);
	} else {
		instance = new N8nInstance(host, join(work, 'n8n'), join(work, 'logs'));
	}
	const stories: LedgerStory[] = [];
	const took: Record<LedgerName, number> = { xero: 0, easybill: 0 };
	const fired: Record<LedgerName, boolean> = { xero: false, easybill: false };
	let keepRunning = false;
	let succeeded = false;
	try {
		say('building and packing the package (npm pack)');
		const tarball = await packPackage(join(work, 'pack'));
		say('installing it into the n8n user folder the way README says (npm install --prefix …/.n8n/nodes --omit=peer)');
		await installPackageInto(instance.nodesFolder, tarball);
		const credentials = sandboxCredentials(sandbox).map((credential) =>
			withId(credential, `credential:${credential.type}`),
		);
		await instance.importCredentials(credentials);

		for (const ledger of LEDGERS) {
			const begun = Date.now();
			const story = await runBooks(instance, sandbox, credentials, ledger);
			stories.push({
				...story,
				callbackWorkflow: callbackWorkflow(sandbox, credentials, ledger, receiver.url),
			});
			took[ledger] += Date.now() - begun;
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
			const begun = Date.now();
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
				calls.find((c) => (c.body as PaidCallback).invoiceId === story.openInvoiceId) ?? calls[0];
			fired[story.ledger] = true;
			took[story.ledger] += Date.now() - begun;
			say(`${label}: Invoice Paid fired; the billing system was told ${describeCallback(call.body as PaidCallback)}`);
		}

		succeeded = true;
		const tenant = ukTenant(sandbox);
		const summary = summaryText({
			currency: 'EUR',
			xeroOrganisation: tenant.tenantName,
			figures: { xero: xeroFigures(sandbox, tenant.tenantId), easybill: easyBillFigures(sandbox) },
			took,
			triggerFired: fired,
		});
		process.stdout.write(`\n${summary}\n\n`);
		say(
			`done in ${duration(Date.now() - started)}: everything above ran in real n8n ${host.spec.n8n} against the local sandbox`,
		);

		if (options.open) {
			await instance.stop();
			if (!reused) {
				const examples = [PAID_EXAMPLE, CREDIT_EXAMPLE].map((file) =>
					withId(
						forLedger(bindWorkflow(loadExample(file), credentials), 'xero', credentials, tenant.tenantId),
					),
				);
				await instance.importWorkflows(examples);
			}
			const reopened = await instance.start();
			await reopened.login();
			keepRunning = true;
			process.stdout.write(
				[
					'',
					`n8n editor:  ${reopened.baseUrl}   (log in as e2e@example.com / E2e-password-1)`,
					`Sandbox:     Xero ${sandbox.urls.xero}, EasyBill ${sandbox.urls.easybill}`,
					`Credentials: "Xero (sandbox)" and "EasyBill (sandbox)" point at it`,
					reused
						? 'Examples:    already in this user folder from an earlier start (left as you edited them)'
						: "Examples:    imported for Xero; set a node's Ledger (its first field) to EasyBill and pick the EasyBill credential to try the other side",
					`User folder: ${instance.userFolder} (kept; npm start -- --fresh starts over)`,
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
	process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
