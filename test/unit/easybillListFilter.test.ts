import {
	chunkFilterValues,
	escapeFilterValue,
	MAX_REQUEST_LINE_BYTES,
	requestLineBytes,
} from '../../core/easybill/listFilter';
import { createEasyBillLedger } from '../../core/easybill';
import type { HttpRequest, HttpResponse } from '../../core/transport';
import { virtualClock } from '../helpers/http';

/** Splits a comma list the way EasyBill does with `X-Easybill-Escape: true`. */
function splitEscaped(raw: string): string[] {
	const out: string[] = [];
	let current = '';
	for (let i = 0; i < raw.length; i++) {
		if (raw[i] === '\\' && (raw[i + 1] === ',' || raw[i + 1] === '\\')) current += raw[++i];
		else if (raw[i] === ',') {
			out.push(current);
			current = '';
		} else current += raw[i];
	}
	out.push(current);
	return out;
}

describe('EasyBill list filters', () => {
	it('escapes commas and backslashes so a value survives the split', () => {
		expect(escapeFilterValue('Müller, Schmidt GmbH')).toBe('Müller\\, Schmidt GmbH');
		expect(escapeFilterValue('a\\,b')).toBe('a\\\\\\,b');
		const values = ['Müller, Schmidt GmbH', 'a\\,b', 'plain'];
		const [list] = chunkFilterValues(values, 100, 'company_name');
		expect(splitEscaped(list)).toEqual(values);
	});

	it('splits long lists so every request line stays within 4,094 bytes, losing no value', () => {
		const url = 'https://api.easybill.de/rest/v1/customers';
		const values = Array.from({ length: 400 }, (_, i) => `customer-${i}@example-shop.de`);
		const fixed = requestLineBytes('GET', url, { limit: 1000, page: 50 });
		const chunks = chunkFilterValues(values, fixed, 'emails');
		expect(chunks.length).toBeGreaterThan(1);
		for (const chunk of chunks) {
			expect(
				requestLineBytes('GET', url, { limit: 1000, page: 50, emails: chunk }),
			).toBeLessThanOrEqual(MAX_REQUEST_LINE_BYTES);
		}
		expect(chunks.flatMap(splitEscaped)).toEqual(values);
	});

	it('sends lookups with the escape header, as comma lists, in as few calls as fit', async () => {
		const sent: HttpRequest[] = [];
		const send = async (request: HttpRequest): Promise<HttpResponse> => {
			sent.push(request);
			return {
				status: 200,
				headers: {},
				body: { page: 1, pages: 1, limit: 1000, total: 0, items: [] },
			};
		};
		const ledger = createEasyBillLedger({
			send,
			clock: virtualClock(),
			baseUrl: 'http://eb.test/rest/v1',
		});
		await ledger.findInvoices([{ sourceId: 'in_1' }, { sourceId: 'in,2' }, { sourceId: 'in_3' }]);
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({
			method: 'GET',
			url: 'http://eb.test/rest/v1/documents',
			headers: { 'X-Easybill-Escape': 'true' },
			query: { type: 'INVOICE', external_id: 'in_1,in\\,2,in_3' },
		});
	});
});
