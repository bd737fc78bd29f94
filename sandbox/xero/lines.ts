/**
 * Line items and document totals, computed the way Xero does: each line is rounded on its own
 * (LineAmount, then TaxAmount), and the totals are sums of rounded lines. That is why a client
 * that computes tax on the document total can be a cent off Xero.
 */
import { randomUUID } from 'node:crypto';

import type { Book } from './book';
import { round, sumMoney } from './format';
import type { XeroRecord } from './seed';

export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

export interface LineOptions {
	lineAmountTypes: LineAmountTypes;
	/** Decimals kept on UnitAmount: 2 unless the request says unitdp=4. */
	unitdp: number;
	/** Sales documents (ACCREC, ACCRECCREDIT) need revenue tax rates. */
	sales: boolean;
	/** Approved documents need an account on every line; drafts do not. */
	requireAccount: boolean;
}

export interface Totals {
	LineItems: XeroRecord[];
	SubTotal: number;
	TotalTax: number;
	Total: number;
	TotalDiscount: number;
}

const num = (value: unknown): number | undefined =>
	typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export function computeLines(
	book: Book,
	input: unknown,
	options: LineOptions,
	errors: string[],
): Totals {
	const lines = Array.isArray(input) ? (input as XeroRecord[]) : [];
	const out: XeroRecord[] = [];
	for (const line of lines) {
		const description = typeof line.Description === 'string' ? line.Description.trim() : '';
		if (typeof line.ItemCode === 'string' && line.ItemCode !== '') {
			errors.push(`Item code '${line.ItemCode}' is not valid`);
			continue;
		}
		const quantityGiven = num(line.Quantity);
		const unitGiven = num(line.UnitAmount);
		const lineAmountGiven = num(line.LineAmount);
		if (
			description === '' &&
			quantityGiven === undefined &&
			unitGiven === undefined &&
			lineAmountGiven === undefined
		) {
			errors.push('Description must be specified for each line item');
			continue;
		}
		let quantity = quantityGiven ?? 1;
		let unit = unitGiven;
		if (unit === undefined && lineAmountGiven !== undefined)
			unit = quantity === 0 ? 0 : lineAmountGiven / quantity;
		unit = round(unit ?? 0, options.unitdp);
		if (
			quantityGiven === undefined &&
			unitGiven !== undefined &&
			lineAmountGiven !== undefined &&
			unit !== 0
		) {
			quantity = round(lineAmountGiven / unit, 4);
		}
		const discountRate = num(line.DiscountRate) ?? 0;
		const discountAmount = num(line.DiscountAmount) ?? 0;
		const gross = quantity * unit;
		const lineAmount = round(gross * (1 - discountRate / 100) - discountAmount);

		let account: XeroRecord | undefined;
		if (typeof line.AccountCode === 'string' && line.AccountCode !== '') {
			account = book.accounts.find((a) => a.Code === line.AccountCode);
			if (!account) {
				errors.push(`Account code '${line.AccountCode}' is not a valid code for this document.`);
				continue;
			}
			if (account.Status !== 'ACTIVE') {
				errors.push(
					`Account code '${line.AccountCode}' has been archived, or has been deleted. Each line item must reference a valid account.`,
				);
				continue;
			}
		} else if (typeof line.AccountID === 'string') {
			account = book.account({ AccountID: line.AccountID });
			if (!account) {
				errors.push(`Account ID '${line.AccountID}' is not valid for this document.`);
				continue;
			}
		} else if (options.requireAccount && lineAmount !== 0) {
			errors.push('Account code must be specified for each line item on an approved document.');
			continue;
		}

		const tracking = lineTracking(book, line.Tracking, errors);
		if (!tracking) continue;

		let taxType: string | undefined =
			typeof line.TaxType === 'string' && line.TaxType !== '' ? line.TaxType : account?.TaxType;
		let rate = 0;
		if (taxType !== undefined) {
			const taxRate = book.taxRate(taxType);
			const usable =
				taxRate && (options.sales ? taxRate.CanApplyToRevenue : taxRate.CanApplyToExpenses);
			if (!taxRate || !usable) {
				errors.push(
					`The TaxType code '${taxType}' does not exist or cannot be used with this type of transaction.`,
				);
				continue;
			}
			rate = Number(taxRate.EffectiveRate);
		}
		let taxAmount = 0;
		if (options.lineAmountTypes === 'Exclusive') taxAmount = round((lineAmount * rate) / 100);
		else if (options.lineAmountTypes === 'Inclusive')
			taxAmount = round((lineAmount * rate) / (100 + rate));
		else taxType = taxType ?? 'NONE';
		// Xero lets a caller override a computed tax amount (e.g. to match a foreign system) unless NoTax.
		const taxOverride = num(line.TaxAmount);
		if (taxOverride !== undefined && options.lineAmountTypes !== 'NoTax')
			taxAmount = round(taxOverride);

		out.push({
			LineItemID: typeof line.LineItemID === 'string' ? line.LineItemID : randomUUID(),
			Description: description,
			Quantity: quantity,
			UnitAmount: unit,
			...(account ? { AccountCode: account.Code, AccountID: account.AccountID } : {}),
			...(taxType !== undefined ? { TaxType: taxType } : {}),
			TaxAmount: taxAmount,
			LineAmount: lineAmount,
			...(discountRate ? { DiscountRate: discountRate } : {}),
			...(discountAmount ? { DiscountAmount: discountAmount } : {}),
			Tracking: tracking,
		});
	}
	const sumLines = sumMoney(out.map((l) => l.LineAmount));
	const totalTax = sumMoney(out.map((l) => l.TaxAmount));
	const subTotal =
		options.lineAmountTypes === 'Inclusive' ? round(sumLines - totalTax) : round(sumLines);
	return {
		LineItems: out,
		SubTotal: subTotal,
		TotalTax: round(totalTax),
		Total: round(subTotal + totalTax),
		TotalDiscount: round(sumMoney(out.map((l) => l.Quantity * l.UnitAmount - l.LineAmount))),
	};
}

