/**
 * One place per ledger. Everything the n8n layer needs to know about a ledger lives in its
 * registration: its credential type, how to build it from a node's context, whether the user picks
 * an organisation inside the credential, its input checks (one signature for every ledger) and
 * which optional fields apply. Nodes ask the registry instead of switching on the ledger's name,
 * so a third ledger (QuickBooks, lexoffice, sevDesk) is a folder under core/, a credential and one
 * registration here; an unknown ledger is refused by name instead of taking another's branch.
 */
import { LedgerError } from '../../core/errors';
import type { Ledger } from '../../core/ledger';
import type { Contact, CreditNote, Invoice, Payment } from '../../core/model';
import type { RetryPolicy } from '../../core/retry';
import type { Clock } from '../../core/transport';
// Type-only in the other direction (builtInLedgers imports only types from here): no import cycle.
import { easyBillRegistration, xeroRegistration } from './builtInLedgers';
import type { LedgerContext } from './ledgerContext';

/** A pre-check run on every item before the first write; undefined when the input is fine. */
export type Check<T> = (input: T, itemIndex: number) => LedgerError | undefined;

export interface LedgerChecks {
	contact: Check<Contact>;
	invoice: Check<Invoice>;
	payment: Check<Payment>;
	creditNote: Check<CreditNote>;
}

/** Optional inputs the node reads only for the ledgers that have the concept. */
export interface LedgerFields {
	/** Line tax as a percentage (EasyBill `vat_percent`). */
	lineTaxPercent: boolean;
	/** Line tax code and revenue account (Xero `TaxType`, `AccountCode`). */
	lineTaxTypeAndAccount: boolean;
	/** A bank account on payments and refunds. */
	bankAccount: boolean;
	/** A contact's default revenue account and tax code. */
	contactDefaults: boolean;
	/** Send Invoice takes recipients, subject and message. */
	sendRecipients: boolean;
	/** Lines take tracking categories (Xero `Tracking`: up to two per line). */
	trackingCategories?: boolean;
	/** A foreign-currency document takes an exchange rate (Xero `CurrencyRate`). */
	currencyRate?: boolean;
}

export interface LedgerBuild {
	/** The organisation inside the credential, for ledgers with `organisation: 'tenant'`. */
	tenantId?: string;
	clock: Clock;
	/** Test seams: pacing margin, retry and request-timeout (real ms) overrides. */
	pacingMarginMs?: number;
	timeoutMs?: number;
	retry?: Partial<RetryPolicy>;
	onWait?(delayMs: number, reason: string): void;
}

export interface LedgerRegistration {
	kind: string;
	displayName: string;
	/** Shown under the name in the Ledger picker. */
	description: string;
	/** The n8n credential type the node shows when this ledger is chosen. */
	credentialType: string;
	/** `tenant`: one credential reaches several organisations and the user picks one (Xero). */
	organisation: 'tenant' | 'none';
	fields: LedgerFields;
	/**
	 * The currencies the Currency picker offers without asking the ledger (EasyBill lists none).
	 * Absent: the ledger's own `listCurrencies` (Xero: the organisation's enabled currencies).
	 */
	currencies?: readonly string[];
	checks: LedgerChecks;
	create(ctx: LedgerContext, build: LedgerBuild): Promise<Ledger>;
}

const registry = new Map<string, LedgerRegistration>(
	[xeroRegistration, easyBillRegistration].map((r) => [r.kind, r]),
);

export function registerLedger(registration: LedgerRegistration): () => void {
	registry.set(registration.kind, registration);
	return () => {
		if (registry.get(registration.kind) === registration) registry.delete(registration.kind);
	};
}

export function isRegisteredLedger(kind: unknown): kind is string {
	return typeof kind === 'string' && registry.has(kind);
}

/** The registration of `kind`; an unknown ledger is an error that names it and the known ones. */
export function ledgerRegistration(kind: string): LedgerRegistration {
	const found = registry.get(kind);
	if (!found) {
		throw new LedgerError(
			`ledger: "${kind}" is not a known ledger (known: ${[...registry.keys()].join(', ')})`,
			{ kind: 'validation', field: 'ledger' },
		);
	}
	return found;
}

export function registeredLedgers(): LedgerRegistration[] {
	return [...registry.values()];
}

/** Which optional fields apply to `kind` (none for an unknown ledger). */
export function fieldsOf(kind: string): LedgerFields {
	return (
		registry.get(kind)?.fields ?? {
			lineTaxPercent: false,
			lineTaxTypeAndAccount: false,
			bankAccount: false,
			contactDefaults: false,
			sendRecipients: false,
		}
	);
}
