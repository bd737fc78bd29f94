/**
 * Issue Credit Note: credit a sales invoice in full, by an amount, or by lines; optionally allocate
 * it to the invoice and pay it out as a refund. Xero ACCRECCREDIT, EasyBill CREDIT with ref_id.
 */
import type { INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../../../core/errors';
import type { CreditNote, CreditNoteRecord } from '../../../core/model';
import { correctionParameters, readCorrections } from './corrections.fields';
import { forOperation, withShow } from './displayOptions';
import { currency, date, defined, exactMoney, optionalText, requiredText } from './inputs';
import { lineParameters, readLines } from './lines.fields';
import type { Operation } from './operation';
import { creditNoteChecks, preflight } from './preflight';
import { bankAccountParameter } from './recordPayment.operation';
import { invoiceLocator } from './references.description';
import { invoiceRefOf } from './references';
import { fieldsOf } from '../../shared/ledgerRegistry';

const properties: INodeProperties[] = [
	invoiceLocator('invoice', 'Invoice', 'The sales invoice to credit'),
	{
		displayName: 'Source ID',
		name: 'sourceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. re_3MtHbELkdIwHu7ix',
		description:
			"The billing system's refund or credit ID. A credit note already issued for it is not issued again.",
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
		displayName: 'Date',
		name: 'date',
		type: 'string',
		required: true,
		default: '={{ $now.toFormat("yyyy-MM-dd") }}',
		placeholder: 'YYYY-MM-DD',
	},
	{
		displayName: 'Credit',
		name: 'creditType',
		type: 'options',
		options: [
			{ name: 'Full Invoice', value: 'full', description: 'Credit every line of the invoice' },
			{ name: 'Partial, by Amount', value: 'amount', description: 'Credit a gross amount' },
			{
				name: 'Partial, by Lines',
				value: 'lines',
				description: 'Credit the line items given below',
			},
		],
		default: 'full',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 20.00 (or 2000 in minor units)',
		description: 'Gross amount to credit, in the unit chosen in "Amounts Are In"',
		displayOptions: { show: { creditType: ['amount'] } },
	},
	...lineParameters().map((p) => withShow(p, { creditType: ['lines'] })),
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		placeholder: 'e.g. Refund for downtime on 12 November',
	},
	{
		displayName: 'Allocate to Invoice',
		name: 'allocate',
		type: 'boolean',
		default: true,
		description: 'Whether to apply the credit to the invoice, reducing what is due',
	},
	{
		displayName: 'Refund',
		name: 'refund',
		type: 'boolean',
		default: false,
		description:
			'Whether the credit was paid back to the customer (a refund out of a bank account)',
	},
	withShow(
		bankAccountParameter(
			'refundBankAccount',
			'Refund Bank Account Name or ID',
			'The Xero bank account the refund was paid from (its code or AccountID)',
		),
		{ refund: [true] },
	),
	{
		displayName: 'Refund Date',
		name: 'refundDate',
		type: 'string',
		default: '',
		placeholder: 'YYYY-MM-DD (default: the credit note date)',
		displayOptions: { show: { refund: [true] } },
	},
	{
		displayName: 'Refund Reference',
		name: 'refundReference',
		type: 'string',
		default: '',
		displayOptions: { show: { refund: [true] } },
	},
	...correctionParameters('credit note'),
];

export const issueCreditNote: Operation<CreditNote, CreditNoteRecord> = {
	description: forOperation('issueCreditNote', properties),
	read: (ctx, itemIndex, env) => {
		const noteCurrency = currency(ctx.getNodeParameter('currency', itemIndex, ''));
		const noteDate = date(ctx.getNodeParameter('date', itemIndex, ''), 'date', env);
		const creditType = ctx.getNodeParameter('creditType', itemIndex, 'full') as string;
		// An expression can yield anything; an unknown choice must not fall back to a full credit.
		if (!['full', 'amount', 'lines'].includes(creditType)) {
			throw invalidInput('creditType', `"${String(creditType)}" is not full, amount or lines`);
		}
		const refund = ctx.getNodeParameter('refund', itemIndex, false) === true;
		const refundDate = optionalText(ctx.getNodeParameter('refundDate', itemIndex, ''));
		return {
			sourceId: requiredText(ctx.getNodeParameter('sourceId', itemIndex, ''), 'sourceId'),
			invoice: invoiceRefOf(ctx.getNodeParameter('invoice', itemIndex, undefined)),
			date: noteDate,
			currency: noteCurrency,
			...defined('reason', optionalText(ctx.getNodeParameter('reason', itemIndex, ''))),
			...defined(
				'amountMinor',
				creditType === 'amount'
					? exactMoney(
							ctx.getNodeParameter('amount', itemIndex, ''),
							env.amountUnit,
							noteCurrency,
							'amount',
						)
					: undefined,
			),
			...defined(
				'lines',
				creditType === 'lines' ? readLines(ctx, itemIndex, env, noteCurrency) : undefined,
			),
			allocate: ctx.getNodeParameter('allocate', itemIndex, true) === true,
			...readCorrections(ctx, itemIndex, env, noteCurrency),
			...defined(
				'refund',
				refund
					? {
							date:
								refundDate === undefined ? noteDate : date(refundDate, 'refund.date', env),
							...defined(
								'bankAccount',
								fieldsOf(env.ledger).bankAccount
									? requiredText(
											ctx.getNodeParameter('refundBankAccount', itemIndex, ''),
											'refund.bankAccount',
										)
									: undefined,
							),
							...defined(
								'reference',
								optionalText(ctx.getNodeParameter('refundReference', itemIndex, '')),
							),
						}
					: undefined,
			),
		};
	},
	validate: (ledger, input, itemIndex) => preflight(ledger, input, itemIndex, creditNoteChecks),
	run: (ledger, inputs) => ledger.issueCreditNotes(inputs),
};
