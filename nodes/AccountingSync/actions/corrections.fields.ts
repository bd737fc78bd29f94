/**
 * What the node does when the ledger already holds the source id with other values, and the
 * total the billing system expects: shared by Create Invoice and Issue Credit Note.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { DifferencePolicy } from '../../../core/model';
import { defined, optionalMoney, type ReadEnv } from './inputs';

export function correctionParameters(what: 'invoice' | 'credit note'): INodeProperties[] {
	return [
		{
			displayName: 'If It Exists With Other Values',
			name: 'ifDifferent',
			type: 'options',
			options: [
				{
					name: 'Update It Where the Ledger Allows',
					value: 'update',
					description:
						'Drafts are always updated. A final one is updated where the ledger allows it (Xero: approved with nothing paid or allocated; EasyBill locks finalised documents), else the item fails as a conflict naming each difference.',
				},
				{
					name: 'Fail',
					value: 'fail',
					description: `A final ${what} with other values fails as a conflict naming each difference; nothing is written`,
				},
				{
					name: "Keep the Ledger's Version",
					value: 'keep',
					description:
						'Leave the ledger as it is and return the item as unchanged, with the list of differences',
				},
			],
			default: 'update',
			description: `What to do when a ${what} already exists for the source ID with other values (contact, currency, dates, lines, totals). Equal values always come back as unchanged.`,
		},
		{
			displayName: 'Expected Total',
			name: 'expectedTotal',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.total }}',
			description: `The gross total your billing system computed for the ${what} (e.g. Stripe's total), in the unit chosen in "Amounts Are In". If the ledger would book another total, even by one cent, the item fails with both figures and nothing is finalised.`,
		},
	];
}

export function readCorrections(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: ReadEnv,
	currency: string,
): { ifDifferent?: DifferencePolicy; expectedTotalMinor?: number } {
	const policy = ctx.getNodeParameter('ifDifferent', itemIndex, 'update');
	return {
		...defined('ifDifferent', policy === 'fail' || policy === 'keep' ? policy : undefined),
		...defined(
			'expectedTotalMinor',
			optionalMoney(
				ctx.getNodeParameter('expectedTotal', itemIndex, ''),
				env.amountUnit,
				currency,
				'expectedTotal',
			),
		),
	};
}
