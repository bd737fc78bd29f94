/**
 * Local Xero and EasyBill emulators on loopback, for tests, demos and benchmarks.
 * Dev-only: never shipped, and it never imports core/ or nodes/ (an emulator sharing our
 * mapping code would agree with our bugs).
 */
import { createClock } from './common/clock';
import { createFaultInjector } from './common/faults';
import { startServiceServer, type ServiceServer } from './common/httpServer';
import { createRequestLog, type LogFilter } from './common/requestLog';
import type { FaultRule, RequestLogEntry } from './common/types';
import { createEasyBillService } from './easybill';
import { createXeroService, xeroServiceOf } from './xero';
import type { DeliveryOptions, WebhookEvent } from './xero/webhooks';

export type { FaultRule, RequestLogEntry } from './common/types';
export type { DeliveryOptions, WebhookEvent } from './xero/webhooks';
export { signXeroPayload } from './xero/webhooks';

export interface StartSandboxOptions {
	/** Emulated-time speed: 1 = real time; 60 = one emulated minute per real second. Default 1. */
	timeScale?: number;
	/** Start of emulated time (epoch ms). Default: real now. */
	startAt?: number;
	/** Xero limits per tenant: defaults 60/min, 5 concurrent, 5000/day (and 10,000/min per app). */
	xeroLimits?: { perMinute?: number; concurrent?: number; perDay?: number; appPerMinute?: number };
	/** Xero organisations the token reaches, first is tenants[0] (default ['uk', 'au']; 'nz' too). */
	xeroOrganisations?: Array<'uk' | 'au' | 'nz'>;
	/** EasyBill requests per minute: 10 (PLUS) or 60 (BUSINESS, default). */
	easybillPerMinute?: number;
	/** Artificial latency per request in real ms (default 0). */
	latencyMs?: number;
	/** Fixed ports (default: any free port). */
	xeroPort?: number;
	easybillPort?: number;
	/** Fixed EasyBill API key (default: random). */
	easybillApiKey?: string;
	/** Random source for probabilistic fault rules (default Math.random); seed it to replay a run. */
	faultRandom?: () => number;
}

export interface Sandbox {
	urls: {
		/** Serves Xero identity (/connect/token, /identity/connect/authorize), /connections and /api.xro/2.0/*. No trailing slash. */
		xero: string;
		/** EasyBill REST base, e.g. http://127.0.0.1:41235/rest/v1 */
		easybill: string;
	};
	/** `timeScale` is the emulated ms per real ms the sandbox was started with. */
	clock: { now(): number; advance(ms: number): void; readonly timeScale: number };
	log: { entries(filter?: LogFilter): RequestLogEntry[]; clear(): void };
	faults: { add(rule: FaultRule): void; clear(): void };
	xero: {
		clientId: string;
		clientSecret: string;
		tenants: { tenantId: string; tenantName: string; tenantType: 'ORGANISATION' }[];
		/** The organisation's IANA zone: its invoice and payment dates are local dates there. */
		timeZone(tenantId: string): string;
		issueTokens(): { accessToken: string; refreshToken: string; expiresIn: number };
		/**
		 * Refresh-token grants, oldest first: `rotated` (a new refresh token), `grace` (a used one
		 * again within Xero's 30 minutes: same successor), `refused` (invalid_grant).
		 */
		refreshAttempts(): { at: number; outcome: 'rotated' | 'grace' | 'refused'; generation?: number }[];
		webhookKey: string;
		contacts(tenantId: string): any[];
		invoices(tenantId: string): any[];
		payments(tenantId: string): any[];
		creditNotes(tenantId: string): any[];
		accounts(tenantId: string): any[];
		taxRates(tenantId: string): any[];
		/** A user changing a tax rate's percentage in Xero's UI (a new VAT rate). */
		setTaxRatePercent(tenantId: string, taxType: string, percent: number): void;
		/** Calls another app makes on the organisation: they count against its minute and day. */
		spendRateBudget(tenantId: string, calls: number): void;
		/** Number of events queued by writes and not yet delivered. */
		pendingEvents(): number;
		/** Parses the Xero spec now instead of on the first request (benchmarks call it before timing). */
		warmUp(): void;
		deliverWebhook(
			url: string,
			opts?: DeliveryOptions & { events?: WebhookEvent[] },
		): Promise<{ status: number; body: string; ms: number }[]>;
		intentToReceive(
			url: string,
		): Promise<{
			ok: boolean;
			results: { signed: boolean; status: number; body: string; ms: number }[];
		}>;
		/** A user archiving or restoring an account in Xero's UI. */
		setAccountStatus(tenantId: string, code: string, status: 'ACTIVE' | 'ARCHIVED'): void;
		/** Test mode: drop these line-item fields on every document write of the tenant ([] to stop). */
		ignoreLineFields(tenantId: string, fields: string[]): void;
		/** A user editing a contact in Xero's UI (UpdatedDateUTC moves). */
		editContact(tenantId: string, contactId: string, changes: Record<string, unknown>): void;
		payInvoice(tenantId: string, invoiceId: string, amount?: number, accountCode?: string): any;
		/** Pays the invoices in full at one instant (one UpdatedDateUTC for all); returns it. */
		payInvoicesTogether(tenantId: string, invoiceIds: string[]): number;
		/** Invoices e-mailed to their contact (POST /Invoices/{id}/Email), oldest first. */
		emails(tenantId: string): { invoiceId: string; invoiceNumber?: string; to: string; at: number }[];
		/** Files attached to a document (with their bytes in `data`). */
		attachments(tenantId: string, documentId: string): any[];
	};
	easybill: {
		apiKey: string;
		customers(): any[];
		documents(): any[];
		payments(): any[];
		webhooks(): any[];
		/** Documents sent by e-mail, fax or post, oldest first. */
		postBoxes(): { document_id: number; type: string; to: string; subject: string; message: string }[];
		payDocument(documentId: number, amountCents?: number): Promise<any>;
		/** Test mode: drop these position fields on every document write ([] to stop). */
		ignorePositionFields(fields: string[]): void;
		/** Files uploaded through /attachments, with their bytes in `content`. */
		attachments(): any[];
	};
	stop(): Promise<void>;
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
	const clock = createClock({ timeScale: options.timeScale, startAt: options.startAt });
	const log = createRequestLog();
	const faults = createFaultInjector(options.faultRandom);
	const servers: ServiceServer[] = [];
	let xeroOrigin = '';
	let easybillOrigin = '';

