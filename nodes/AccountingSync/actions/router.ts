/**
 * Runs one operation over all input items: every item is read and checked first, then the valid
 * ones go to the ledger in ONE batch call (Xero packs up to 50 per request, EasyBill paces one by
 * one), and each result comes back paired with the item it came from.
 *
 * Without "Continue On Fail", a bad item stops the node before the first write, so nothing is half
 * written because of input we could have refused. Failures only the ledger can find (overpayment,
 * a locked document) surface after the batch; the items before them are written, which is safe
 * because re-running finds them by source ID.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { invalidInput, LedgerError } from '../../../core/errors';
import type { ItemResult, Ledger } from '../../../core/ledger';
import type { LedgerKind } from '../../../core/model';
import { runCoalesced, type CoalesceKey } from '../../shared/coalescing';
import {
	createLedgerFromContext,
	hasOrganisation,
	ledgerKindOf,
	tenantIdOf,
} from '../../shared/createLedger';
import { credentialTypeOf } from '../../shared/credentialTypes';
import { n8nClock } from '../../shared/n8nClock';
import { fieldLabeler, type FieldLabeler } from '../../shared/fieldLabels';
import { itemErrorJson, toNodeError } from '../../shared/toNodeError';
import { properties } from './description';
import { invalidItemsError } from './invalidItems';
import { NeedsTimeZone, type AmountUnit, type ReadEnv } from './inputs';
import { isOperationName, operationOf } from './operations';
import { findRepeats, repeatOutcome, sourceIdOf } from './repeats';

type Prepared = { itemIndex: number; input: unknown } | { itemIndex: number; error: unknown };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (items.length === 0) return [[]];
	const operationName = this.getNodeParameter('operation', 0);
	if (!isOperationName(operationName)) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${String(operationName)}" is not known`,
		);
	}
	const operation = operationOf(operationName);
	// Errors name fields as this operation shows them ("Line 2 → Unit Price", not lines[1]).
	const labelOf = fieldLabeler(properties, operationName);
	const ledgerKind = ledgerKindOf(this, 0);
	const continueOnFail = this.continueOnFail();
	// One run writes to one organisation (one batch, one governor); items naming another are refused.
	const tenantId = hasOrganisation(ledgerKind) ? tenantIdOf(this, 0) : undefined;

	const readAll = (timeZone?: string) =>
		items.map((_item, itemIndex): Prepared => {
			try {
				if (tenantId !== undefined && itemIndex > 0 && tenantIdOf(this, itemIndex) !== tenantId) {
					throw invalidInput(
						'tenantId',
						`every item must go to the same Xero organisation as the first (${tenantId})`,
					);
				}
				const env: ReadEnv = {
					ledger: ledgerKind,
					amountUnit: amountUnitOf(this, itemIndex),
					timeZone,
				};
				const input = operation.read(this, itemIndex, env);
				const problem = operation.validate(ledgerKind, input, itemIndex);
				return problem ? { itemIndex, error: problem } : { itemIndex, input };
			} catch (error) {
				return { itemIndex, error: error instanceof LedgerError ? error.forItem(itemIndex) : error };
			}
		});
	let ledger: Ledger | undefined;
	const ledgerOnce = async (): Promise<Ledger> =>
		(ledger ??= await createLedgerFromContext(this, 0, {
			onWait: (delayMs, reason) =>
				this.logger.info(`Accounting Sync: waiting ${Math.ceil(delayMs / 1000)} s (${reason})`),
		}));
	let prepared = readAll();
	// A timestamp is a date only in the ledger's zone: ask for it (once) only when an item has one.
	const needsZone = (p: Prepared) => 'error' in p && p.error instanceof NeedsTimeZone;
	if (prepared.some(needsZone)) {
		try {
			prepared = readAll(await (await ledgerOnce()).timeZone());
		} catch (error) {
			prepared = prepared.map((p) =>
				needsZone(p)
					? {
							itemIndex: p.itemIndex,
							error: error instanceof LedgerError ? error.forItem(p.itemIndex) : error,
						}
					: p,
			);
		}
	}
	// One source ID twice: the same values are one record, other values are refused before writing.
	const repeats = findRepeats(
		operationName,
		prepared.filter((p): p is Extract<Prepared, { input: unknown }> => 'input' in p),
		labelOf,
	);
	const refused = new Map(repeats.conflicts.map((c) => [c.itemIndex, c.error]));
	prepared = prepared.map((p) =>
		refused.has(p.itemIndex) ? { itemIndex: p.itemIndex, error: refused.get(p.itemIndex) } : p,
	);
	// Without Continue On Fail, one error names every bad item: fixing four rows takes one run.
	const invalid = prepared.filter((p): p is Extract<Prepared, { error: unknown }> => 'error' in p);
	if (invalid.length > 0 && !continueOnFail) {
		throw withNothingWrittenHint(invalidItemsError(this, invalid, items.length, labelOf));
	}

	const valid = repeats.unique.filter((v) => !refused.has(v.itemIndex));
	const outcomes = new Map<number, ItemResult<unknown> | { action: 'failed'; error: unknown }>();
	if (valid.length > 0) {
		try {
			const activeLedger = await ledgerOnce();
			// Small batches of concurrent executions on the same account become one ledger batch.
			const results = await runCoalesced(
				coalesceKey(this, ledgerKind, tenantId, operationName),
				n8nClock(),
				valid.map((v) => v.input),
				(inputs) => operation.run(activeLedger, inputs),
				(input) => sourceIdOf(operationName, input),
			);
			for (const result of results) {
				const source = valid[result.index];
				if (source) outcomes.set(source.itemIndex, result);
			}
		} catch (error) {
			// The batch failed as a whole (credential, network): every item it carried failed with it.
			for (const v of valid) outcomes.set(v.itemIndex, { action: 'failed', error });
		}
	}

	const output: INodeExecutionData[] = [];
	for (const p of prepared) {
		const repeated = repeats.sameAs.get(p.itemIndex);
		const outcome: ItemResult<unknown> | { action: 'failed'; error: unknown } | undefined =
			'error' in p
				? { action: 'failed', error: p.error }
				: repeated !== undefined
					? repeatOutcome(outcomes.get(repeated), p.itemIndex)
					: outcomes.get(p.itemIndex);
		if (!outcome) {
			const missing = new LedgerError('The ledger returned no result for this item', {
				kind: 'unknown',
			});
			if (!continueOnFail) throw toNodeError(this, missing, p.itemIndex);
			output.push(errorItem(missing, p.itemIndex, labelOf));
			continue;
		}
		if (outcome.action === 'failed') {
			if (!continueOnFail)
				throw withWrittenItemsHint(
					toNodeError(this, outcome.error, p.itemIndex, labelOf),
					[...outcomes.entries()]
						.filter(([, o]) => o.action === 'created' || o.action === 'updated' || isMismatch(o))
						.map(([itemIndex]) => itemIndex),
					items.length,
				);
			output.push(errorItem(outcome.error, p.itemIndex, labelOf));
			continue;
		}
		const produced = operation.output
			? await operation.output(this, outcome, ledgerKind, p.itemIndex)
			: successItem(ledgerKind, outcome, p.itemIndex);
		output.push(...(Array.isArray(produced) ? produced : [produced]));
	}
	if (!operation.readOnly) addOutcomeHints(this, output);
	return [output];
}

/** Written, but booked with other values than the input: counted as written, reported as failed. */
function isMismatch(outcome: { action: string; error?: unknown }): boolean {
	return outcome.action === 'failed' && outcome.error instanceof LedgerError && outcome.error.kind === 'mismatch';
}

