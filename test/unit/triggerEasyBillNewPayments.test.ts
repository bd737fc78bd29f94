import type { EasyBillApi } from '../../core/easybill/api';
import { paymentsAfter } from '../../core/easybill/operations/newPayments';

/** A /document-payments list ordered by id, as EasyBill (and the sandbox) pages it. */
function fakeApi(count: number) {
	const payments = Array.from({ length: count }, (_, i) => ({
		id: 900_001 + i,
		document_id: 500_001 + (i % 37),
		amount: 100,
		payment_at: '2026-11-01',
	}));
	const pages: number[] = [];
	const api = {
		get: async (_path: string, query: { limit: number; page: number }) => {
			pages.push(query.page);
			const start = (query.page - 1) * query.limit;
			return {
				page: query.page,
				pages: Math.max(1, Math.ceil(payments.length / query.limit)),
				limit: query.limit,
				total: payments.length,
				items: payments.slice(start, start + query.limit),
			};
		},
	} as unknown as EasyBillApi;
	return { api, pages };
}

describe('paymentsAfter (EasyBill polling by payment id)', () => {
	it('reads only the last page when the new payments are on it', async () => {
		const { api, pages } = fakeApi(5_500);
		const found = await paymentsAfter(api, 900_001 + 5_450, { maxPages: 50 });
		expect(found.payments.map((p) => p.id)).toEqual(
			Array.from({ length: 49 }, (_, i) => 900_001 + 5_451 + i),
		);
		expect(found).toMatchObject({ lastId: 900_001 + 5_499, complete: true });
		expect(pages).toEqual([1, 6]);
	});

	it('bisects to the first page with new payments, then reads on from there', async () => {
		const { api, pages } = fakeApi(5_500);
		const found = await paymentsAfter(api, 900_001 + 2_499, { maxPages: 50 });
		expect(found.payments).toHaveLength(3_000);
		expect(found.payments[0].id).toBe(900_001 + 2_500);
		expect(found.complete).toBe(true);
		expect(pages.length).toBeLessThanOrEqual(9);
	});

	it('stops at its page bound and says where to continue', async () => {
		const { api } = fakeApi(5_500);
		const first = await paymentsAfter(api, 900_000, { maxPages: 2 });
		expect(first).toMatchObject({ lastId: 900_001 + 1_999, complete: false });
		const rest = await paymentsAfter(api, first.lastId, { maxPages: 50 });
		expect(rest.payments[0].id).toBe(900_001 + 2_000);
		expect(first.payments.length + rest.payments.length).toBe(5_500);
	});

	it('finds nothing new with one or two calls', async () => {
		const { api, pages } = fakeApi(5_500);
		const found = await paymentsAfter(api, 900_001 + 5_499, { maxPages: 50 });
		expect(found).toMatchObject({ payments: [], lastId: 900_001 + 5_499, complete: true });
		expect(pages).toEqual([1, 6]);
	});
});
