import { createEasyBillLedger } from '../../core/easybill';
import type { EbCustomer, EbDocument, EbPayment } from '../../core/easybill/wire';
import { NoResponseError, type HttpRequest, type HttpResponse } from '../../core/transport';
import { virtualClock } from '../helpers/http';

/**
 * A scripted EasyBill: just enough state for the operations' decisions. Each test can make the
 * next write of a route "commit then lose the answer", as a dropped connection would.
 */
class FakeEasyBill {
	customers: EbCustomer[] = [];
	documents: EbDocument[] = [];
	payments: EbPayment[] = [];
	sent: HttpRequest[] = [];
	dropAfterCommit = new Set<string>();
	private nextId = 1;

	send = async (req: HttpRequest): Promise<HttpResponse> => {
		this.sent.push(req);
		const path = new URL(req.url).pathname.replace('/rest/v1', '');
		// A copy, as JSON over the wire would be: the ledger must not see later changes by reference.
		const response = structuredClone(this.route(req, path));
		const key = `${req.method} ${path}`;
		if (this.dropAfterCommit.has(key)) {
			this.dropAfterCommit.delete(key);
			throw new NoResponseError('socket hang up');
		}
		return response;
	};

	private list<T>(items: T[], req: HttpRequest): HttpResponse {
		const limit = Number(req.query?.limit ?? 100);
		const page = Number(req.query?.page ?? 1);
		return ok({
			page,
			pages: Math.max(1, Math.ceil(items.length / limit)),
			limit,
			total: items.length,
			items: items.slice((page - 1) * limit, page * limit),
		});
	}

	private filter<T>(items: T[], req: HttpRequest, name: string, read: (item: T) => unknown): T[] {
		const raw = req.query?.[name];
		if (raw === undefined) return items;
		const wanted = String(raw)
			.split(/(?<!\\),/)
			.map((v) => v.replace(/\\,/g, ','));
		return items.filter((item) => {
			const value = read(item);
			return Array.isArray(value)
				? value.some((v) => wanted.includes(String(v)))
				: wanted.includes(String(value));
		});
	}

