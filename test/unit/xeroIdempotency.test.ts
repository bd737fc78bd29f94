import type { Contact } from '../../core/model';
import {
	idempotencyKey,
	MAX_IDEMPOTENCY_KEY_LENGTH,
	stableStringify,
} from '../../core/xero/idempotency';
import { NoResponseError } from '../../core/transport';
import { echoBatch, fakeXero, ok, TENANT } from './xeroFakeApi';

describe('Xero idempotency keys', () => {
	it('are stable for the same tenant, operation and content, whatever the key order', () => {
		const a = idempotencyKey(TENANT, 'invoices', ['s1', 's2'], [{ A: 1, B: 'x' }]);
		const b = idempotencyKey(TENANT, 'invoices', ['s1', 's2'], [{ B: 'x', A: 1 }]);
		expect(a).toBe(b);
		expect(stableStringify({ b: 1, a: [2, { d: 1, c: 0 }] })).toBe('{"a":[2,{"c":0,"d":1}],"b":1}');
	});

	it('differ by tenant, operation, source ids and content', () => {
		const base = idempotencyKey(TENANT, 'invoices', ['s1'], { Total: 1 });
		expect(idempotencyKey('other-tenant', 'invoices', ['s1'], { Total: 1 })).not.toBe(base);
		expect(idempotencyKey(TENANT, 'payments', ['s1'], { Total: 1 })).not.toBe(base);
		expect(idempotencyKey(TENANT, 'invoices', ['s2'], { Total: 1 })).not.toBe(base);
		expect(idempotencyKey(TENANT, 'invoices', ['s1'], { Total: 2 })).not.toBe(base);
	});

	it('stay within 128 characters for any input', () => {
		const longIds = Array.from({ length: 50 }, (_, i) => `${'x'.repeat(300)}-${i}`);
		const key = idempotencyKey('t'.repeat(500), 'a-very-long-operation-name-'.repeat(10), longIds, {
			big: 'y'.repeat(10_000),
		});
		expect(key.length).toBeLessThanOrEqual(MAX_IDEMPOTENCY_KEY_LENGTH);
		expect(key).toMatch(/^[A-Za-z0-9-]+$/);
	});
});

const contact = (i: number): Contact => ({
	sourceId: `c-${i}`,
	name: `Customer ${i}`,
	emails: [`c${i}@example.com`],
});

describe('Xero creates carry an Idempotency-Key and are retried safely', () => {
	it('sends the same key for the same batch on a re-run', async () => {
		const keys: string[] = [];
		for (let run = 0; run < 2; run++) {
			const fake = fakeXero({ 'PUT /Contacts': echoBatch('Contacts', 'ContactID') });
			await fake.ledger.upsertContacts([contact(1), contact(2)]);
			const put = fake.calls('PUT', '/Contacts')[0];
			keys.push(put.headers?.['Idempotency-Key'] ?? '');
		}
		expect(keys[0]).toMatch(/^xero-contacts-[0-9a-f]{64}$/);
		expect(keys[1]).toBe(keys[0]);
	});

	it('retries a keyed create after a dropped answer, with the same key', async () => {
		let attempts = 0;
		const echo = echoBatch('Contacts', 'ContactID');
		const fake = fakeXero({
			'PUT /Contacts': (request) => {
				attempts += 1;
				if (attempts === 1) throw new NoResponseError('socket hang up');
				return echo(request);
			},
		});
		const [result] = await fake.ledger.upsertContacts([contact(1)]);
		expect(result.action).toBe('created');
		const puts = fake.calls('PUT', '/Contacts');
		expect(puts).toHaveLength(2);
		expect(puts[1].headers?.['Idempotency-Key']).toBe(puts[0].headers?.['Idempotency-Key']);
	});

	it('after an unknown outcome, looks again before reporting: a create that landed is not failed', async () => {
		const landed: Array<Record<string, unknown>> = [];
		const fake = fakeXero(
			{
				'GET /Contacts': () => ok({ Contacts: landed }),
				'PUT /Contacts': (request) => {
					const [element] = (request.body as { Contacts: Array<Record<string, unknown>> }).Contacts;
					landed.push({ ...element, ContactID: 'cccccccc-0000-4000-8000-000000000001' });
					throw new NoResponseError('connection reset after commit');
				},
			},
			{ retry: { maxAttempts: 1 } },
		);
		const [result] = await fake.ledger.upsertContacts([contact(7)]);
		expect(result.action).toBe('created');
		if (result.action !== 'failed')
			expect(result.ledgerId).toBe('cccccccc-0000-4000-8000-000000000001');
		expect(fake.calls('PUT', '/Contacts')).toHaveLength(1);
	});
});
