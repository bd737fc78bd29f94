/**
 * Builds the ledger a node works with from its parameters and credential: which ledger, the Xero
 * organisation, base URLs and plan limits, n8n's authenticated request helper as transport, and the
 * rate governor the whole process shares for that account (see governorRegistry.ts).
 */
import { NodeOperationError, type IExecuteFunctions, type IPollFunctions } from 'n8n-workflow';

import type { EasyBillLedger } from '../../core/easybill';
import type { Ledger } from '../../core/ledger';
import type { LedgerKind } from '../../core/model';
import type { XeroLedger } from '../../core/xero';
import { isLedgerKind } from './credentialTypes';
import type { LedgerContext } from './ledgerContext';
import { ledgerRegistration } from './ledgerRegistry';
import { n8nClock } from './n8nClock';
import { testSeams } from './testSeams';

export type { LedgerContext } from './ledgerContext';
export { baseUrlOf } from './builtInLedgers';

/** A shipped ledger, or any registered one (seen through the Ledger interface). */
export type AnyLedger = XeroLedger | EasyBillLedger | Ledger;

export interface LedgerFromContextOptions {
	/** Called on every rate-limit or retry wait (e.g. to log it). */
	onWait?(delayMs: number, reason: string): void;
}

/** Reads a node parameter from any context kind (execute needs the item index, the others do not). */
export function readParameter(
	ctx: LedgerContext,
	name: string,
	itemIndex = 0,
	options: { extractValue?: boolean } = {},
): unknown {
	if ('getInputData' in ctx && typeof ctx.getInputData === 'function') {
		return (ctx as IExecuteFunctions).getNodeParameter(name, itemIndex, undefined, options);
	}
	if ('getCurrentNodeParameter' in ctx && typeof ctx.getCurrentNodeParameter === 'function') {
		const current = ctx.getCurrentNodeParameter(name, options);
		if (current !== undefined) return current;
	}
	return (ctx as IPollFunctions).getNodeParameter(name, undefined, options);
}

export function ledgerKindOf(ctx: LedgerContext, itemIndex = 0): LedgerKind {
	const kind = readParameter(ctx, 'ledger', itemIndex);
	if (!isLedgerKind(kind)) {
		throw new NodeOperationError(ctx.getNode(), `Unknown ledger "${String(kind)}"`, { itemIndex });
	}
	// A ledger registered beyond the shipped two carries its own name through the same paths.
	return kind as LedgerKind;
}

/** The chosen Xero organisation; never a silent default, since that would book into the wrong company. */
export function tenantIdOf(ctx: LedgerContext, itemIndex = 0): string {
	const value = readParameter(ctx, 'tenantId', itemIndex, { extractValue: true });
	const tenantId = typeof value === 'string' ? value.trim() : '';
	if (!tenantId) {
		throw new NodeOperationError(ctx.getNode(), 'Organisation: choose the Xero organisation', {
			itemIndex,
			description: 'Pick it in "Organisation" from the list, or enter its tenant ID.',
		});
	}
	return tenantId;
}

export async function createLedgerFromContext(
	ctx: LedgerContext,
	itemIndex = 0,
	options: LedgerFromContextOptions = {},
): Promise<AnyLedger> {
	const kind = ledgerKindOf(ctx, itemIndex);
	const registration = ledgerRegistration(kind);
	const tenantId = registration.organisation === 'tenant' ? tenantIdOf(ctx, itemIndex) : undefined;
	if (testSeams.ledgerFactory) return testSeams.ledgerFactory({ kind, tenantId }) as AnyLedger;
	const extra = testSeams.ledgerOptions ?? {};
	const ledger = await registration.create(ctx, {
		tenantId,
		clock: n8nClock(),
		pacingMarginMs: extra.pacingMarginMs,
		timeoutMs: extra.timeoutMs,
		retry: extra.retry,
		onWait: options.onWait,
	});
	return ledger as AnyLedger;
}

/** True when the ledger's registration has the user pick an organisation (Xero's tenant). */
export function hasOrganisation(kind: string): boolean {
	return ledgerRegistration(kind).organisation === 'tenant';
}

export function isXeroLedger(ledger: AnyLedger): ledger is XeroLedger {
	return ledger.kind === 'xero';
}
