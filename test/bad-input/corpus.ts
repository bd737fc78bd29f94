/**
 * The bad-input corpus: malformed items as real billing payloads bring them, each run in the same
 * execution as valid items (Continue On Fail on). Every case names the field as the user sees it
 * in the node, so the error can be checked against what the user can find in the panel.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { captureN8nLogs, capturedLogLines } from '../../scripts/soak/capture';
import { fromItem, type LedgerName, type NodeEnv } from '../node/nodeEnv';
import { knownSecrets, requestLogTexts, secretHits } from '../secrets/scan';

// What n8n would log while the corpus runs goes to a buffer the secrets scan reads.
captureN8nLogs();

export interface BadCase {
	name: string;
	item: IDataObject;
	/** The field as the node shows it, in parts that must all appear, e.g. ['Line 2', 'Unit Price']. */
	label: string[];
}

export const LONG = 'x'.repeat(10_000);
export const CONTROL = 'Acme\u0000\u0007\u001b[31m Ltd';

export const lineFor = (ledger: LedgerName, overrides: IDataObject = {}): IDataObject => ({
	description: 'Pro plan',
	quantity: 1,
	unitPrice: 4900,
	...(ledger === 'xero' ? { taxType: 'OUTPUT2', accountCode: '200' } : { taxPercent: 19 }),
	...overrides,
});

export const contactParams: INodeParameters = {
	operation: 'upsertContact',
	sourceId: fromItem('id'),
	name: fromItem('name'),
	contactFields: { emails: fromItem('emails') },
	contactAddress: { country: fromItem('country') },
};

export const invoiceParams: INodeParameters = {
	operation: 'createInvoice',
	amountUnit: 'minor',
	sourceId: fromItem('id'),
	contactBy: fromItem('contactBy'),
	contact: { __rl: true, mode: 'id', value: fromItem('contactId') },
	contactSourceId: fromItem('customer'),
	contactName: fromItem('customerName'),
	issueDate: fromItem('issueDate'),
	dueDate: fromItem('dueDate'),
	currency: fromItem('currency'),
	taxMode: 'exclusive',
	lineInputMode: 'json',
	linesJson: fromItem('lines'),
	status: 'final',
};

export const paymentParams = (ledger: LedgerName): INodeParameters => ({
	operation: 'recordPayment',
	amountUnit: 'major',
	invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') },
	sourceId: fromItem('id'),
	amount: fromItem('amount'),
	currency: fromItem('currency'),
	date: fromItem('date'),
	...(ledger === 'xero' ? { bankAccount: fromItem('bank') } : {}),
});

export const creditParams = (ledger: LedgerName): INodeParameters => ({
	operation: 'issueCreditNote',
	amountUnit: 'major',
	invoice: { __rl: true, mode: 'sourceId', value: fromItem('invoice') },
	sourceId: fromItem('id'),
	currency: fromItem('currency'),
	date: fromItem('date'),
	creditType: fromItem('creditType'),
	amount: fromItem('amount'),
	lineInputMode: 'json',
	linesJson: fromItem('lines'),
	allocate: true,
	refund: false,
	...(ledger === 'xero' ? { refundBankAccount: '090' } : {}),
});

/** Records of any kind whose source id is `id` (nothing of a refused item may exist). */
export function recordsWithSource(env: NodeEnv, ledger: LedgerName, id: string): number {
	if (ledger === 'xero') {
		const t = env.tenantId;
		return (
			env.sandbox.xero.contacts(t).filter((c) => c.ContactNumber === id).length +
			env.sandbox.xero.invoices(t).filter((i) => i.Reference === id || i.InvoiceNumber === id).length +
			env.sandbox.xero.payments(t).filter((p) => p.Reference === id).length +
			env.sandbox.xero.creditNotes(t).filter((n) => n.Reference === id).length
		);
	}
	return (
		env.sandbox.easybill.customers().filter((c) => c.number === id).length +
		env.sandbox.easybill.documents().filter((d) => d.external_id === id).length +
		env.sandbox.easybill
			.payments()
			.filter((p) => p.reference === id || String(p.reference).endsWith(`:${id}`)).length
	);
}

