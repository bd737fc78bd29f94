/**
 * Line items, entered one by one in the editor or passed as a JSON array (e.g. a Stripe invoice's
 * `lines.data` mapped by an expression). Both give the same canonical lines.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../../../core/errors';
import type { InvoiceLine, LineTracking } from '../../../core/model';
import {
	compact,
	decimal,
	money,
	optionalDecimal,
	optionalText,
	requiredText,
	type ReadEnv,
} from './inputs';
import { fieldsOf, ledgerRegistration, registeredLedgers } from '../../shared/ledgerRegistry';

/** The ledgers whose lines take tracking categories (Xero); the field is shown for them only. */
const TRACKING_LEDGERS = registeredLedgers()
	.filter((ledger) => ledger.fields.trackingCategories)
	.map((ledger) => ledger.kind);

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
							displayName: 'Tracking Names or IDs',
							name: 'tracking',
							type: 'multiOptions',
							typeOptions: {
								loadOptionsMethod: 'getTrackingOptions',
								loadOptionsDependsOn: ['/tenantId.value'],
							},
							default: [],
							description:
								'Tracking category options of this line, at most one per category and two in all (Xero only; EasyBill has no tracking). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
							displayOptions: { show: { '/ledger': TRACKING_LEDGERS } },
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
				'Array of objects with description, quantity, unitPrice, discountPercent, taxType or taxPercent, accountCode, itemCode, tracking (Xero only: ["Region: North"] or [{ "category": "Region", "option": "North" }]). unitPrice follows "Amounts Are In"; Stripe lines (unit_amount, price.unit_amount, amount) are always read in minor units, as Stripe sends them.',
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
	const unitPriceMinor =
		line.unitPrice !== undefined && line.unitPrice !== null && line.unitPrice !== ''
			? money(line.unitPrice, env.amountUnit, currencyCode, `${at}.unitPrice`)
			: stripeUnitPriceMinor(line, quantity, at);
	const discountPercent = optionalDecimal(
		line.discountPercent ?? line.discount,
		`${at}.discountPercent`,
	);
	if (discountPercent !== undefined && (discountPercent < 0 || discountPercent > 100)) {
		throw invalidInput(`${at}.discountPercent`, 'must be between 0 and 100');
	}
	const taxRatePercent =
		fieldsOf(env.ledger).lineTaxPercent
			? optionalDecimal(line.taxPercent ?? line.vat_percent, `${at}.taxPercent`)
			: undefined;
	if (taxRatePercent !== undefined && (taxRatePercent < 0 || taxRatePercent > 100)) {
		throw invalidInput(`${at}.taxPercent`, 'must be between 0 and 100');
	}
	const codes = fieldsOf(env.ledger).lineTaxTypeAndAccount;
	const tracking = readTracking(line.tracking, `${at}.tracking`);
	if (tracking && !fieldsOf(env.ledger).trackingCategories) {
		throw invalidInput(
			`${at}.tracking`,
			`${ledgerRegistration(env.ledger).displayName} has no tracking categories: remove them from this line (they would be lost)`,
		);
	}
	return compact({
		description: requiredText(line.description, `${at}.description`),
		quantity,
		unitPriceMinor,
		discountPercent: discountPercent === 0 ? undefined : discountPercent,
		taxRatePercent,
		taxType: codes ? optionalText(line.taxType) : undefined,
		accountCode: codes ? optionalText(line.accountCode) : undefined,
		itemCode: optionalText(line.itemCode),
		tracking,
	});
}

/**
 * A line's tracking: the picker's "Category: Option" texts, or objects `{ category, option }`
 * (Xero's own `{ Name, Option }` too). Nothing given: undefined.
 */
function readTracking(value: unknown, at: string): LineTracking[] | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const list = Array.isArray(value) ? value : [value];
	const tracking = list.map((entry): LineTracking => {
		if (typeof entry === 'string') {
			const colon = entry.indexOf(':');
			const category = colon > 0 ? entry.slice(0, colon).trim() : '';
			const option = colon > 0 ? entry.slice(colon + 1).trim() : '';
			if (!category || !option)
				throw invalidInput(at, `"${entry}" is not "Category: Option" (e.g. "Region: North")`);
			return { category, option };
		}
		if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
			const e = entry as IDataObject;
			const category = e.category ?? e.Name ?? e.name;
			const option = e.option ?? e.Option;
			if (typeof category === 'string' && category.trim() && typeof option === 'string' && option.trim())
				return { category: category.trim(), option: option.trim() };
		}
		throw invalidInput(at, 'each entry needs a category and an option, e.g. "Region: North"');
	});
	return tracking.length > 0 ? tracking : undefined;
}

function firstDefined(...values: unknown[]): unknown {
	return values.find((v) => v !== undefined && v !== null && v !== '');
}

/**
 * A line in Stripe's shape (`lines.data` of an invoice: `unit_amount`, `price.unit_amount`,
 * `pricing.unit_amount_decimal`, or only the line total `amount`). Stripe always counts in the
 * currency's minor units, so these fields are read as minor units whatever "Amounts Are In" says:
 * reading 4900 as 4,900.00 would book a hundred times the price.
 */
function stripeUnitPriceMinor(line: IDataObject, quantity: number, at: string): number {
	const field = `${at}.unitPrice`;
	const price = line.price as IDataObject | undefined;
	const pricing = line.pricing as IDataObject | undefined;
	const unit = firstDefined(
		line.unit_amount,
		price?.unit_amount,
		pricing?.unit_amount_decimal,
		price?.unit_amount_decimal,
	);
	const discounts = Array.isArray(line.discount_amounts)
		? (line.discount_amounts as IDataObject[]).filter((d) => Number(d.amount) !== 0)
		: [];
	if (discounts.length > 0) {
		throw invalidInput(
			field,
			'this Stripe line has discount_amounts: map the discount into discountPercent (or a negative line) so the books match what was charged',
		);
	}
	if (unit !== undefined) return money(unit, 'minor', '', field);
	if (line.amount === undefined || line.amount === null || line.amount === '')
		throw invalidInput(field, 'must not be empty');
	// Only the line total: Stripe's `amount` is quantity × unit price.
	const total = money(line.amount, 'minor', '', field);
	const perUnit = quantity === 0 ? 0 : total / quantity;
	if (!Number.isSafeInteger(perUnit)) {
		throw invalidInput(
			field,
			`the Stripe line amount ${total} is not a whole number of minor units per unit for quantity ${quantity}: give unit_amount`,
		);
	}
	return perUnit;
}
