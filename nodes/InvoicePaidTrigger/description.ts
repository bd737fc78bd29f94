/** The Invoice Paid (webhook) trigger's parameters. */
import type { INodeProperties } from 'n8n-workflow';

import {
	emitCreditOnlyOption,
	emitParameter,
	ledgerParameter,
	legacySigningKeyProperties,
	tenantParameter,
} from '../shared/invoicePaid';

const xeroOnly = { show: { ledger: ['xero'] } };
const easyBillOnly = { show: { ledger: ['easybill'] } };

export const invoicePaidTriggerProperties: INodeProperties[] = [
	ledgerParameter,
	{
		displayName:
			'Xero webhooks are set up by hand, once per Xero app: in developer.xero.com open My Apps → your app → Webhooks, tick <b>Invoices</b>, paste this node\'s <b>Production URL</b> (shown above) as the delivery URL and save. Put the app\'s <b>Webhooks key</b> into a <b>Xero Webhook Signing Key</b> credential and select it above. Activate this workflow before Xero\'s "intent to receive" check, which this node answers. While testing, paste the Test URL instead and click "Listen for test event" first. One Xero app has one URL: use one workflow per app, or the polling trigger.',
		name: 'xeroSetupNotice',
		type: 'notice',
		default: '',
		displayOptions: xeroOnly,
	},
	tenantParameter,
	...legacySigningKeyProperties,
	{
		displayName:
			'The node registers its webhook in EasyBill when the workflow is activated and removes it when deactivated. The webhook URL carries a random secret; deliveries without it are refused.',
		name: 'easyBillNotice',
		type: 'notice',
		default: '',
		displayOptions: easyBillOnly,
	},
	emitParameter,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [emitCreditOnlyOption],
	},
];
