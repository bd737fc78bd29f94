/**
 * A ledger failure as the error n8n shows on the item: NodeOperationError for input we refused
 * ourselves, NodeApiError for what the ledger answered, always with the item index, the canonical
 * field and the vendor's own words. Messages come from the core already scrubbed of secrets; the
 * raw request and credential never go into the error.
 */
import {
	NodeApiError,
	NodeError,
	NodeOperationError,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

import { LedgerError, type LedgerErrorKind } from '../../core/errors';
import type { FieldLabeler } from './fieldLabels';

const HINTS: Record<LedgerErrorKind, string> = {
	auth: 'The ledger refused the credential: reconnect it (Xero) or check the API key (EasyBill).',
	validation: 'Fix the value named above.',
	not_found: 'Check the ID, number or source ID: the ledger has no such record.',
	conflict: 'The ledger refused the change in its current state (e.g. already paid or locked).',
	mismatch:
		'The ledger wrote the record but booked other values than the input (see the differences): check it in the ledger and correct it there or in the billing system.',
	rate_limited:
		"The ledger's rate limit was reached. Run the workflow again later; re-running is safe.",
	transient:
		'The ledger did not answer properly. Re-running is safe: existing records are found, not duplicated.',
	unknown: 'Re-running is safe: existing records are found by source ID, not duplicated.',
};

export interface ItemErrorJson {
	message: string;
	kind: LedgerErrorKind;
	/** The canonical field, stable for expressions (e.g. `lines[1].unitPrice`). */
	field?: string;
	/** The same field as the node shows it (e.g. "Line 2 → Unit Price"). */
	fieldLabel?: string;
	vendorMessage?: string;
	httpStatus?: number;
	outcomeUnknown?: boolean;
	/** A conflict with what the ledger holds: each differing field with both values. */
	differences?: Array<{ field: string; label: string; ledger: string; input: string }>;
	/** A mismatch: the record the ledger wrote. */
	ledgerId?: string;
}

/** Plain JSON for a failed item under Continue On Fail. */
export function itemErrorJson(error: unknown, labelOf?: FieldLabeler): ItemErrorJson {
	if (error instanceof LedgerError) {
		const { message, fieldLabel } = labelled(error, labelOf);
		return dropUndefined({
			message,
			kind: error.kind,
			field: error.field,
			fieldLabel,
			vendorMessage: error.vendorMessage,
			httpStatus: error.httpStatus,
			outcomeUnknown: error.outcomeUnknown,
			differences: error.differences,
			ledgerId: error.ledgerId,
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	const description = error instanceof NodeError ? (error.description ?? undefined) : undefined;
	return dropUndefined({
		message,
		kind: 'validation' as const,
		vendorMessage: description && description !== message ? description : undefined,
	});
}

export function toNodeError(
	ctx: { getNode(): INode },
	error: unknown,
	itemIndex?: number,
	labelOf?: FieldLabeler,
): NodeError {
	const node = ctx.getNode();
	if (error instanceof LedgerError) {
		const index = itemIndex ?? error.itemIndex;
		const { message, fieldLabel } = labelled(error, labelOf);
		const description = describe(error, fieldLabel);
		// Our own pre-checks never reached the ledger: an operation error, not an API error.
		if (error.kind === 'validation' && error.httpStatus === undefined) {
			return new NodeOperationError(node, message, { itemIndex: index, description });
		}
		const safe: JsonObject = dropUndefined({
			message,
			kind: error.kind,
			field: error.field,
			httpStatus: error.httpStatus,
		}) as JsonObject;
		return new NodeApiError(node, safe, {
			message,
			description,
			httpCode: error.httpStatus === undefined ? undefined : String(error.httpStatus),
			itemIndex: index,
		});
	}
	if (error instanceof NodeError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined)
			error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), {
		itemIndex,
	});
}

/**
 * The message with its field named as the node shows it: the core writes `lines[1].quantity: …`,
 * the user reads `Line 2 → Quantity: …`.
 */
export function labelled(
	error: LedgerError,
	labelOf?: FieldLabeler,
): { message: string; fieldLabel?: string } {
	const fieldLabel = error.field && labelOf ? labelOf(error.field) : undefined;
	if (!error.field || !fieldLabel) return { message: error.message };
	return { message: relabel(error.message, error.field, fieldLabel), fieldLabel };
}

/**
 * Wherever the core named the field: "currency: …", "contact: contact.name: …", "Xero rejected
 * the invoice (lines[1].taxType)". A plain word ("currency") is replaced only where it stands as a
 * field name, not inside the sentence.
 */
function relabel(message: string, field: string, label: string): string {
	if (/[.[]/.test(field)) return message.split(field).join(label);
	const prefix = `${field}: `;
	const start = message.startsWith(prefix) ? `${label}: ${message.slice(prefix.length)}` : message;
	return start.split(`(${field})`).join(`(${label})`);
}

function describe(error: LedgerError, fieldLabel?: string): string {
	const parts: string[] = [];
	if (error.field) parts.push(`Field: ${fieldLabel ?? error.field}.`);
	if (error.vendorMessage && !error.message.includes(error.vendorMessage)) {
		parts.push(`The ledger said: ${error.vendorMessage}`);
	}
	if (error.outcomeUnknown) {
		parts.push('The request left but no answer came back, so it may have been applied.');
	}
	// The core's own rate-limit stop already says to run again later; say it once.
	const saidLater = error.kind === 'rate_limited' && /again later/i.test(error.message);
	parts.push(saidLater ? 'Re-running is safe: existing records are found, not duplicated.' : HINTS[error.kind]);
	return parts.join(' ');
}

function dropUndefined<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