export interface CorpusRun {
	errors: { name: string; message: string; field?: string }[];
	/** Problems with the run itself, one line each (empty when the corpus holds). */
	problems: string[];
}

/**
 * Runs `valid` and `bad` items interleaved in one execution, then checks: each bad item came out
 * as an error paired with it, nothing with its source id reached the ledger, every valid item
 * succeeded. Returns the errors for the label check.
 */
export async function runCorpus(
	env: NodeEnv,
	ledger: LedgerName,
	parameters: INodeParameters,
	valid: IDataObject[],
	bad: BadCase[],
	extraSourceIds: (c: BadCase) => string[] = () => [],
): Promise<CorpusRun> {
	const items: IDataObject[] = [];
	const kinds: ({ valid: IDataObject } | { bad: BadCase })[] = [];
	bad.forEach((c, index) => {
		if (index % 4 === 0 && valid[index / 4]) {
			items.push(valid[index / 4]);
			kinds.push({ valid: valid[index / 4] });
		}
		items.push(c.item);
		kinds.push({ bad: c });
	});
	for (const v of valid.slice(Math.ceil(bad.length / 4))) {
		items.push(v);
		kinds.push({ valid: v });
	}
	capturedLogLines.length = 0;
	const result = await env.run(ledger, items, parameters, { continueOnFail: true });
	const problems: string[] = [];
	const secrets = knownSecrets(env.sandbox, env.credentialsHelper);
	if (secrets.length < 3) problems.push(`only ${secrets.length} secrets to scan for`);
	const captured = [result.output, result.error?.message, ...capturedLogLines, ...requestLogTexts(env.sandbox)];
	for (const hit of secretHits(captured, secrets)) problems.push(`a secret in what the run captured (${hit})`);
	const errors: CorpusRun['errors'] = [];
	if (result.error) problems.push(`the execution failed: ${result.error.message}`);
	kinds.forEach((kind, index) => {
		const out = result.output.find((o) => (o.pairedItem as { item: number } | undefined)?.item === index);
		const error = out?.json.error as IDataObject | undefined;
		if ('valid' in kind) {
			if (!out || error) problems.push(`valid item ${index} (${String(kind.valid.id)}) failed: ${String(error?.message)}`);
			return;
		}
		const c = kind.bad;
		if (!out) problems.push(`${c.name}: no output paired with item ${index}`);
		else if (!error) problems.push(`${c.name}: accepted (${String(out.json.action)})`);
		else errors.push({ name: c.name, message: String(error.message ?? ''), field: error.field as string | undefined });
		for (const id of [String(c.item.id ?? ''), ...extraSourceIds(c)].filter(Boolean)) {
			const written = recordsWithSource(env, ledger, id);
			if (written > 0 && !c.name.startsWith('duplicate')) problems.push(`${c.name}: ${written} record(s) with source id ${id} were written`);
		}
	});
	return { errors, problems };
}

/**
 * The package's own names for fields, which a user cannot find in the node: `amountMinor`,
 * `lines[1].unitPriceMinor`, `contact.name`, `taxRatePercent`, `invoice.sourceId`.
 */
export const INTERNAL_NAME =
	/\b(?:\w+Minor|taxRatePercent|discountPercent|sourceId|ledgerId|accountCode|taxType|creditType|issueDate|dueDate)\b|\blines?\[\d+\]|\b(?:contact|invoice|address|refund|emails)\.\w/;

/**
 * Errors whose message does not name the field as the node shows it, or still names it as the
 * package does internally.
 */
export function unlabelled(run: CorpusRun, cases: BadCase[]): string[] {
	return run.errors
		.filter((e) => {
			const c = cases.find((k) => k.name === e.name);
			return !c || !c.label.every((part) => e.message.includes(part)) || INTERNAL_NAME.test(e.message);
		})
		.map((e) => `${e.name}: "${e.message.slice(0, 200)}"`);
}