/** Tells the user in the output pane what a re-run or a partial failure means for them. */
function addOutcomeHints(ctx: IExecuteFunctions, output: INodeExecutionData[]): void {
	const kept = output.filter((o) => o.json.action === 'unchanged' && o.json.differences).length;
	const unchanged = output.filter((o) => o.json.action === 'unchanged').length - kept;
	const conflicts = output.filter((o) => o.json.action === 'conflict').length;
	const mismatched = output.filter(
		(o) => (o.json.error as IDataObject | undefined)?.kind === 'mismatch',
	).length;
	const failed = output.filter((o) => o.json.error !== undefined).length - mismatched;
	if (unchanged > 0) {
		ctx.addExecutionHints({
			type: 'info',
			location: 'outputPane',
			message: `${unchanged} of ${output.length} items were already in the ledger with exactly these values and came back unchanged: nothing was duplicated.`,
		});
	}
	if (kept > 0) {
		ctx.addExecutionHints({
			type: 'warning',
			location: 'outputPane',
			message: `${kept} of ${output.length} items exist in the ledger with other values and were left as the ledger has them ("Keep the Ledger's Version"): see "differences" on each. The books do not match the input for these.`,
		});
	}
	if (conflicts > 0) {
		ctx.addExecutionHints({
			type: 'warning',
			location: 'outputPane',
			message: `${conflicts} of ${output.length} items exist in the ledger with other values that could not be updated (action "conflict"): see "error.differences" on each. Nothing was written for them.`,
		});
	}
	if (mismatched > 0) {
		ctx.addExecutionHints({
			type: 'warning',
			location: 'outputPane',
			message: `${mismatched} of ${output.length} items were written, but the ledger booked another total than the input (kind "mismatch"): see "error.differences" and "error.ledgerId" on each and correct them in the ledger.`,
		});
	}
	if (failed > 0) {
		ctx.addExecutionHints({
			type: 'warning',
			location: 'outputPane',
			message: `${failed} of ${output.length} items failed (see "error" on each); the others were written. Fix them and re-run: written items will come back unchanged.`,
		});
	}
}

