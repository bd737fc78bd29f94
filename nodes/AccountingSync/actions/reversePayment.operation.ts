/**
 * Reverse Payment: deletes a payment recorded by Record Payment (Xero: Status DELETED; EasyBill:
 * the payment is deleted), reopening its invoice. A payment reversed before is "unchanged".
 */
import type { INodeProperties } from 'n8n-workflow';

import type { ReversedPayment, ReversePayment } from '../../../core/lifecycle';
import { forOperation } from './displayOptions';
import { capability, paymentLocator, paymentRefOf } from './lifecycle';
import type { Operation } from './operation';

const properties: INodeProperties[] = [
	paymentLocator,
	{
		displayName:
			'EasyBill deletes payments outright: a payment reversed earlier and one never recorded both come back "unchanged" with a note. Xero keeps reversed payments, so an unknown source ID fails there.',
		name: 'reversePaymentLedgerNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ledger: ['easybill'] } },
	},
];

export const reversePayment: Operation<ReversePayment, ReversedPayment> = {
	description: forOperation('reversePayment', properties),
	read: (ctx, itemIndex) => ({ payment: paymentRefOf(ctx.getNodeParameter('payment', itemIndex, undefined)) }),
	validate: () => undefined,
	run: (ledger, inputs) => capability(ledger, 'reversePayments', 'Reverse Payment')(inputs),
};
