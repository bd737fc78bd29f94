/**
 * Record Payment: money received against a sales invoice. A payment already recorded for the same
 * source ID comes back `unchanged`; overpaying or paying a draft fails with a clear message.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { Payment, PaymentRecord } from '../../../core/model';
import { forOperation } from './displayOptions';
import { currency, date, defined, exactMoney, optionalText, requiredText } from './inputs';
import type { Operation } from './operation';
import { paymentChecks, preflight } from './preflight';
import { invoiceLocator } from './references.description';
import { invoiceRefOf } from './references';
import { fieldsOf } from '../../shared/ledgerRegistry';

export const bankAccountParameter = (
	name: string,
	displayName: string,
	description: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getBankAccounts', loadOptionsDependsOn: ['tenantId.value'] },
	default: '',
	required: true,
	description: `${description}. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	displayOptions: { show: { ledger: ['xero'] } },
});

const properties: INodeProperties[] = [
	invoiceLocator(
		'invoice',
		'Invoice',
		'The sales invoice that was paid',
		'searchPayableInvoices',
	),
	{
		displayName: 'Source ID',
		name: 'sourceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ch_3MmlLrLkdIwHu7ix0snN0B15',
		description:
			"The billing system's payment ID. A payment already recorded for it is not recorded again.",
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 119.00 (or 11900 in minor units)',
		description:
			'In the unit chosen in "Amounts Are In". More than the amount due is refused before any write.',
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		required: true,
		default: 'EUR',
		placeholder: 'e.g. EUR',
		description: "The invoice's currency (ISO code)",
	},
	{
		displayName: 'Payment Date',
		name: 'date',
		type: 'string',
		required: true,
		default: '={{ $now.toFormat("yyyy-MM-dd") }}',
		placeholder: 'YYYY-MM-DD',
	},
	bankAccountParameter(
		'bankAccount',
		'Bank Account Name or ID',
		'The Xero bank account the money went into (its code or AccountID)',
	),
	{
		displayName: 'Additional Fields',
		name: 'paymentFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Reference',
				name: 'reference',
				type: 'string',
				default: '',
				placeholder: 'e.g. Stripe payout po_123',
			},
		],
	},
];

export const recordPayment: Operation<Payment, PaymentRecord> = {
	description: forOperation('recordPayment', properties),
	read: (ctx, itemIndex, env) => {
		const paymentCurrency = currency(ctx.getNodeParameter('currency', itemIndex, ''));
		const extra = ctx.getNodeParameter('paymentFields', itemIndex, {}) as IDataObject;
		return {
			sourceId: requiredText(ctx.getNodeParameter('sourceId', itemIndex, ''), 'sourceId'),
			invoice: invoiceRefOf(ctx.getNodeParameter('invoice', itemIndex, undefined)),
			amountMinor: exactMoney(
				ctx.getNodeParameter('amount', itemIndex, ''),
				env.amountUnit,
				paymentCurrency,
				'amount',
			),
			currency: paymentCurrency,
			date: date(ctx.getNodeParameter('date', itemIndex, ''), 'date', env),
			...defined('reference', optionalText(extra.reference)),
			...defined(
				'bankAccount',
				fieldsOf(env.ledger).bankAccount
					? requiredText(ctx.getNodeParameter('bankAccount', itemIndex, ''), 'bankAccount')
					: undefined,
			),
		};
	},
	validate: (ledger, input, itemIndex) => preflight(ledger, input, itemIndex, paymentChecks),
	run: (ledger, inputs) => ledger.recordPayments(inputs),
};
