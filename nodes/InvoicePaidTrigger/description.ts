/** The Invoice Paid (webhook) trigger's parameters. */
import type { INodeProperties } from 'n8n-workflow';

import { ledgerParameter, tenantParameter } from './common/ledgerParameters';

const xeroOnly = { show: { ledger: ['xero'] } };
const easyBillOnly = { show: { ledger: ['easybill'] } };

export const invoicePaidTriggerProperties: INodeProperties[] = [
	ledgerParameter,
	{
		displayName:
			'Xero webhooks are set up by hand, once per Xero app: in developer.xero.com open My Apps → your app → Webhooks, tick <b>Invoices</b>, paste this node\'s <b>Production URL</b> (shown above) as the delivery URL and save. Copy the app\'s <b>Webhooks key</b> into Signing Key below. Activate this workflow before Xero\'s "intent to receive" check, which this node answers. While testing, paste the Test URL instead and click "Listen for test event" first. One Xero app has one URL: use one workflow per app, or the polling trigger.',
		name: 'xeroSetupNotice',
		type: 'notice',
		default: '',
		displayOptions: xeroOnly,
	},
	tenantParameter,
	{
		displayName: 'Signing Key',
		name: 'signingKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description:
			'The Webhooks key of your Xero app (developer.xero.com → My Apps → Webhooks). Deliveries not signed with it are refused with 401.',
		displayOptions: xeroOnly,
	},
	{
		displayName:
			'The node registers its webhook in EasyBill when the workflow is activated and removes it when deactivated. The webhook URL carries a random secret; deliveries without it are refused.',
		name: 'easyBillNotice',
		type: 'notice',
		default: '',
		displayOptions: easyBillOnly,
	},
	{
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
					'Once per payment on an invoice, partial payments included, with the amount paid',
			},
		],
		default: 'paid',
		displayOptions: easyBillOnly,
	},
];
