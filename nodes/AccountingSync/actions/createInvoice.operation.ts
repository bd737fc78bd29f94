/**
 * Create Invoice: one sales invoice per item, many lines, for a contact named by reference or
 * given inline (upserted first). The source ID is the idempotency handle: an invoice that already
 * exists for it is compared with the input (`unchanged` only when equal, else updated or a conflict).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../../../core/errors';
import type { ContactRef, Invoice, InvoiceRecord, TaxMode } from '../../../core/model';
import { fieldsOf, ledgerRegistration, registeredLedgers } from '../../shared/ledgerRegistry';
import { contactDetailFields, readContact } from './contact.fields';
import { correctionParameters, readCorrections } from './corrections.fields';
import { forOperation, withShow } from './displayOptions';
import {
	currency,
	date,
	defined,
	optionalDate,
	optionalDecimal,
	optionalText,
	requiredText,
	type ReadEnv,
} from './inputs';
import { lineParameters, readLines } from './lines.fields';
import type { Operation } from './operation';
import { invoiceChecks, preflight } from './preflight';
import { contactLocator } from './references.description';
import { contactRefOf } from './references';

const INLINE = { sourceId: 'contactSourceId', name: 'contactName' };

/** The ledgers whose documents take an exchange rate (Xero); the field is shown for them only. */
const RATE_LEDGERS = registeredLedgers()
	.filter((ledger) => ledger.fields.currencyRate)
	.map((ledger) => ledger.kind);

const properties: INodeProperties[] = [
	{
		displayName: 'Source ID',
		name: 'sourceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. in_1MtHbELkdIwHu7ix',
		description:
			"The billing system's invoice ID. An invoice already created for it is never created twice: it comes back unchanged when it holds exactly these values, else see If It Exists With Other Values.",
	},
	{
		displayName: 'Contact',
		name: 'contactBy',
		type: 'options',
		options: [
			{
				name: 'Existing Contact',
				value: 'reference',
				description: 'Pick it, or give its ledger ID or source ID',
			},
			{
				name: 'Contact Details',
				value: 'details',
				description: 'Upsert the contact first, then invoice it',
			},
		],
		default: 'reference',
	},
	withShow(contactLocator('contact', 'Existing Contact'), { contactBy: ['reference'] }),
	...contactDetailFields(INLINE).map((p) => withShow(p, { contactBy: ['details'] })),
	{
		displayName: 'Issue Date',
		name: 'issueDate',
		type: 'string',
		required: true,
		default: '={{ $now.toFormat("yyyy-MM-dd") }}',
		placeholder: 'YYYY-MM-DD',
		description: "YYYY-MM-DD, or an ISO timestamp (read in the ledger's time zone)",
	},
	{
		displayName: 'Due Date',
		name: 'dueDate',
		type: 'string',
		default: '',
		placeholder: 'YYYY-MM-DD',
		description:
			'Xero needs it for a final invoice unless the organisation or contact has payment terms',
	},
	{
		displayName: 'Currency Name or ID',
		name: 'currency',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getCurrencies',
			loadOptionsDependsOn: ['ledger', 'tenantId.value'],
		},
		default: 'EUR',
		required: true,
		description:
			'Currency of the invoice (ISO code). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Amounts Include Tax',
		name: 'taxMode',
		type: 'options',
		options: [
			{
				name: 'No (Net Prices)',
				value: 'exclusive',
				description: 'Tax is added on top of the unit prices',
			},
			{
				name: 'Yes (Gross Prices)',
				value: 'inclusive',
				description: 'Unit prices already include tax',
			},
			{ name: 'No Tax', value: 'none' },
		],
		default: 'exclusive',
	},
	...lineParameters(),
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Draft', value: 'draft', description: 'Stays editable; cannot take payments yet' },
			{
				name: 'Final',
				value: 'final',
				description: 'Xero AUTHORISED, EasyBill finalised (numbered and locked)',
			},
		],
		default: 'final',
	},
	...correctionParameters('invoice'),
	{
		displayName: 'Additional Fields',
		name: 'invoiceFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Invoice Number',
				name: 'number',
				type: 'string',
				default: '',
				description: 'Leave empty to let the ledger number it',
			},
			{
				displayName: 'Exchange Rate',
				name: 'currencyRate',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 6 },
				default: 0,
				description:
					"Units of the invoice currency per one unit of the organisation's base currency (Xero CurrencyRate), e.g. 1.165 for EUR in a GBP organisation. 0: Xero's own day rate. EasyBill has no exchange rate on documents.",
				displayOptions: { show: { '/ledger': RATE_LEDGERS } },
			},
			{ displayName: 'Reference', name: 'reference', type: 'string', default: '' },
		],
	},
];

/** The exchange rate, when one is given (0 or empty: the ledger's day rate). */
function readRate(value: unknown, env: ReadEnv): number | undefined {
	const rate = optionalDecimal(value === 0 ? undefined : value, 'currencyRate');
	if (rate === undefined) return undefined;
	if (!(rate > 0)) throw invalidInput('currencyRate', `must be above 0, got ${rate}`);
	if (!fieldsOf(env.ledger).currencyRate) {
		throw invalidInput(
			'currencyRate',
			`${ledgerRegistration(env.ledger).displayName} keeps no exchange rate on a document (only its currency): leave Exchange Rate empty`,
		);
	}
	return rate;
}

function readContactRef(ctx: IExecuteFunctions, itemIndex: number, env: ReadEnv): ContactRef {
	if (ctx.getNodeParameter('contactBy', itemIndex, 'reference') === 'details') {
		return { contact: readContact(ctx, itemIndex, env, INLINE, 'contact.') };
	}
	return contactRefOf(ctx.getNodeParameter('contact', itemIndex, undefined));
}

export const createInvoice: Operation<Invoice, InvoiceRecord> = {
	description: forOperation('createInvoice', properties),
	read: (ctx, itemIndex, env) => {
		const invoiceCurrency = currency(ctx.getNodeParameter('currency', itemIndex, ''));
		const extra = ctx.getNodeParameter('invoiceFields', itemIndex, {}) as IDataObject;
		return {
			sourceId: requiredText(ctx.getNodeParameter('sourceId', itemIndex, ''), 'sourceId'),
			contact: readContactRef(ctx, itemIndex, env),
			issueDate: date(ctx.getNodeParameter('issueDate', itemIndex, ''), 'issueDate', env),
			...defined(
				'dueDate',
				optionalDate(ctx.getNodeParameter('dueDate', itemIndex, ''), 'dueDate', env),
			),
			currency: invoiceCurrency,
			lines: readLines(ctx, itemIndex, env, invoiceCurrency),
			taxMode: ctx.getNodeParameter('taxMode', itemIndex, 'exclusive') as TaxMode,
			status: ctx.getNodeParameter('status', itemIndex, 'final') === 'draft' ? 'draft' : 'final',
			...defined('number', optionalText(extra.number)),
			...defined('reference', optionalText(extra.reference)),
			...defined('currencyRate', readRate(extra.currencyRate, env)),
			...readCorrections(ctx, itemIndex, env, invoiceCurrency),
		};
	},
	validate: (ledger, input, itemIndex) => preflight(ledger, input, itemIndex, invoiceChecks),
	run: (ledger, inputs) => ledger.createInvoices(inputs),
};
