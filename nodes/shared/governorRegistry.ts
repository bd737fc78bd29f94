/**
 * One rate governor per ledger account for the whole n8n process: every execution, every node and
 * every trigger that talks to the same Xero organisation (credential + tenant) or the same EasyBill
 * key shares it. The vendor counts all of them against one budget, so the pacing must too; the
 * most common flow (a billing webhook starting one execution per event) otherwise runs unpaced.
 *
 * Queue-mode workers are separate processes with a registry each; they see each other through
 * Xero's remaining-count headers (see RateGovernor.observe).
 */
import type { RateGovernor } from '../../core/governor';
import { SharedTaxRates } from '../../core/xero';

const GOVERNORS = new Map<string, RateGovernor>();
const TAX_RATES = new Map<string, SharedTaxRates>();
// Bounded for a process that sees many credentials; the least recently used account goes first.
const MAX_GOVERNORS = 256;

export interface GovernorKey {
	credentialType: string;
	/** The credential's id (its name when n8n gives no id). */
	credential: string;
	/** Xero tenant id; for EasyBill, the plan the credential names. */
	scope: string;
}

function perAccount<T>(map: Map<string, T>, key: GovernorKey, create: () => T): T {
	const id = `${key.credentialType}|${key.credential}|${key.scope.toLowerCase()}`;
	let value = map.get(id);
	if (value) {
		map.delete(id);
	} else {
		value = create();
		while (map.size >= MAX_GOVERNORS) map.delete(map.keys().next().value as string);
	}
	map.set(id, value);
	return value;
}

export function governorFor(key: GovernorKey, create: () => RateGovernor): RateGovernor {
	return perAccount(GOVERNORS, key, create);
}

/**
 * The organisation's tax rates kept for the process, per credential and tenant like the governor
 * (a credential only ever sees what it could read itself). Safe to be stale: see SharedTaxRates.
 */
export function taxRatesFor(key: GovernorKey): SharedTaxRates {
	return perAccount(TAX_RATES, key, () => new SharedTaxRates());
}

/** Forgets every governor and kept tax rate (tests start each sandbox with fresh budgets). */
export function forgetGovernors(): void {
	GOVERNORS.clear();
	TAX_RATES.clear();
}
