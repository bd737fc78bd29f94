/**
 * Option lists loaded from the chosen Xero organisation: revenue and bank accounts, tax rates and
 * currencies. Hard-coding `200`/`OUTPUT2` breaks every org outside the UK, so they come from the org.
 * EasyBill needs none of them except currencies, which it does not list: a short common list.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import type { XeroLedger } from '../../../core/xero';
import { createLedgerFromContext, isXeroLedger, ledgerKindOf } from '../../shared/createLedger';
import { toNodeError } from '../../shared/toNodeError';
import { CHOOSE_ORGANISATION_FIRST, organisationMissing } from './organisationFirst';

const COMMON_CURRENCIES = ['EUR', 'CHF', 'GBP', 'USD', 'PLN', 'CZK', 'DKK', 'SEK', 'NOK'];

async function xeroOf(ctx: ILoadOptionsFunctions): Promise<XeroLedger | undefined> {
	// EasyBill has none of these lists; no need to build its ledger (or ask for its credential).
	if (ledgerKindOf(ctx) !== 'xero') return undefined;
	const ledger = await createLedgerFromContext(ctx);
	return isXeroLedger(ledger) ? ledger : undefined;
}

async function accounts(
	ctx: ILoadOptionsFunctions,
	kind: 'revenue' | 'bank',
): Promise<INodePropertyOptions[]> {
	try {
		if (organisationMissing(ctx)) return [CHOOSE_ORGANISATION_FIRST];
		const xero = await xeroOf(ctx);
		if (!xero) return [];
		return (await xero.listAccounts({ kind }))
			.map((a) => ({
				name: a.code ? `${a.code} – ${a.name}` : a.name,
				// Bank accounts without a code are still payable by AccountID.
				value: a.code ?? a.id,
				description: a.type,
			}))
			.sort((a, b) => a.name.localeCompare(b.name));
	} catch (error) {
		throw toNodeError(ctx, error);
	}
}

/** Xero names most rates after their percentage ("20% (VAT on Income)"); add it only when not. */
export function taxRateLabel(name: string, ratePercent: number | string): string {
	const rate = String(ratePercent).replace('.', '\\.');
	return new RegExp(`(^|[^\\d.])${rate}\\s?%`).test(name) ? name : `${name} (${ratePercent} %)`;
}

export const loadOptions = {
	async getRevenueAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await accounts(this, 'revenue');
	},

	async getBankAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await accounts(this, 'bank');
	},

	async getTaxRates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		try {
			if (organisationMissing(this)) return [CHOOSE_ORGANISATION_FIRST];
			const xero = await xeroOf(this);
			if (!xero) return [];
			return (await xero.listTaxRates())
				.map((r) => ({
					name: taxRateLabel(r.name, r.ratePercent),
					value: r.taxType,
					description: r.taxType,
				}))
				.sort((a, b) => a.name.localeCompare(b.name));
		} catch (error) {
			throw toNodeError(this, error);
		}
	},

	async getCurrencies(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		try {
			if (organisationMissing(this)) return [CHOOSE_ORGANISATION_FIRST];
			const xero = await xeroOf(this);
			const codes = xero ? await xero.listCurrencies() : COMMON_CURRENCIES;
			return codes.map((code) => ({ name: code, value: code }));
		} catch (error) {
			throw toNodeError(this, error);
		}
	},
};