function amountUnitOf(ctx: IExecuteFunctions, itemIndex: number): AmountUnit {
	// Upsert Contact has no amounts and so no such parameter.
	const unit = ctx.getNodeParameter('amountUnit', itemIndex, 'major');
	return unit === 'minor' ? 'minor' : 'major';
}

function successItem(
	ledger: LedgerKind,
	result: Extract<ItemResult<unknown>, { ledgerId: string }>,
	itemIndex: number,
): INodeExecutionData {
	return {
		json: {
			action: result.action,
			ledger,
			ledgerId: result.ledgerId,
			record: result.record as IDataObject,
			...(result.differences
				? { differences: result.differences as unknown as IDataObject[] }
				: {}),
		},
		pairedItem: { item: itemIndex },
	};
}

function errorItem(error: unknown, itemIndex: number, labelOf: FieldLabeler): INodeExecutionData {
	const json = itemErrorJson(error, labelOf);
	return {
		json: {
			action: json.kind === 'conflict' && json.differences ? 'conflict' : 'failed',
			error: json as unknown as IDataObject,
		},
		pairedItem: { item: itemIndex },
	};
}

/** The node stops on a failed item: say which items were written anyway, and that a re-run is safe. */
function withWrittenItemsHint<T extends Error & { description?: string | null }>(
	error: T,
	written: number[],
	total: number,
): T {
	if (written.length === 0) return error;
	const hint = `${written.length} of ${total} items were written (item index ${indexRanges(written)}); re-running is safe: they are found by source ID and come back unchanged, and only the rest is written.`;
	error.description = error.description ? `${error.description} ${hint}` : hint;
	return error;
}

/** `[0,1,2,5]` → `0–2, 5` */
function indexRanges(indices: number[]): string {
	const sorted = [...indices].sort((a, b) => a - b);
	const parts: string[] = [];
	for (let i = 0; i < sorted.length; i++) {
		const start = sorted[i];
		while (i + 1 < sorted.length && sorted[i + 1] === sorted[i] + 1) i++;
		parts.push(start === sorted[i] ? String(start) : `${start}–${sorted[i]}`);
	}
	return parts.join(', ');
}

function withNothingWrittenHint<T extends Error & { description?: string | null }>(error: T): T {
	const hint = 'Nothing was written: every item is checked before the first write.';
	// A list of items keeps one per line; the hint goes on a line of its own after it.
	const separator = error.description?.includes('\n') ? '\n' : ' ';
	error.description = error.description ? `${error.description}${separator}${hint}` : hint;
	return error;
}

function coalesceKey(
	ctx: IExecuteFunctions,
	ledger: LedgerKind,
	tenantId: string | undefined,
	operation: string,
): CoalesceKey {
	const credentialType = credentialTypeOf(ledger);
	const details = ctx.getNode().credentials?.[credentialType];
	return {
		credentialType,
		credential: details?.id ?? details?.name ?? undefined,
		scope: tenantId ?? '',
		operation,
	};
}
