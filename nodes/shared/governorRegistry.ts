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

const GOVERNORS = new Map<string, RateGovernor>();
// Bounded for a process that sees many credentials; the least recently used account goes first.
const MAX_GOVERNORS = 256;

export interface GovernorKey {
	credentialType: string;
	/** The credential's id (its name when n8n gives no id). */
	credential: string;
	/** Xero tenant id; for EasyBill, the plan the credential names. */
	scope: string;
}

export function governorFor(key: GovernorKey, create: () => RateGovernor): RateGovernor {
	const id = `${key.credentialType}|${key.credential}|${key.scope.toLowerCase()}`;
	let governor = GOVERNORS.get(id);
	if (governor) {
		GOVERNORS.delete(id);
	} else {
		governor = create();
		while (GOVERNORS.size >= MAX_GOVERNORS)
			GOVERNORS.delete(GOVERNORS.keys().next().value as string);
	}
	GOVERNORS.set(id, governor);
	return governor;
}

/** Forgets every governor (tests start each sandbox with fresh budgets). */
export function forgetGovernors(): void {
	GOVERNORS.clear();
}
