/**
 * One organisation's ledger. Writes go through `put` so a batch can be rolled back as a whole:
 * without summarizeErrors=false Xero saves nothing when any element of a batch fails.
 */
import type { OrgSeed, XeroRecord } from './seed';

export type CollectionName = 'contacts' | 'invoices' | 'payments' | 'creditNotes';

export interface PendingEvent {
	category: 'INVOICE' | 'CONTACT' | 'CREDITNOTE';
	type: 'CREATE' | 'UPDATE';
	resourceId: string;
	at: number;
	data?: XeroRecord;
}

interface Journal {
	writes: { collection: CollectionName; id: string; previous: XeroRecord | undefined }[];
	counters: { invoice: number; creditNote: number };
	events: number;
}

export class Book {
	readonly tenantId: string;
	readonly organisation: XeroRecord;
	readonly accounts: XeroRecord[];
	readonly taxRates: XeroRecord[];
	readonly currencies: XeroRecord[];
	readonly trackingCategories: XeroRecord[];
	readonly timeZone: string;
	readonly rates: Record<string, number>;
	private readonly collections: Record<CollectionName, Map<string, XeroRecord>> = {
		contacts: new Map(),
		invoices: new Map(),
		payments: new Map(),
		creditNotes: new Map(),
	};
	readonly counters = { invoice: 0, creditNote: 0 };
	/** Events from committed writes, waiting for the webhook sender. */
	events: PendingEvent[] = [];
	/** Invoices e-mailed through POST /Invoices/{id}/Email, oldest first. */
	readonly emails: { invoiceId: string; invoiceNumber?: string; to: string; at: number }[] = [];
	/** Files attached to documents, by document id (lower case). */
	private readonly attachments = new Map<string, XeroRecord[]>();
	/** `collection:id` -> the record's History & Notes notes, oldest first. */
	readonly history = new Map<string, XeroRecord[]>();
	/** Idempotency-Key -> the first answer. */
	readonly idempotency = new Map<string, { status: number; body: unknown }>();
	/**
	 * Test mode: line-item fields this organisation drops on every document write, as a ledger that
	 * ignored a field would, so Xero computes another total than the caller did.
	 */
	readonly ignoredLineFields = new Set<string>();
	private journal: Journal | undefined;

	constructor(seed: OrgSeed) {
		this.organisation = seed.organisation;
		this.tenantId = seed.organisation.OrganisationID as string;
		this.accounts = seed.accounts;
		this.taxRates = seed.taxRates;
		this.currencies = seed.currencies;
		this.trackingCategories = seed.trackingCategories ?? [];
		this.timeZone = seed.timeZone;
		this.rates = seed.rates;
	}

	attachmentsOf(documentId: string): XeroRecord[] {
		return this.attachments.get(documentId.toLowerCase()) ?? [];
	}

	setAttachments(documentId: string, files: XeroRecord[]): void {
		this.attachments.set(documentId.toLowerCase(), files);
	}

	get(collection: CollectionName, id: string | undefined): XeroRecord | undefined {
		return id === undefined ? undefined : this.collections[collection].get(id.toLowerCase());
	}

	all(collection: CollectionName): XeroRecord[] {
		return [...this.collections[collection].values()];
	}

	/** Stores a new version of a record. Records are replaced, never mutated, so rollback is exact. */
	put(collection: CollectionName, id: string, record: XeroRecord): void {
		const key = id.toLowerCase();
		this.journal?.writes.push({
			collection,
			id: key,
			previous: this.collections[collection].get(key),
		});
		this.collections[collection].set(key, record);
	}

	emit(event: PendingEvent): void {
		this.events.push(event);
	}

	/** Runs `work` so that `rollback()` inside it (or a throw) undoes every write it made. */
	transaction<T>(work: (rollback: () => void) => T): T {
		if (this.journal) throw new Error('nested Xero sandbox transaction');
		this.journal = { writes: [], counters: { ...this.counters }, events: this.events.length };
		let rolledBack = false;
		const rollback = () => {
			const journal = this.journal;
			if (!journal || rolledBack) return;
			rolledBack = true;
			for (const write of journal.writes.reverse()) {
				if (write.previous === undefined) this.collections[write.collection].delete(write.id);
				else this.collections[write.collection].set(write.id, write.previous);
			}
			Object.assign(this.counters, journal.counters);
			this.events.length = journal.events;
		};
		try {
			return work(rollback);
		} catch (error) {
			rollback();
			throw error;
		} finally {
			this.journal = undefined;
		}
	}

	account(ref: { AccountID?: unknown; Code?: unknown } | undefined): XeroRecord | undefined {
		if (!ref) return undefined;
		if (typeof ref.AccountID === 'string') {
			return this.accounts.find(
				(a) => a.AccountID.toLowerCase() === (ref.AccountID as string).toLowerCase(),
			);
		}
		if (typeof ref.Code === 'string') return this.accounts.find((a) => a.Code === ref.Code);
		return undefined;
	}

	taxRate(taxType: string): XeroRecord | undefined {
		return this.taxRates.find((t) => t.TaxType === taxType && t.Status === 'ACTIVE');
	}

	/** The org's local calendar day at `now`, as epoch ms of that day's UTC midnight. */
	today(now: number): number {
		const parts = new Intl.DateTimeFormat('en-CA', {
			timeZone: this.timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
		}).format(new Date(now));
		return Date.parse(`${parts}T00:00:00Z`);
	}

	get baseCurrency(): string {
		return this.organisation.BaseCurrency as string;
	}
}
