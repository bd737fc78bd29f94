/**
 * Line items, entered one by one in the editor or passed as a JSON array (e.g. a Stripe invoice's
 * `lines.data` mapped by an expression). Both give the same canonical lines.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../../../core/errors';
import type { InvoiceLine } from '../../../core/model';
import {
	compact,
	decimal,
	money,
	optionalDecimal,
	optionalText,
	requiredText,
	type ReadEnv,
} from './inputs';

export type LinesContext = 'invoice' | 'creditNote';

export function lineParameters(): INodeProperties[] {
	return [
		{
			displayName: 'Line Items Input',
			name: 'lineInputMode',
			type: 'options',
			options: [
				{ name: 'Fields', value: 'fields', description: 'Enter each line item' },
				{
					name: 'JSON',
					value: 'json',
					description: 'An array of line items, e.g. from a Stripe payload',
				},
			],
			default: 'fields',
		},
		{
			displayName: 'Line Items',
			name: 'lines',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Line Item',
			default: {},
			displayOptions: { show: { lineInputMode: ['fields'] } },
			options: [
				{
					displayName: 'Line Item',
					name: 'line',
					values: [
						{
							displayName: 'Account Name or ID',
							name: 'accountCode',
							type: 'options',
							typeOptions: {
								loadOptionsMethod: 'getRevenueAccounts',
								loadOptionsDependsOn: ['/tenantId.value'],
							},
							default: '',
							description:
								'Xero revenue account (its code). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
							displayOptions: { show: { '/ledger': ['xero'] } },
						},
						{
							displayName: 'Description',
							name: 'description',
							type: 'string',
							default: '',
							required: true,
							placeholder: 'e.g. Pro plan, November',
						},
						{
							displayName: 'Discount (%)',
							name: 'discountPercent',
							type: 'number',
							typeOptions: { minValue: 0, maxValue: 100 },
							default: 0,
						},
						{
							displayName: 'Item Code',
							name: 'itemCode',
							type: 'string',
							default: '',
							description: 'Product or item code, if the ledger tracks items',
						},
						{
							displayName: 'Quantity',
							name: 'quantity',
							type: 'number',
							typeOptions: { minValue: 0, numberPrecision: 4 },
							default: 1,
						},
						{
							displayName: 'Tax (%)',
							name: 'taxPercent',
							type: 'number',
							typeOptions: { minValue: 0, maxValue: 100 },
							default: 19,
							description: 'VAT percentage of this line (19 is the German standard rate)',
							displayOptions: { show: { '/ledger': ['easybill'] } },
						},
						{
							displayName: 'Tax Rate Name or ID',
							name: 'taxType',
							type: 'options',
							typeOptions: {
								loadOptionsMethod: 'getTaxRates',
								loadOptionsDependsOn: ['/tenantId.value'],
							},
							default: '',
							description:
								'Xero tax rate of this line. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
							displayOptions: { show: { '/ledger': ['xero'] } },
						},
						{
							displayName: 'Unit Price',
							name: 'unitPrice',
							type: 'string',
							default: '',
							placeholder: 'e.g. 49.00 (or 4900 in minor units)',
							description:
								'In the unit chosen in "Amounts Are In"; net or gross as "Amounts Include Tax" says',
						},
					],
				},
			],
		},
		{
			displayName: 'Line Items (JSON)',
			name: 'linesJson',
			type: 'json',
			default:
				'[\n  { "description": "Pro plan", "quantity": 1, "unitPrice": 49, "taxPercent": 19 }\n]',
			description:
				'Array of objects with description, quantity, unitPrice (or unit_amount / amount), discountPercent, taxType or taxPercent, accountCode, itemCode. Amounts follow "Amounts Are In".',
			displayOptions: { show: { lineInputMode: ['json'] } },
		},
	];
}

export function readLines(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: ReadEnv,
	currencyCode: string,
): InvoiceLine[] {
	const mode = ctx.getNodeParameter('lineInputMode', itemIndex, 'fields') as string;
	const raw =
		mode === 'json'
			? jsonLines(ctx.getNodeParameter('linesJson', itemIndex, '[]'))
			: (((ctx.getNodeParameter('lines', itemIndex, {}) as IDataObject).line as
					IDataObject[] | undefined) ?? []);
	if (raw.length === 0) throw invalidInput('lines', 'needs at least one line item');
	return raw.map((line, index) => toLine(line, index, env, currencyCode));
}

function jsonLines(value: unknown): IDataObject[] {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw invalidInput('lines', 'Line Items (JSON) is not valid JSON');
		}
	}
	// Accept a Stripe-style list object ({ data: [...] }) as well as a plain array.
	if (
		parsed &&
		typeof parsed === 'object' &&
		!Array.isArray(parsed) &&
		Array.isArray((parsed as IDataObject).data)
	) {
		parsed = (parsed as IDataObject).data;
	}
	if (!Array.isArray(parsed))
		throw invalidInput('lines', 'Line Items (JSON) must be an array of objects');
	return parsed.map((line, index) => {
		if (!line || typeof line !== 'object' || Array.isArray(line)) {
			throw invalidInput(`lines[${index}]`, 'must be an object');
		}
		return line as IDataObject;
	});
}

function toLine(line: IDataObject, index: number, env: ReadEnv, currencyCode: string): InvoiceLine {
	const at = `lines[${index}]`;
	const quantity =
		line.quantity === undefined || line.quantity === ''
			? 1
			: decimal(line.quantity, `${at}.quantity`);
	if (quantity < 0) throw invalidInput(`${at}.quantity`, 'must not be negative');
	const price = firstDefined(
		line.unitPrice,
		line.unit_amount,
		(line.price as IDataObject | undefined)?.unit_amount,
		line.amount,
	);
	const unitPriceMinor = money(price, env.amountUnit, currencyCode, `${at}.unitPrice`);
	const discountPercent = optionalDecimal(
		line.discountPercent ?? line.discount,
		`${at}.discountPercent`,
	);
	if (discountPercent !== undefined && (discountPercent < 0 || discountPercent > 100)) {
		throw invalidInput(`${at}.discountPercent`, 'must be between 0 and 100');
	}
	const taxRatePercent =
		env.ledger === 'easybill'
			? optionalDecimal(line.taxPercent ?? line.vat_percent, `${at}.taxPercent`)
			: undefined;
	if (taxRatePercent !== undefined && (taxRatePercent < 0 || taxRatePercent > 100)) {
		throw invalidInput(`${at}.taxPercent`, 'must be between 0 and 100');
	}
	return compact({
		description: requiredText(line.description, `${at}.description`),
		quantity,
		unitPriceMinor,
		discountPercent: discountPercent === 0 ? undefined : discountPercent,
		taxRatePercent,
		taxType: env.ledger === 'xero' ? optionalText(line.taxType) : undefined,
		accountCode: env.ledger === 'xero' ? optionalText(line.accountCode) : undefined,
		itemCode: optionalText(line.itemCode),
	});
}

function firstDefined(...values: unknown[]): unknown {
	return values.find((v) => v !== undefined && v !== null && v !== '');
}
