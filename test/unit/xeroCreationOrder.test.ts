/** Which of two Xero records for one source id was created first (core/xero/creationOrder). */
import { creationOrder, firstCreated, paymentCreationOrder } from '../../core/xero/creationOrder';
import type { XeroCreditNote, XeroInvoice, XeroPayment } from '../../core/xero/wire';

const inv = (InvoiceID: string, InvoiceNumber: string, updatedMs: number): XeroInvoice => ({
	InvoiceID,
	InvoiceNumber,
	UpdatedDateUTC: `/Date(${updatedMs}+0000)/` as never,
});

describe('Xero creation order', () => {
	it('reads the auto-numbered sequence as numbers, not text, and ignores a later edit', () => {
		const nine = inv('b', 'INV-0009', 2_000);
		const ten = inv('a', 'INV-0010', 1_000); // edited earlier than nine: the number still decides
		expect(creationOrder(nine, ten)).toBeLessThan(0);
		expect(firstCreated([ten, nine])?.InvoiceID).toBe('b');
		expect(firstCreated([inv('c', 'INV-10000', 0), inv('d', 'INV-9999', 5)])?.InvoiceID).toBe('d');
	});

	it('falls back to UpdatedDateUTC, then InvoiceID, when the numbers share no prefix', () => {
		expect(firstCreated([inv('x', 'INV-0002', 3_000), inv('y', 'ACME-17', 2_000)])?.InvoiceID).toBe('y');
		expect(firstCreated([inv('y', 'ACME', 1_000), inv('x', 'OTHER', 1_000)])?.InvoiceID).toBe('x');
	});

	it('orders the same set the same way whatever order it is listed in', () => {
		const set = [inv('1', 'INV-0005', 9), inv('2', 'INV-0003', 1), inv('3', 'INV-0004', 5)];
		const firsts = [set, [...set].reverse(), [set[1], set[0], set[2]]].map((s) => firstCreated(s)?.InvoiceID);
		expect(new Set(firsts)).toEqual(new Set(['2']));
	});

	it('orders credit notes by their own CN sequence', () => {
		const note = (CreditNoteID: string, CreditNoteNumber: string, updatedMs: number): XeroCreditNote => ({
			CreditNoteID,
			CreditNoteNumber,
			UpdatedDateUTC: `/Date(${updatedMs}+0000)/` as never,
		});
		// Allocating CN-0007 moved its UpdatedDateUTC past CN-0008's: the number still decides.
		expect(firstCreated([note('b', 'CN-0008', 1_000), note('a', 'CN-0007', 2_000)])?.CreditNoteID).toBe('a');
	});

	it('orders payments (which have no number) by UpdatedDateUTC, then PaymentID in any letter case', () => {
		const pay = (PaymentID: string, updatedMs: number): XeroPayment => ({
			PaymentID,
			UpdatedDateUTC: `/Date(${updatedMs}+0000)/` as never,
		});
		expect(firstCreated([pay('a', 2_000), pay('b', 1_999)], paymentCreationOrder)?.PaymentID).toBe('b');
		expect(firstCreated([pay('B', 1_000), pay('a', 1_000)], paymentCreationOrder)?.PaymentID).toBe('a');
		expect(firstCreated([pay('a', 1_000), pay('B', 1_000)], paymentCreationOrder)?.PaymentID).toBe('a');
		expect(paymentCreationOrder(pay('x', 5), pay('x', 5))).toBe(0);
	});
});