	private route(req: HttpRequest, path: string): HttpResponse {
		const body = req.body as Record<string, any>;
		if (path === '/customers' && req.method === 'GET') {
			let items = this.filter(this.customers, req, 'number', (c) => c.number);
			items = this.filter(items, req, 'emails', (c) => c.emails);
			items = this.filter(items, req, 'company_name', (c) => c.company_name);
			items = this.filter(items, req, 'last_name', (c) => c.last_name);
			return this.list(items, req);
		}
		if (path === '/customers' && req.method === 'POST') {
			const customer = { ...body, id: this.nextId++ } as EbCustomer;
			this.customers.push(customer);
			return { status: 201, headers: {}, body: customer };
		}
		if (path === '/documents' && req.method === 'GET') {
			let items = this.filter(this.documents, req, 'external_id', (d) => d.external_id);
			items = this.filter(items, req, 'type', (d) => d.type);
			const paidAt = req.query?.paid_at;
			if (paidAt !== undefined) {
				const [from, to] = String(paidAt).split(',');
				items = items.filter((d) => d.paid_at !== null && d.paid_at >= from && d.paid_at <= to);
			}
			return this.list(items, req);
		}
		if (path === '/documents' && req.method === 'POST') {
			// Per position, as EasyBill rounds: net (or gross) first, then the VAT from it.
			let amount = 0;
			let amountNet = 0;
			for (const i of body.items as any[]) {
				const vat = i.vat_percent ?? 0;
				const base = Math.round(i.quantity * (i.single_price_net ?? i.single_price_gross));
				const tax =
					body.calc_vat_from === 1
						? Math.round((base * vat) / (100 + vat))
						: Math.round((base * vat) / 100);
				amount += body.calc_vat_from === 1 ? base : base + tax;
				amountNet += body.calc_vat_from === 1 ? base - tax : base;
			}
			const doc = {
				...body,
				id: this.nextId++,
				number: null,
				is_draft: true,
				amount,
				amount_net: amountNet,
				paid_amount: 0,
				paid_at: null,
			} as EbDocument;
			this.documents.push(doc);
			return { status: 201, headers: {}, body: doc };
		}
		const customerId = /^\/customers\/(\d+)$/.exec(path);
		if (customerId && req.method === 'PUT') {
			const customer = this.customers.find((c) => c.id === Number(customerId[1])) as EbCustomer;
			Object.assign(customer, body);
			return ok(customer);
		}
		const done = /^\/documents\/(\d+)\/done$/.exec(path);
		if (done && req.method === 'PUT') {
			const doc = this.documents.find((d) => d.id === Number(done[1])) as EbDocument;
			Object.assign(doc, { is_draft: false, number: `RE-${doc.id}` });
			return ok(doc);
		}
		const byId = /^\/documents\/(\d+)$/.exec(path);
		if (byId && req.method === 'GET') {
			const doc = this.documents.find((d) => d.id === Number(byId[1]));
			return doc
				? ok(doc)
				: { status: 404, headers: {}, body: { code: 404, message: 'Document not found' } };
		}
		if (path === '/document-payments' && req.method === 'GET') {
			return this.list(
				this.filter(this.payments, req, 'document_id', (p) => p.document_id),
				req,
			);
		}
		if (path === '/document-payments' && req.method === 'POST') {
			const payment = { ...body, id: this.nextId++ } as EbPayment;
			this.payments.push(payment);
			const doc = this.documents.find((d) => d.id === payment.document_id) as EbDocument;
			doc.paid_amount += payment.amount;
			return { status: 201, headers: {}, body: payment };
		}
		return {
			status: 404,
			headers: {},
			body: { code: 404, message: `no route ${req.method} ${path}` },
		};
	}

	writes(method: string, path: string): number {
		return this.sent.filter((r) => r.method === method && r.url.endsWith(path)).length;
	}
}

function ok(body: unknown): HttpResponse {
	return { status: 200, headers: {}, body };
}

function setup() {
	const fake = new FakeEasyBill();
	const ledger = createEasyBillLedger({
		send: fake.send,
		clock: virtualClock(),
		baseUrl: 'http://eb.test/rest/v1',
	});
	return { fake, ledger };
}

const invoice = {
	sourceId: 'in_1',
	contact: { contact: { sourceId: 'cus_1', name: 'Ada Shop', emails: ['ada@shop.de'] } },
	issueDate: '2026-03-28',
	currency: 'EUR',
	taxMode: 'exclusive' as const,
	status: 'final' as const,
	lines: [{ description: 'Plan', quantity: 1, unitPriceMinor: 10000, taxRatePercent: 19 }],
};

