/**
 * The error that stops the node when input items are invalid and "Continue On Fail" is off: one
 * item gives its own error; several give one error listing each item with its field and problem,
 * so a user fixing four bad rows needs one run, not four.
 */
import { NodeOperationError, type IExecuteFunctions, type NodeError } from 'n8n-workflow';

import { LedgerError } from '../../../core/errors';
import type { FieldLabeler } from '../../shared/fieldLabels';
import { labelled, toNodeError } from '../../shared/toNodeError';

export interface InvalidItem {
	itemIndex: number;
	error: unknown;
}

export function invalidItemsError(
	ctx: IExecuteFunctions,
	invalid: InvalidItem[],
	itemCount: number,
	labelOf: FieldLabeler,
): NodeError {
	const [first] = invalid;
	if (invalid.length === 1) return toNodeError(ctx, first.error, first.itemIndex, labelOf);
	const problems = invalid.map(({ itemIndex, error }) => {
		const { message, fieldLabel } =
			error instanceof LedgerError
				? labelled(error, labelOf)
				: { message: error instanceof Error ? error.message : String(error), fieldLabel: undefined };
		const field = error instanceof LedgerError ? error.field : undefined;
		return { itemIndex, message, field, fieldLabel };
	});
	const error = new NodeOperationError(
		ctx.getNode(),
		`${invalid.length} of ${itemCount} items have invalid input`,
		{
			itemIndex: first.itemIndex,
			description: problems
				.map((p) => `Item ${p.itemIndex + 1} (index ${p.itemIndex}): ${p.message}`)
				.join('\n'),
		},
	);
	error.context.invalidItems = problems;
	return error;
}
