/** The Invoice Paid polling trigger's parameters (n8n adds "Poll Times" itself). */
import type { INodeProperties } from 'n8n-workflow';

import { emitCreditOnlyOption, ledgerParameter, tenantParameter } from '../shared/invoicePaid';

export const invoicePaidPollProperties: INodeProperties[] = [
	ledgerParameter,
	tenantParameter,
	{
		displayName:
			'Use this trigger when n8n has no public URL. With one, the webhook trigger reacts within seconds and uses fewer API calls.',
		name: 'pollNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			emitCreditOnlyOption,
			{
				displayName: 'Include Invoices Paid in the Last (Days)',
				name: 'lookbackDays',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 365 },
				default: 0,
				description:
					'On activation, also emit invoices paid this many days before. 0 starts from the moment of activation.',
			},
			{
				displayName: 'Overlap Window (Minutes)',
				name: 'overlapMinutes',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1440 },
				default: 10,
				description:
					'Each poll re-reads this much before the last one, so changes the ledger stamps late (clock skew) are not missed. Repeats are never emitted twice.',
			},
			{
				displayName: 'Test Event Window (Days)',
				name: 'testEventWindowDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 365 },
				default: 90,
				description: '"Fetch Test Event" shows the latest invoice paid within this many days',
			},
		],
	},
];