describe('EasyBill operations against a scripted API', () => {
	it('re-looks-up after a create whose answer was lost, instead of creating the invoice twice', async () => {
		const { fake, ledger } = setup();
		fake.dropAfterCommit.add('POST /documents');
		const [result] = await ledger.createInvoices([invoice]);
		expect(result).toMatchObject({ action: 'created' });
		expect(fake.documents).toHaveLength(1);
		expect(fake.writes('POST', '/documents')).toBe(1);
		expect(fake.documents[0]).toMatchObject({ external_id: 'in_1', is_draft: false });
	});

	it('re-looks-up a customer whose create answer was lost', async () => {
		const { fake, ledger } = setup();
		fake.dropAfterCommit.add('POST /customers');
		const [result] = await ledger.upsertContacts([{ sourceId: 'cus_9', name: 'Lost Answer GmbH' }]);
		expect(result).toMatchObject({ action: 'created', ledgerId: String(fake.customers[0].id) });
		expect(fake.customers).toHaveLength(1);
	});

	it('returns an invoice that exists for its source id as unchanged, without writing', async () => {
		const { fake, ledger } = setup();
		await ledger.createInvoices([invoice]);
		const writesBefore = fake.sent.filter((r) => r.method !== 'GET').length;
		const [again] = await ledger.createInvoices([invoice]);
		expect(again).toMatchObject({ action: 'unchanged', ledgerId: String(fake.documents[0].id) });
		expect(fake.sent.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
	});

	it('finds a customer by e-mail when the number differs, then sees it unchanged with no write', async () => {
		const { fake, ledger } = setup();
		fake.customers.push({
			id: 50,
			number: 'legacy-7',
			company_name: 'Ada Shop',
			first_name: null,
			last_name: null,
			emails: ['ada@shop.de'],
		});
		const [byEmail] = await ledger.upsertContacts([
			{ sourceId: 'cus_1', name: 'Ada Shop', emails: ['ada@shop.de'] },
		]);
		expect(byEmail).toMatchObject({ action: 'updated', ledgerId: '50' });
		const put = fake.sent.find((r) => r.method === 'PUT');
		expect(put?.body).toMatchObject({ number: 'cus_1', emails: ['ada@shop.de'] });
		expect(put?.body).not.toHaveProperty('email');
		const writes = fake.sent.filter((r) => r.method !== 'GET').length;
		const [again] = await ledger.upsertContacts([
			{ sourceId: 'cus_1', name: 'Ada Shop', emails: ['ada@shop.de'] },
		]);
		expect(again).toMatchObject({ action: 'unchanged', ledgerId: '50' });
		expect(fake.sent.filter((r) => r.method !== 'GET').length).toBe(writes);
	});

	it('refuses a payment on a draft and an overpayment before calling the API', async () => {
		const { fake, ledger } = setup();
		await ledger.createInvoices([
			{ ...invoice, status: 'draft' },
			{ ...invoice, sourceId: 'in_2' },
		]);
		const posts = fake.writes('POST', '/document-payments');
		const results = await ledger.recordPayments([
			{
				sourceId: 'ch_1',
				invoice: { sourceId: 'in_1' },
				amountMinor: 100,
				currency: 'EUR',
				date: '2026-04-01',
			},
			{
				sourceId: 'ch_2',
				invoice: { sourceId: 'in_2' },
				amountMinor: 11901,
				currency: 'EUR',
				date: '2026-04-01',
			},
			{
				sourceId: 'ch_3',
				invoice: { sourceId: 'in_2' },
				amountMinor: 5000,
				currency: 'EUR',
				date: '2026-04-01',
			},
			{
				sourceId: 'ch_4',
				invoice: { sourceId: 'in_2' },
				amountMinor: 5000,
				currency: 'EUR',
				date: '2026-04-01',
			},
			{
				sourceId: 'ch_5',
				invoice: { sourceId: 'in_2' },
				amountMinor: 1901,
				currency: 'EUR',
				date: '2026-04-01',
			},
		]);
		expect(
			results.map((r) => (r.action === 'failed' ? `${r.error.kind}:${r.error.field}` : r.action)),
		).toEqual([
			'conflict:invoice',
			'conflict:amountMinor',
			'created',
			'created',
			// The invoice totals 119.00: the batch remembers both 50.00 payments, so 19.01 more is too much.
			'conflict:amountMinor',
		]);
		expect(fake.writes('POST', '/document-payments') - posts).toBe(2);
		const [again] = await ledger.recordPayments([
			{
				sourceId: 'ch_3',
				invoice: { sourceId: 'in_2' },
				amountMinor: 5000,
				currency: 'EUR',
				date: '2026-04-01',
			},
		]);
		expect(again.action).toBe('unchanged');
	});

	it('refuses a refund of a credit that allocation uses up, before writing anything', async () => {
		const { fake, ledger } = setup();
		await ledger.createInvoices([invoice]);
		await ledger.recordPayments([
			{
				sourceId: 'ch_1',
				invoice: { sourceId: 'in_1' },
				amountMinor: 9500,
				currency: 'EUR',
				date: '2026-04-01',
			},
		]);
		const writes = fake.sent.filter((r) => r.method !== 'GET').length;
		const [result] = await ledger.issueCreditNotes([
			{
				sourceId: 'cn_1',
				invoice: { sourceId: 'in_1' },
				date: '2026-04-02',
				currency: 'EUR',
				amountMinor: 500,
				allocate: true,
				refund: { date: '2026-04-02' },
			},
		]);
		expect(result.action === 'failed' && result.error).toMatchObject({
			kind: 'validation',
			field: 'refund',
		});
		expect(fake.sent.filter((r) => r.method !== 'GET').length).toBe(writes);
	});

	it('issues a credit as type CREDIT with ref_id, finalises it and allocates it as a named payment', async () => {
		const { fake, ledger } = setup();
		const [inv] = await ledger.createInvoices([invoice]);
		const [result] = await ledger.issueCreditNotes([
			{
				sourceId: 'cn_2',
				invoice: { sourceId: 'in_1' },
				date: '2026-04-02',
				currency: 'EUR',
				amountMinor: 700,
				allocate: true,
			},
		]);
		expect(result).toMatchObject({
			action: 'created',
			record: { totalMinor: 700, allocatedMinor: 700, refundedMinor: 0 },
		});
		const post = fake.sent.filter((r) => r.method === 'POST' && r.url.endsWith('/documents'))[1];
		expect(post.body).toMatchObject({
			type: 'CREDIT',
			ref_id: Number(inv.action !== 'failed' && inv.ledgerId),
			external_id: 'cn_2',
		});
		// The allocation and its counterpart on the credit: both documents show the offset.
		expect(fake.payments).toMatchObject([
			{ amount: 700, reference: 'credit:cn_2', provider: 'credit note' },
			{ amount: 700, reference: 'credit-applied:cn_2', provider: 'credit note' },
		]);
	});

	it('reads paid_at from the cursor as a Europe/Berlin date, minus the overlap', async () => {
		const { fake, ledger } = setup();
		// 23:30 UTC on 28 March is 00:30 on 29 March in Berlin.
		await ledger.listPaidInvoices({ since: '2026-03-28T23:30:00.000Z' }, { overlapMs: 0 });
		await ledger.listPaidInvoices({ since: '2026-03-28T23:30:00.000Z' }, { overlapMs: 3_600_000 });
		// The first scan also asks for the newest payment id (its cursor); only the document reads carry paid_at.
		const from = fake.sent
			.filter((r) => r.query?.paid_at !== undefined)
			.map((r) => String(r.query?.paid_at).split(',')[0]);
		expect(from).toEqual(['2026-03-29', '2026-03-28']);
	});

	it('lists paid invoices over every page and advances the cursor', async () => {
		const { fake, ledger } = setup();
		for (let i = 0; i < 1500; i++) {
			fake.documents.push({
				id: 10_000 + i,
				type: 'INVOICE',
				number: `RE-${i}`,
				is_draft: false,
				customer_id: 1,
				currency: 'EUR',
				document_date: '2026-03-01',
				amount: 100,
				amount_net: 84,
				paid_amount: 100,
				paid_at: '2026-03-10',
				external_id: `in_${i}`,
				ref_id: null,
				items: [],
			});
		}
		const page = await ledger.listPaidInvoices(
			{ since: '2026-03-10T08:00:00.000Z' },
			{ overlapMs: 0 },
		);
		expect(page.invoices).toHaveLength(1500);
		expect(fake.sent.filter((r) => r.url.endsWith('/documents')).map((r) => r.query?.page)).toEqual(
			[1, 2],
		);
		expect(fake.sent.find((r) => r.url.endsWith('/documents'))?.query?.paid_at).toMatch(
			/^2026-03-10,/,
		);
		expect(Date.parse(page.cursor.since)).toBeGreaterThan(Date.parse('2026-03-10T08:00:00.000Z'));
	});
});
