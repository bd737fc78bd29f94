/**
 * What differs between what the ledger holds and what was asked, written once for every ledger:
 * each provider maps its record to this canonical form, and this file decides what is "the same".
 * A field the input leaves open (no account code, no due date) is not compared: the ledger's
 * default is what the caller accepted. `unchanged` is only ever reported for an empty list.
 */
import { LedgerError } from './errors';
import type { DifferencePolicy } from './model';
import { currencyExponent, formatMajor } from './money';

export interface ComparableLine {
	description?: string;
	quantity: number;
	/** Minor units of the document currency. */
	unitPriceMinor: number;
	discountPercent?: number;
	/** The ledger's tax code (Xero `TaxType`) ... */
	taxType?: string;
	/** ... or the rate in percent (EasyBill `vat_percent`). */
	taxRatePercent?: number;
	accountCode?: string;
	/** Tracking categories and options as one text ("Region: North, Department: Sales"). */
	tracking?: string;
}

export interface ComparableDocument {
	/** The ledger id of the contact. */
	contactId?: string;
	currency: string;
	issueDate?: string;
	dueDate?: string;
	/** exclusive | inclusive | none */
	taxMode?: string;
	/** Units of the currency per base-currency unit (Xero `CurrencyRate`); compared when the input gives one. */
	currencyRate?: number;
	lines?: ComparableLine[];
	totalMinor?: number;
	/**
	 * `voided` on the ledger side when the document is voided (Xero VOIDED, an EasyBill storno);
	 * `draft` | `final` on the input side. Compared only against a voided document: no input
	 * re-issues it, so it is never `unchanged`.
	 */
	status?: string;
	/**
	 * Decimals of the amounts above when they are not the currency's minor units (EasyBill keeps
	 * hundredths of the unit whatever the currency): used only to show them.
	 */
	amountDecimals?: number;
}

/** One differing field: where it is (canonical path), how the node names it, and both values. */
export interface Difference {
	field: string;
	label: string;
	ledger: string;
	input: string;
}

/** "Line 2 → Unit Price: ledger 24.02, input 9999.99" */
export function describeDifference(d: Difference): string {
	return `${d.label}: ledger ${d.ledger}, input ${d.input}`;
}

export function describeDifferences(differences: Difference[]): string {
	return differences.map(describeDifference).join('; ');
}

const text = (value: string | undefined) => value?.trim() ?? '';
const shown = (value: string | undefined) => (text(value) === '' ? '(none)' : text(value));
const sameNumber = (a: number | undefined, b: number | undefined) =>
	Math.abs((a ?? 0) - (b ?? 0)) < 1e-9;

type Money = (amount: number) => string;

function moneyFormat(currency: string, decimals?: number): Money {
	if (decimals === undefined || decimals === currencyExponent(currency))
		return (amount) => formatFraction(amount, currencyExponent(currency), (m) => formatMajor(m, currency));
	return (amount) => (amount / 10 ** decimals).toFixed(decimals);
}

/** Whole minor units as the currency writes them; a sub-unit price (4-decimal Xero) in full. */
function formatFraction(amount: number, exponent: number, whole: (m: number) => string): string {
	return Number.isInteger(amount) ? whole(amount) : String(amount / 10 ** exponent);
}

function compareLine(
	n: number,
	ledger: ComparableLine,
	input: ComparableLine,
	money: Money,
	out: Difference[],
): void {
	const at = (field: string, label: string, l: string, i: string) =>
		out.push({ field: `lines[${n}].${field}`, label: `Line ${n + 1} → ${label}`, ledger: l, input: i });
	if (input.description !== undefined && text(ledger.description) !== text(input.description))
		at('description', 'Description', shown(ledger.description), shown(input.description));
	if (!sameNumber(ledger.quantity, input.quantity))
		at('quantity', 'Quantity', String(ledger.quantity), String(input.quantity));
	if (!sameNumber(ledger.unitPriceMinor, input.unitPriceMinor))
		at('unitPriceMinor', 'Unit Price', money(ledger.unitPriceMinor), money(input.unitPriceMinor));
	if (!sameNumber(ledger.discountPercent, input.discountPercent))
		at(
			'discountPercent',
			'Discount %',
			String(ledger.discountPercent ?? 0),
			String(input.discountPercent ?? 0),
		);
	if (input.taxType !== undefined && text(ledger.taxType) !== text(input.taxType))
		at('taxType', 'Tax Type', shown(ledger.taxType), shown(input.taxType));
	if (input.taxRatePercent !== undefined && !sameNumber(ledger.taxRatePercent, input.taxRatePercent))
		at(
			'taxRatePercent',
			'Tax Rate %',
			String(ledger.taxRatePercent ?? 0),
			String(input.taxRatePercent),
		);
	if (input.accountCode !== undefined && text(ledger.accountCode) !== text(input.accountCode))
		at('accountCode', 'Account', shown(ledger.accountCode), shown(input.accountCode));
	if (input.tracking !== undefined && text(ledger.tracking).toLowerCase() !== text(input.tracking).toLowerCase())
		at('tracking', 'Tracking', shown(ledger.tracking), shown(input.tracking));
}

