/**
 * Option lists loaded from the chosen organisation: revenue and bank accounts, tax rates,
 * currencies and tracking categories. Hard-coding `200`/`OUTPUT2` breaks every org outside the UK,
 * so they come from the org. Which ledger has which list is its registration's business
 * (nodes/shared/ledgerRegistry): a ledger without the field is not even built (no credential asked).
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import type { Ledger } from '../../../core/ledger';
import { createLedgerFromContext, ledgerKindOf } from '../../shared/createLedger';
import { ledgerRegistration, type LedgerFields } from '../../shared/ledgerRegistry';
import { toNodeError } from '../../shared/toNodeError';
import { CHOOSE_ORGANISATION_FIRST, organisationMissing } from './organisationFirst';

/** The ledger, when its registration says the list applies; undefined otherwise. */
async function ledgerWith(
	ctx: ILoadOptionsFunctions,
	applies: (fields: LedgerFields) => boolean | undefined,
): Promise<Ledger | undefined> {
	if (!applies(ledgerRegistration(ledgerKindOf(ctx)).fields)) return undefined;
	return (await createLedgerFromContext(ctx)) as Ledger;
}

/** Runs a picker: "choose the organisation first" until one is chosen, errors as n8n errors. */
async function picker(
	ctx: ILoadOptionsFunctions,
	list: () => Promise<INodePropertyOptions[]>,
): Promise<INodePropertyOptions[]> {
	try {
		if (organisationMissing(ctx)) return [CHOOSE_ORGANISATION_FIRST];
		return await list();
	} catch (error) {
		throw toNodeError(ctx, error);
	}
}

async function accounts(
	ctx: ILoadOptionsFunctions,
	kind: 'revenue' | 'bank',
): Promise<INodePropertyOptions[]> {
	return await picker(ctx, async () => {
		const ledger = await ledgerWith(ctx, (f) =>
			kind === 'bank' ? f.bankAccount : f.lineTaxTypeAndAccount || f.contactDefaults,
		);
		return ((await ledger?.listAccounts?.({ kind })) ?? [])
			.map((a) => ({
				name: a.code ? `${a.code} – ${a.name}` : a.name,
				// Bank accounts without a code are still payable by AccountID.
				value: a.code ?? a.id,
				description: a.type,
			}))
			.sort((a, b) => a.name.localeCompare(b.name));
	});
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
		return await picker(this, async () => {
			const ledger = await ledgerWith(this, (f) => f.lineTaxTypeAndAccount || f.contactDefaults);
			return ((await ledger?.listTaxRates?.()) ?? [])
				.map((r) => ({
					name: taxRateLabel(r.name, r.ratePercent),
					value: r.taxType,
					description: r.taxType,
				}))
				.sort((a, b) => a.name.localeCompare(b.name));
		});
	},

	/** "Region: North" for every active option of every active tracking category. */
	async getTrackingOptions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await picker(this, async () => {
			const ledger = await ledgerWith(this, (f) => f.trackingCategories);
			return ((await ledger?.listTrackingCategories?.()) ?? []).flatMap((category) =>
				category.options.map((option) => ({
					name: `${category.name}: ${option}`,
					value: `${category.name}: ${option}`,
				})),
			);
		});
	},

	async getCurrencies(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await picker(this, async () => {
			const fixed = ledgerRegistration(ledgerKindOf(this)).currencies;
			const ledger = fixed ? undefined : await ledgerWith(this, () => true);
			const codes = fixed ?? (await ledger?.listCurrencies?.()) ?? [];
			return codes.map((code) => ({ name: code, value: code }));
		});
	},
};
