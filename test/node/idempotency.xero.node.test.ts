/**
 * Issue 10: a Xero Idempotency-Key never makes a later, legitimately different request look done.
 * The sandbox replays the first answer to a key (success or rejection), as Xero does.
 */
import type { INodeParameters } from 'n8n-workflow';

import { fromItem, useNodeEnv } from './nodeEnv';

const env = useNodeEnv();

const contactParams: INodeParameters = {
	operation: 'upsertContact',
	sourceId: fromItem('id'),
	name: fromItem('name'),
	contactFields: { phone: fromItem('phone') },
};

describe('Xero idempotency keys never replay a stale answer', () => {
	it('updates a contact again after someone changed it back in Xero', async () => {
		const created = await env.run('xero', [{ id: 'cus_i1', name: 'Idem Ltd', phone: '111' }], contactParams);
		const updated = await env.run('xero', [{ id: 'cus_i1', name: 'Idem Ltd', phone: '222' }], contactParams);
		expect(updated.json[0].action).toBe('updated');
		// Someone puts the old phone back in Xero's UI.
		env.sandbox.clock.advance(60_000);
		env.sandbox.xero.editContact(env.tenantId, String(created.json[0].ledgerId), {
			Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: '111' }],
		});
		const again = await env.run('xero', [{ id: 'cus_i1', name: 'Idem Ltd', phone: '222' }], contactParams);
		expect(again.json[0].action).toBe('updated');
		const stored = env.sandbox.xero.contacts(env.tenantId).find((c) => c.ContactNumber === 'cus_i1');
		expect(JSON.stringify(stored?.Phones)).toContain('222');
	});

	it('creates an invoice rejected for an archived account once the account is restored', async () => {
		const params: INodeParameters = {
			operation: 'createInvoice',
			amountUnit: 'minor',
			sourceId: 'in_i2',
			contactBy: 'details',
			contactSourceId: 'cus_i2',
			contactName: 'Archive Ltd',
			issueDate: '2026-11-02',
			dueDate: '2026-11-16',
			currency: 'EUR',
			taxMode: 'exclusive',
			lineInputMode: 'json',
			linesJson: [{ description: 'Plan', quantity: 1, unitPrice: 4900, taxType: 'OUTPUT2', accountCode: '200' }],
			status: 'final',
		};
		env.sandbox.xero.setAccountStatus(env.tenantId, '200', 'ARCHIVED');
		const refused = await env.run('xero', [{}], params, { continueOnFail: true });
		expect(refused.json[0]).toMatchObject({ action: 'failed' });
		expect(JSON.stringify(refused.json[0].error)).toContain('archived');

		env.sandbox.clock.advance(10 * 60_000);
		env.sandbox.xero.setAccountStatus(env.tenantId, '200', 'ACTIVE');
		const fixed = await env.run('xero', [{}], params);
		expect(fixed.error).toBeUndefined();
		expect(fixed.json[0].action).toBe('created');
		expect(
			env.sandbox.xero.invoices(env.tenantId).filter((i) => i.Reference === 'in_i2'),
		).toHaveLength(1);
	});
});
