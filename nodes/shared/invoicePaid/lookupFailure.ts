/**
 * How a failed lookup reaches the user. The webhook trigger has already answered the sender when
 * it looks invoices up, and n8n 2.x does not save static data when `webhook()` throws (so the ids
 * kept for a retry would be lost). Instead `webhook()` saves them, returns normally, and hands the
 * failure to the execution as a marked item; the node's `execute()` (which n8n runs for a webhook
 * trigger with the items `webhook()` returned) turns it into a failed execution with the reason,
 * or, when paid invoices came with it, into a warning next to them.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { PENDING_LOOKUPS, type LookupOutcome } from '../../../core/triggers';
import { toNodeError } from '../toNodeError';

const FAILURE_KEY = '__invoicePaidLookupFailure';

export interface LookupFailureReport {
	message: string;
	description: string;
	failedIds: string[];
	pendingIds: string[];
	givenUpIds: string[];
}

const HOURS = Math.round(PENDING_LOOKUPS.ttlMs / 3600_000);

export function failureReport(
	context: IWebhookFunctions,
	outcome: Pick<LookupOutcome, 'failure' | 'givenUp'>,
): LookupFailureReport | undefined {
	const { failure, givenUp } = outcome;
	if (!failure && givenUp.length === 0) return undefined;
	const parts: string[] = [];
	let message: string;
	if (failure) {
		const nodeError = toNodeError(context, failure.error);
		message =
			`Looking up ${failure.failedIds.length} invoice(s) named by a delivery failed: ` +
			nodeError.message;
		if (nodeError.description) parts.push(nodeError.description);
		parts.push(
			`The invoice ids are kept (${failure.pendingIds.length} waiting) and looked up again with ` +
				`every later delivery, for up to ${HOURS} hours; nothing is emitted for them until then.`,
		);
	} else {
		message = `${givenUp.length} invoice(s) were given up after ${HOURS} hours of failed lookups`;
	}
	if (givenUp.length > 0) {
		parts.push(
			`Given up without a successful lookup (check these in the ledger by hand): ${givenUp.join(', ')}.`,
		);
	}
	const report: LookupFailureReport = {
		message,
		description: parts.join(' '),
		failedIds: failure?.failedIds ?? [],
		pendingIds: failure?.pendingIds ?? [],
		givenUpIds: givenUp,
	};
	context.logger.error(`Invoice Paid trigger "${context.getNode().name}": ${message}`, {
		failedIds: report.failedIds,
		givenUpIds: report.givenUpIds,
	});
	return report;
}

export function failureItem(report: LookupFailureReport): INodeExecutionData {
	return { json: { [FAILURE_KEY]: report as unknown as IDataObject } };
}

function reportOf(item: INodeExecutionData): LookupFailureReport | undefined {
	const value = item.json?.[FAILURE_KEY];
	return typeof value === 'object' && value !== null
		? (value as unknown as LookupFailureReport)
		: undefined;
}

/** The trigger node's `execute()`: the paid items go on; a lookup failure fails the execution. */
export function passPaidItemsOrFail(this: IExecuteFunctions): INodeExecutionData[][] {
	const items = this.getInputData();
	const reports = items.map(reportOf).filter((r): r is LookupFailureReport => r !== undefined);
	const paid = items.filter((item) => reportOf(item) === undefined);
	if (reports.length === 0) return [paid];
	const [report] = reports;
	if (paid.length === 0) {
		throw new NodeOperationError(this.getNode(), report.message, {
			description: report.description,
		});
	}
	this.addExecutionHints({
		message: `${report.message}. ${report.description}`,
		type: 'warning',
		location: 'outputPane',
	});
	return [paid];
}
