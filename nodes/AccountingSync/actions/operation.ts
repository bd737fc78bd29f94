/** What each operation file provides to the router. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { LedgerError } from '../../../core/errors';
import type { ItemResult, Ledger } from '../../../core/ledger';
import type { LedgerKind } from '../../../core/model';
import type { ReadEnv } from './inputs';

export interface Operation<Input, Output> {
	/** The operation's own fields, already scoped to it. */
	description: INodeProperties[];
	/** One item's parameters as a canonical input; throws a validation LedgerError. */
	read(ctx: IExecuteFunctions, itemIndex: number, env: ReadEnv): Input;
	/** The ledger's own pre-checks (the core's), run on every item before the first write. */
	validate(ledger: LedgerKind, input: Input, itemIndex: number): LedgerError | undefined;
	/** One batch call for all valid items; results come back by batch position. */
	run(ledger: Ledger, inputs: Input[]): Promise<ItemResult<Output>[]>;
	/** Reads only: the output pane's "nothing was duplicated" hint does not apply. */
	readOnly?: boolean;
	/**
	 * The output for a success, when it is more than one JSON item: a PDF as binary data, or one
	 * item per record a search found (none when it found nothing).
	 */
	output?(
		ctx: IExecuteFunctions,
		result: Extract<ItemResult<Output>, { ledgerId: string }>,
		ledger: LedgerKind,
		itemIndex: number,
	): Promise<INodeExecutionData | INodeExecutionData[]>;
}