	const xero = createXeroService({
		clock,
		limits: options.xeroLimits,
		publicBaseUrl: () => xeroOrigin,
		organisations: options.xeroOrganisations,
	});
	const easybill = createEasyBillService({
		clock,
		perMinute: options.easybillPerMinute ?? 60,
		publicBaseUrl: () => `${easybillOrigin}/rest/v1`,
		...(options.easybillApiKey ? { apiKey: options.easybillApiKey } : {}),
	});

	try {
		const xeroServer = await startServiceServer({
			serviceOf: xeroServiceOf,
			handler: xero.handler,
			clock,
			log,
			faults,
			latencyMs: options.latencyMs,
			port: options.xeroPort,
		});
		servers.push(xeroServer);
		xeroOrigin = xeroServer.origin;
		const easybillServer = await startServiceServer({
			serviceOf: () => 'easybill',
			handler: easybill.handler,
			clock,
			log,
			faults,
			latencyMs: options.latencyMs,
			port: options.easybillPort,
		});
		servers.push(easybillServer);
		easybillOrigin = easybillServer.origin;
	} catch (error) {
		await Promise.all(servers.map((s) => s.close()));
		throw error;
	}

	const inspect = easybill.inspect;
	return {
		urls: { xero: xeroOrigin, easybill: `${easybillOrigin}/rest/v1` },
		clock: { now: () => clock.now(), advance: (ms) => clock.advance(ms), timeScale: clock.timeScale },
		log: { entries: (filter) => log.entries(filter), clear: () => log.clear() },
		faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
		xero: xero.inspect,
		easybill: {
			apiKey: inspect.apiKey,
			customers: () => inspect.customers(),
			documents: () => inspect.documents(),
			payments: () => inspect.payments(),
			webhooks: () => inspect.webhooks(),
			postBoxes: () => inspect.postBoxes(),
			payDocument: (id, cents) => inspect.payDocument(id, cents),
			ignorePositionFields: (fields) => inspect.ignorePositionFields(fields),
			attachments: () => inspect.attachments(),
		},
		stop: async () => {
			await Promise.all(servers.map((s) => s.close()));
		},
	};
}
