import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { salesInvoice, startXero, type XeroFixture } from './xero-client';

/** A tiny webhook receiver that verifies x-xero-signature like a correct consumer should. */
function startReceiver(key: () => string, alwaysOk = false) {
	const received: { signature?: string; body: string; valid: boolean }[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			const signature = req.headers['x-xero-signature'] as string | undefined;
			const expected = createHmac('sha256', key()).update(raw).digest();
			const given = Buffer.from(signature ?? '', 'base64');
			const valid = given.length === expected.length && timingSafeEqual(given, expected);
			received.push({ signature, body: raw.toString('utf8'), valid });
			res.writeHead(valid || alwaysOk ? 200 : 401);
			res.end();
		});
	});
	return new Promise<{ url: string; received: typeof received; close: () => Promise<void> }>(
		(resolve) => {
			server.listen(0, '127.0.0.1', () => {
				const { port } = server.address() as AddressInfo;
				resolve({
					url: `http://127.0.0.1:${port}/webhook`,
					received,
					close: () => new Promise<void>((done) => server.close(() => done())),
				});
			});
		},
	);
}

let x: XeroFixture;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
	x = await startXero();
	receiver = await startReceiver(() => x.sandbox.xero.webhookKey);
});
afterAll(async () => {
	await receiver.close();
	await x.sandbox.stop();
});
beforeEach(() => {
	receiver.received.length = 0;
});

describe('Xero webhooks', () => {
	it('passes intent-to-receive against a receiver that checks signatures (200 then 401)', async () => {
		const result = await x.sandbox.xero.intentToReceive(receiver.url);
		expect(result.ok).toBe(true);
		expect(result.results.map((r) => [r.signed, r.status])).toEqual([
			[true, 200],
			[false, 401],
		]);
		const payload = JSON.parse(receiver.received[0].body);
		expect(payload).toEqual({
			events: [],
			firstEventSequence: 0,
			lastEventSequence: 0,
			entropy: expect.any(String),
		});
	});

	it('fails intent-to-receive against a receiver that accepts anything', async () => {
		const lax = await startReceiver(() => 'wrong key', true);
		try {
			const result = await x.sandbox.xero.intentToReceive(lax.url);
			expect(result.ok).toBe(false);
			expect(result.results[1].status).toBe(200);
		} finally {
			await lax.close();
		}
	});

	it('delivers signed INVOICE events queued by writes, and a bad signature differs from the valid one', async () => {
		const created = await x.api.put('/Invoices', { Invoices: [salesInvoice('Webhook Ltd')] });
		const invoiceId = created.data.Invoices[0].InvoiceID;
		x.sandbox.xero.payInvoice(x.uk, invoiceId);

		const [delivery] = await x.sandbox.xero.deliverWebhook(receiver.url);
		expect(delivery.status).toBe(200);
		const valid = receiver.received[0];
		expect(valid.valid).toBe(true);
		const payload = JSON.parse(valid.body);
		const invoiceEvents = payload.events.filter(
			(e: { eventCategory: string }) => e.eventCategory === 'INVOICE',
		);
		expect(invoiceEvents.map((e: { eventType: string }) => e.eventType)).toEqual([
			'CREATE',
			'UPDATE',
		]);
		expect(invoiceEvents[1]).toEqual({
			resourceUrl: `${x.sandbox.urls.xero}/api.xro/2.0/Invoices/${invoiceId}`,
			resourceId: invoiceId,
			eventDateUtc: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/),
			eventType: 'UPDATE',
			eventCategory: 'INVOICE',
			tenantId: x.uk,
			tenantType: 'ORGANISATION',
		});
		expect(
			payload.events.some((e: { eventCategory: string }) => e.eventCategory === 'CONTACT'),
		).toBe(true);
		expect(payload.lastEventSequence - payload.firstEventSequence + 1).toBe(payload.events.length);
		// Delivered events are no longer pending.
		expect(x.sandbox.xero.pendingEvents()).toBe(0);
		expect(await x.sandbox.xero.deliverWebhook(receiver.url)).toEqual([]);

		const [bad] = await x.sandbox.xero.deliverWebhook(receiver.url, {
			events: payload.events,
			badSignature: true,
		});
		expect(bad.status).toBe(401);
		expect(receiver.received[1].valid).toBe(false);
		expect(receiver.received[1].signature).toEqual(expect.any(String));
		expect(receiver.received[1].signature).not.toBe(valid.signature);

		const [unsigned] = await x.sandbox.xero.deliverWebhook(receiver.url, {
			events: payload.events,
			unsigned: true,
		});
		expect(unsigned.status).toBe(401);
		expect(receiver.received[2].signature).toBeUndefined();
	});

	it('repeats, reverses and batches deliveries on request', async () => {
		await x.api.put('/Contacts', {
			Contacts: [{ Name: 'Event One' }, { Name: 'Event Two' }, { Name: 'Event Three' }],
		});
		const results = await x.sandbox.xero.deliverWebhook(receiver.url, {
			reverse: true,
			batchSize: 2,
			repeat: 2,
		});
		expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
		const bodies = receiver.received.map((r) => r.body);
		expect(bodies[0]).toBe(bodies[1]);
		expect(bodies[2]).toBe(bodies[3]);
		const ids = bodies
			.filter((_, i) => i % 2 === 0)
			.flatMap((b) => JSON.parse(b).events.map((e: { resourceId: string }) => e.resourceId));
		const contacts = x.sandbox.xero.contacts(x.uk);
		const idOf = (name: string) => contacts.find((c) => c.Name === name)?.ContactID;
		expect(ids).toEqual([idOf('Event Three'), idOf('Event Two'), idOf('Event One')]);
	});
});