function lineSummary(line: ComparableLine | undefined, money: Money): string {
	if (!line) return '(no line)';
	const what = text(line.description) || 'line';
	return `${what} × ${line.quantity} at ${money(line.unitPriceMinor)}`;
}

export function compareDocuments(
	ledger: ComparableDocument,
	input: ComparableDocument,
): Difference[] {
	const out: Difference[] = [];
	const top = (field: string, label: string, l: string | undefined, i: string | undefined) => {
		if (i !== undefined && text(l) !== text(i))
			out.push({ field, label, ledger: shown(l), input: shown(i) });
	};
	top('contact', 'Contact', ledger.contactId, input.contactId);
	top('currency', 'Currency', ledger.currency, input.currency);
	top('issueDate', 'Issue Date', ledger.issueDate, input.issueDate);
	top('dueDate', 'Due Date', ledger.dueDate, input.dueDate);
	top('taxMode', 'Amounts Include Tax', ledger.taxMode, input.taxMode);
	if (ledger.status === 'voided' && input.status !== undefined && input.status !== 'voided')
		out.push({ field: 'status', label: 'Status', ledger: 'voided', input: input.status });
	if (input.currencyRate !== undefined && !sameNumber(ledger.currencyRate, input.currencyRate))
		out.push({ field: 'currencyRate', label: 'Exchange Rate', ledger: String(ledger.currencyRate ?? '(none)'), input: String(input.currencyRate) });
	const currency = input.currency || ledger.currency;
	const money = moneyFormat(currency, input.amountDecimals);
	if (input.lines) {
		const ledgerLines = ledger.lines ?? [];
		const count = Math.max(ledgerLines.length, input.lines.length);
		for (let n = 0; n < count; n++) {
			const l = ledgerLines[n];
			const i = input.lines[n];
			if (l && i) compareLine(n, l, i, money, out);
			else
				out.push({
					field: `lines[${n}]`,
					label: `Line ${n + 1}`,
					ledger: lineSummary(l, money),
					input: lineSummary(i, money),
				});
		}
	}
	if (
		input.totalMinor !== undefined &&
		ledger.totalMinor !== undefined &&
		input.totalMinor !== ledger.totalMinor
	) {
		out.push({
			field: 'totalMinor',
			label: 'Total',
			ledger: money(ledger.totalMinor),
			input: money(input.totalMinor),
		});
	}
	return out;
}


export type Correction =
	| { action: 'unchanged'; differences?: Difference[] }
	| { action: 'update' }
	| { action: 'conflict'; error: LedgerError };

/**
 * The one rule for every ledger: equal → unchanged; a draft → update it; a final document →
 * update it where the ledger allows (and the caller did not say otherwise), keep the ledger's
 * version when asked (reported with its differences), or fail as a conflict naming every field.
 */
export function decideCorrection(
	differences: Difference[],
	options: {
		policy?: DifferencePolicy;
		draft: boolean;
		/** Why the ledger will not take an edit of this final document; undefined when it will. */
		locked?: string;
		what: string;
		itemIndex?: number;
	},
): Correction {
	if (differences.length === 0) return { action: 'unchanged' };
	if (options.draft) return { action: 'update' };
	const policy = options.policy ?? 'update';
	if (policy === 'keep') return { action: 'unchanged', differences };
	if (policy === 'update' && options.locked === undefined) return { action: 'update' };
	const why =
		policy === 'fail'
			? '"If It Exists With Other Values" is set to Fail'
			: (options.locked ?? 'the ledger does not allow editing it');
	return {
		action: 'conflict',
		error: differencesConflict(differences, `${options.what} already exists with other values and ${why}`, options.itemIndex),
	};
}

/** A `conflict` naming each differing field with both values; nothing was written. */
export function differencesConflict(
	differences: Difference[],
	reason: string,
	itemIndex?: number,
): LedgerError {
	return new LedgerError(
		`${reason}. Nothing was written. ${describeDifferences(differences)}`,
		{ kind: 'conflict', itemIndex, field: differences[0]?.field, differences },
	);
}

/** The Expected Total check: fails (kind `conflict`) when the ledger would book another total. */
export function expectedTotalMismatch(
	expectedMinor: number | undefined,
	ledgerMinor: number | undefined,
	currency: string,
	what: string,
	itemIndex?: number,
): LedgerError | undefined {
	if (expectedMinor === undefined) return undefined;
	if (ledgerMinor === undefined) {
		return new LedgerError(
			`expectedTotal: the total the ledger will book for ${what} cannot be worked out before writing (give every line its tax type); nothing was written`,
			{ kind: 'validation', field: 'expectedTotalMinor', itemIndex },
		);
	}
	if (ledgerMinor === expectedMinor) return undefined;
	const difference: Difference = {
		field: 'expectedTotalMinor',
		label: 'Total',
		ledger: formatMajor(ledgerMinor, currency),
		input: formatMajor(expectedMinor, currency),
	};
	return new LedgerError(
		`expectedTotal: the ledger would book ${what} at ${difference.ledger} ${currency} but the Expected Total is ${difference.input} ${currency}; nothing was finalised`,
		{ kind: 'conflict', field: 'expectedTotalMinor', itemIndex, differences: [difference] },
	);
}
