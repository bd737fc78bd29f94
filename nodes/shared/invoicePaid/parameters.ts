/**
 * The parameters both Invoice Paid triggers share: which ledger, its credential, for Xero the
 * organisation (a token can reach several; the user picks one, we never default to the first),
 * what to emit, and the options that decide what counts as paid.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { EmitMode, EmitSettings } from '../../../core/triggers';
import { ledgerParameter as sharedLedgerParameter, tenantParameter as sharedTenantParameter } from '../ledgerParameters';

/** A registered ledger's kind (see nodes/shared/ledgerRegistry). */
export type TriggerLedger = string;

export { ledgerCredentials as triggerCredentials } from '../ledgerParameters';

export const ledgerParameter = sharedLedgerParameter(
	'The accounting system whose paid invoices start this workflow',
);

export const tenantParameter = sharedTenantParameter('The Xero organisation (tenant) to watch');

export const emitParameter: INodeProperties = {
	displayName: 'Emit',
	name: 'emitOn',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'When an Invoice Is Fully Paid',
			value: 'paid',
			description: 'Once per invoice, when the last payment settles it',
		},
		{
			name: 'On Every Payment',
			value: 'everyPayment',
			description:
				'Once per payment on an invoice, partial payments included, with the payment on each item',
		},
	],
	default: 'paid',
};

export const emitCreditOnlyOption: INodeProperties = {
	displayName: 'Also Emit Invoices Settled Only by Credit Notes',
	name: 'emitCreditOnly',
	type: 'boolean',
	default: false,
	description:
		'Whether to emit an invoice that credit notes settled without any money received (a cancellation). Off: only invoices with money received are emitted; "settledBy" on each item says how it was settled.',
};

/** What the user chose to emit, from the node's parameters. */
export function emitSettingsOf(emitOn: unknown, options: IDataObject): EmitSettings {
	const mode: EmitMode = emitOn === 'everyPayment' ? 'everyPayment' : 'paid';
	return { mode, emitCreditOnly: options.emitCreditOnly === true };
}