const same = (a: unknown, b: unknown) =>
	typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

/**
 * A line's Tracking as Xero stores it (category and option by id and name), or undefined after
 * pushing the reason: each entry names an active category (by TrackingCategoryID or Name) and an
 * active option of it (by TrackingOptionID or Option), at most two per line, one per category.
 */
function lineTracking(book: Book, input: unknown, errors: string[]): XeroRecord[] | undefined {
	if (input === undefined || input === null) return [];
	if (!Array.isArray(input)) {
		errors.push('Tracking must be an array of tracking categories');
		return undefined;
	}
	if (input.length > 2) {
		errors.push('A line item can only be assigned to two tracking categories');
		return undefined;
	}
	const out: XeroRecord[] = [];
	for (const entry of input as XeroRecord[]) {
		const category = book.trackingCategories.find(
			(c) =>
				c.Status === 'ACTIVE' &&
				(same(c.TrackingCategoryID, entry.TrackingCategoryID) || same(c.Name, entry.Name)),
		);
		if (!category) {
			errors.push(
				`The tracking category '${String(entry.Name ?? entry.TrackingCategoryID)}' does not exist or is archived`,
			);
			return undefined;
		}
		const option = (category.Options as XeroRecord[]).find(
			(o) =>
				o.Status === 'ACTIVE' &&
				(same(o.TrackingOptionID, entry.TrackingOptionID) || same(o.Name, entry.Option)),
		);
		if (!option) {
			errors.push(
				`The TrackingOption '${String(entry.Option ?? entry.TrackingOptionID)}' is not a valid option of the tracking category '${String(category.Name)}'`,
			);
			return undefined;
		}
		if (out.some((t) => t.TrackingCategoryID === category.TrackingCategoryID)) {
			errors.push(`A line item can only have one option of the tracking category '${String(category.Name)}'`);
			return undefined;
		}
		out.push({
			TrackingCategoryID: category.TrackingCategoryID,
			TrackingOptionID: option.TrackingOptionID,
			Name: category.Name,
			Option: option.Name,
		});
	}
	return out;
}
