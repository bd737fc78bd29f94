/**
 * The emulated EasyBill account: records kept exactly as the API returns them, plus the counters
 * that hand out ids and document numbers.
 */
import type { AttachmentRecord } from './attachments';

export type Json = Record<string, any>;

export interface CustomerRecord extends Json {
	id: number;
	number: string;
	emails: string[];
	last_name: string | null;
	company_name: string | null;
}

export interface DocumentRecord extends Json {
	id: number;
	type: 'INVOICE' | 'CREDIT' | 'STORNO';
	number: string | null;
	is_draft: boolean;
	customer_id: number;
	amount: number;
	amount_net: number;
	paid_amount: number;
	paid_at: string | null;
	external_id: string | null;
	ref_id: number | null;
	items: Json[];
}

export interface PaymentRecord extends Json {
	id: number;
	document_id: number;
	amount: number;
	payment_at: string;
	/** Set when the payment forced the document paid (`?paid=true`) although it did not cover it. */
	forcedPaid?: boolean;
}

export interface PostBoxRecord {
	document_id: number;
	type: 'email' | 'fax' | 'post';
	to: string;
	cc: string;
	subject: string;
	message: string;
	send_with_attachment: boolean;
}

export interface WebhookRecord extends Json {
	id: number;
	url: string;
	secret: string;
	content_type: 'json' | 'form';
	events: string[];
	description: string;
	is_active: boolean;
	last_response: { date: string; code: number; response: string } | null;
}

/** Document number prefixes, one sequence per type (RE = Rechnung, GS = Gutschrift). */
const NUMBER_PREFIX: Record<DocumentRecord['type'], string> = {
	INVOICE: 'RE-',
	CREDIT: 'GS-',
	STORNO: 'ST-',
};

export class EasyBillState {
	readonly customers = new Map<number, CustomerRecord>();
	readonly documents = new Map<number, DocumentRecord>();
	readonly payments = new Map<number, PaymentRecord>();
	readonly webhooks = new Map<number, WebhookRecord>();
	readonly attachments = new Map<number, AttachmentRecord>();
	/** Documents sent through POST /documents/{id}/send/{type}, oldest first. */
	readonly postBoxes: PostBoxRecord[] = [];
	/**
	 * Test mode: position fields the account silently drops (as an API change or a misread field
	 * would), so a draft can come back priced at 0.00 or at another amount than was sent.
	 */
	readonly ignoredPositionFields = new Set<string>();
	readonly loginId = 1;

	// Distinct id ranges make a customer id passed where a document id belongs fail loudly.
	private nextIds = {
		customer: 100_001,
		document: 500_001,
		payment: 900_001,
		webhook: 70_001,
		position: 3_000_001,
		attachment: 40_001,
	};
	private nextCustomerNumber = 10_001;
	private nextDocumentNumber: Record<DocumentRecord['type'], number> = {
		INVOICE: 1001,
		CREDIT: 1001,
		STORNO: 1001,
	};

	nextId(kind: keyof EasyBillState['nextIds']): number {
		return this.nextIds[kind]++;
	}

	/** Next free customer number, skipping numbers the user set by hand. */
	nextCustomerNumberValue(): string {
		const taken = new Set([...this.customers.values()].map((c) => c.number));
		while (taken.has(String(this.nextCustomerNumber))) this.nextCustomerNumber++;
		return String(this.nextCustomerNumber++);
	}

	nextDocumentNumberValue(type: DocumentRecord['type']): string {
		const taken = new Set([...this.documents.values()].map((d) => d.number));
		let candidate = `${NUMBER_PREFIX[type]}${this.nextDocumentNumber[type]++}`;
		while (taken.has(candidate))
			candidate = `${NUMBER_PREFIX[type]}${this.nextDocumentNumber[type]++}`;
		return candidate;
	}
}

export function sortedById<T extends { id: number }>(records: Iterable<T>): T[] {
	return [...records].sort((a, b) => a.id - b.id);
}
