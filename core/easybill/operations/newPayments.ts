/**
 * Payments recorded after a given payment id, for the polling trigger. EasyBill lists
 * `/document-payments` by id, oldest first, and has no filter on id or creation time; a payment's
 * `payment_at` is whatever date the user typed (often days back), so polling on it misses
 * back-dated payments. Ids grow with every payment recorded, so "id above the last one seen" is
 * exactly "new since the last poll": this finds the first page holding such ids by bisection
 * (a few calls on a long list, usually one: the last page) and reads on from there.
 */
import type { EasyBillApi } from '../api';
import type { EbList, EbPayment } from '../wire';

/** Pages of this size: 1,000 is EasyBill's largest, the fewest calls on a 10/min plan. */
export const PAYMENT_PAGE_SIZE = 1000;

export interface NewPayments {
	/** Payments with an id above `afterId`, ascending by id. */
	payments: EbPayment[];
	/** The highest id read (or `afterId` when none is newer); the next scan starts after it. */
	lastId: number;
	/** False when the scan stopped at its page bound; the next scan continues from `lastId`. */
	complete: boolean;
}

export async function paymentsAfter(
	api: EasyBillApi,
	afterId: number,
	options: { maxPages: number; shouldContinue?(): boolean; pageSize?: number },
): Promise<NewPayments> {
	const limit = options.pageSize ?? PAYMENT_PAGE_SIZE;
	const cache = new Map<number, EbList<EbPayment>>();
	const read = async (page: number): Promise<EbList<EbPayment>> => {
		let envelope = cache.get(page);
		if (!envelope) {
			envelope = await api.get<EbList<EbPayment>>('/document-payments', { limit, page });
			envelope = { ...envelope, items: sortById(envelope?.items ?? []) };
			cache.set(page, envelope);
		}
		return envelope;
	};
	const first = await read(1);
	const pages = Math.max(1, first.pages ?? 1);
	const highest = (envelope: EbList<EbPayment>) => envelope.items.at(-1)?.id ?? 0;

	// The first page whose newest payment is above afterId: the last page usually, else bisect.
	const start = await firstPageAbove(afterId, pages, read, highest);

	const payments: EbPayment[] = [];
	let lastId = afterId;
	let page = start;
	let pagesRead = 0;
	for (; page <= pages; page++) {
		if (pagesRead >= options.maxPages) break;
		if (pagesRead > 0 && options.shouldContinue?.() === false) break;
		const envelope = await read(page);
		pagesRead++;
		for (const payment of envelope.items) {
			if (payment.id <= afterId) continue;
			payments.push(payment);
			if (payment.id > lastId) lastId = payment.id;
		}
	}
	return { payments, lastId, complete: page > pages };
}

async function firstPageAbove(
	afterId: number,
	pages: number,
	read: (page: number) => Promise<EbList<EbPayment>>,
	highest: (envelope: EbList<EbPayment>) => number,
): Promise<number> {
	const last = await read(pages);
	if (highest(last) <= afterId) return pages + 1; // nothing new
	if ((last.items[0]?.id ?? 0) <= afterId || pages === 1) return pages;
	let low = 1;
	let high = pages;
	while (low < high) {
		const mid = Math.floor((low + high) / 2);
		if (highest(await read(mid)) > afterId) high = mid;
		else low = mid + 1;
	}
	return low;
}

function sortById(items: EbPayment[]): EbPayment[] {
	return [...items].sort((a, b) => a.id - b.id);
}
