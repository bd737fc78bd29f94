/** The Xero emulator: identity, connections, Accounting API and the webhook sender on one port. */
import type { ControllableClock, Handler, SandboxResponse, ServiceName } from '../common/types';
import { API_PREFIX, createAccountingHandler } from './accountingApi';
import { Book } from './book';
import { render } from './format';
import { XeroIdentity, type Tenant } from './identity';
import { savePayment } from './payments';
import { XeroRateLimiter, type XeroLimits } from './rateLimits';
import { ORG_SEEDS, type OrgName, type XeroRecord } from './seed';
import { XeroSpecValidator } from './specValidator';
import { WebhookSender, type DeliveryOptions, type WebhookEvent } from './webhooks';

export interface XeroServiceOptions {
	clock: ControllableClock;
	limits?: Partial<XeroLimits>;
	/** The origin the emulator is reachable at (for webhook resourceUrls). */
	publicBaseUrl: () => string;
	/** The organisations the token reaches, in this order (default UK, AU). */
	organisations?: OrgName[];
}

export function xeroServiceOf(path: string): ServiceName {
	return path.startsWith(`${API_PREFIX}/`) || path === API_PREFIX ? 'xero' : 'xero-identity';
}

export function createXeroService(options: XeroServiceOptions) {
	const { clock } = options;
	const now = clock.now();
	const books = new Map<string, Book>();
	for (const seed of (options.organisations ?? ['uk', 'au']).map((name) => ORG_SEEDS[name](now))) {
		const book = new Book(seed);
		books.set(book.tenantId, book);
	}
	const tenants: Tenant[] = [...books.values()].map((b) => ({
		tenantId: b.tenantId,
		tenantName: b.organisation.Name as string,
		tenantType: 'ORGANISATION',
	}));
	const identity = new XeroIdentity(clock, tenants);
	const limiter = new XeroRateLimiter(clock, {
		perMinute: options.limits?.perMinute ?? 60,
		concurrent: options.limits?.concurrent ?? 5,
		perDay: options.limits?.perDay ?? 5000,
		appPerMinute: options.limits?.appPerMinute ?? 10_000,
	});
	const spec = new XeroSpecValidator();
	const webhooks = new WebhookSender(options.publicBaseUrl);
	const accounting = createAccountingHandler({ books, identity, limiter, spec, clock });

	const handler: Handler = async (req): Promise<SandboxResponse> => {
		if (xeroServiceOf(req.path) === 'xero') return accounting(req);
		const path = req.path.replace(/\/+$/, '');
		if (path === '/identity/connect/authorize' && req.method === 'GET')
			return identity.authorize(req);
		if (path === '/connect/token' && req.method === 'POST') return identity.token(req);
		if (path === '/connect/revocation' && req.method === 'POST') return identity.revoke(req);
		if (path === '/connections' || path.startsWith('/connections/'))
			return identity.connections(req);
		return { status: 404, body: "The resource you're looking for cannot be found" };
	};

	const bookOf = (tenantId: string) => {
		const book =
			books.get(tenantId) ??
			[...books.values()].find((b) => b.tenantId.toLowerCase() === tenantId.toLowerCase());
		if (!book)
			throw new Error(`Unknown Xero tenant ${tenantId}; known: ${[...books.keys()].join(', ')}`);
		return book;
	};
	const drainEvents = (): WebhookEvent[] => {
		const pending = [...books.values()].flatMap((book) => {
			const events = book.events.map((event) => ({ tenantId: book.tenantId, event }));
			book.events = [];
			return events;
		});
		pending.sort((a, b) => a.event.at - b.event.at);
		return webhooks.toEvents(pending);
	};

	return {
		handler,
		spec,
		inspect: {
			clientId: identity.clientId,
			clientSecret: identity.clientSecret,
			tenants,
			/** The organisation's IANA zone: its invoice and payment dates are local dates there. */
			timeZone: (tenantId: string) => bookOf(tenantId).timeZone,
			issueTokens: () => identity.issueTokens(),
			/** Refresh-token grants the token endpoint answered, oldest first (no token values). */
			refreshAttempts: () => identity.refreshAttempts.map((a) => ({ ...a })),
			webhookKey: webhooks.webhookKey,
			contacts: (tenantId: string) => render(bookOf(tenantId).all('contacts')) as XeroRecord[],
			invoices: (tenantId: string) => render(bookOf(tenantId).all('invoices')) as XeroRecord[],
			payments: (tenantId: string) => render(bookOf(tenantId).all('payments')) as XeroRecord[],
			/** Invoices e-mailed to their contacts (POST /Invoices/{id}/Email). */
			emails: (tenantId: string) => bookOf(tenantId).emails.map((e) => ({ ...e })),
			attachments: (tenantId: string, documentId: string) =>
				bookOf(tenantId).attachmentsOf(documentId).map((a) => ({ ...a })),
			creditNotes: (tenantId: string) =>
				render(bookOf(tenantId).all('creditNotes')) as XeroRecord[],
			accounts: (tenantId: string) => render(bookOf(tenantId).accounts) as XeroRecord[],
			taxRates: (tenantId: string) => render(bookOf(tenantId).taxRates) as XeroRecord[],
			/** A user changing a tax rate's percentage in Xero's UI (a new VAT rate): later lines book at it. */
			setTaxRatePercent(tenantId: string, taxType: string, percent: number) {
				const rate = bookOf(tenantId).taxRates.find((t) => t.TaxType === taxType);
				if (!rate) throw new Error(`Tax type ${taxType} not found in tenant ${tenantId}`);
				Object.assign(rate, { DisplayTaxRate: percent, EffectiveRate: percent });
				for (const component of rate.TaxComponents ?? []) component.Rate = percent;
			},
			/** Another app's calls on the organisation: they use its minute and day budget. */
			spendRateBudget: (tenantId: string, calls: number) =>
				limiter.spend(bookOf(tenantId).tenantId, calls),
			/** Events queued by writes and not yet delivered (without draining them). */
			warmUp: () => spec.warmUp(),
			pendingEvents: () => [...books.values()].reduce((n, b) => n + b.events.length, 0),
			/** With no `events` and nothing pending there is nothing to send: resolves to []. */
			deliverWebhook: async (url: string, opts: DeliveryOptions = {}) => {
				const events = opts.events ?? drainEvents();
				if (opts.events === undefined && events.length === 0) return [];
				return webhooks.deliver(url, events, opts);
			},
			intentToReceive: (url: string) => webhooks.intentToReceive(url),
			/** A user archiving (or restoring) an account in Xero's UI: `ACTIVE` | `ARCHIVED`. */
			setAccountStatus(tenantId: string, code: string, status: 'ACTIVE' | 'ARCHIVED') {
				const account = bookOf(tenantId).accounts.find((a) => a.Code === code);
				if (!account) throw new Error(`Account ${code} not found in tenant ${tenantId}`);
				account.Status = status;
			},
			/** Test mode: from now on drop these line-item fields on every document write ([] to stop). */
			ignoreLineFields(tenantId: string, fields: string[]) {
				const book = bookOf(tenantId);
				book.ignoredLineFields.clear();
				for (const field of fields) book.ignoredLineFields.add(field);
			},
			/** A user editing a contact in Xero's UI: the fields change and so does UpdatedDateUTC. */
			editContact(tenantId: string, contactId: string, changes: XeroRecord) {
				const book = bookOf(tenantId);
				const contact = book.get('contacts', contactId);
				if (!contact) throw new Error(`Contact ${contactId} not found in tenant ${tenantId}`);
				book.put('contacts', contact.ContactID, {
					...contact,
					...changes,
					UpdatedDateUTC: clock.now(),
				});
			},
			payInvoice(tenantId: string, invoiceId: string, amount?: number, accountCode?: string) {
				const book = bookOf(tenantId);
				const invoice = book.get('invoices', invoiceId);
				if (!invoice) throw new Error(`Invoice ${invoiceId} not found in tenant ${tenantId}`);
				const bank =
					accountCode ??
					book.accounts.find((a) => a.Type === 'BANK' && a.Status === 'ACTIVE')?.Code;
				const outcome = book.transaction(() =>
					savePayment(
						book,
						{
							Invoice: { InvoiceID: invoice.InvoiceID },
							Account: { Code: bank },
							Amount: amount ?? invoice.AmountDue,
						},
						{ now: clock.now(), mode: 'create', unitdp: 2 },
					),
				);
				if ('errors' in outcome)
					throw new Error(`payInvoice refused: ${outcome.errors.join('; ')}`);
				return render(outcome.record);
			},
			/**
			 * Pays many invoices in full at one instant, as Xero's batch payments and bulk
			 * reconciliations do: every invoice gets the same UpdatedDateUTC, to the millisecond.
			 */
			payInvoicesTogether(tenantId: string, invoiceIds: string[]) {
				const book = bookOf(tenantId);
				const bank = book.accounts.find((a) => a.Type === 'BANK' && a.Status === 'ACTIVE')?.Code;
				const now = clock.now();
				for (const invoiceId of invoiceIds) {
					const invoice = book.get('invoices', invoiceId);
					if (!invoice) throw new Error(`Invoice ${invoiceId} not found in tenant ${tenantId}`);
					const outcome = book.transaction(() =>
						savePayment(
							book,
							{
								Invoice: { InvoiceID: invoice.InvoiceID },
								Account: { Code: bank },
								Amount: invoice.AmountDue,
							},
							{ now, mode: 'create', unitdp: 2 },
						),
					);
					if ('errors' in outcome)
						throw new Error(`payInvoicesTogether refused: ${outcome.errors.join('; ')}`);
				}
				return now;
			},
		},
	};
}

export type XeroService = ReturnType<typeof createXeroService>;
