/**
 * Void Invoice: an AUTHORISED invoice becomes VOIDED, a draft (DRAFT/SUBMITTED) is DELETED (Xero
 * cannot void a draft), in batched `POST /Invoices` status changes with an Idempotency-Key. One
 * already VOIDED is `unchanged`. Xero refuses to void an invoice with payments; we refuse first,
 * naming them, unless asked to reverse them (each payment deleted, then the invoice voided). An
 * allocated credit note is always refused: removing an allocation is not ours to decide.
 */
import { LedgerError } from '../../errors';
import type { ItemResult } from '../../ledger';
import type { VoidedInvoice, VoidInvoice, VoidedAs } from '../../lifecycle';
import { formatMajor, majorNumberToMinor } from '../../money';
import { elementFailed } from '../errors';
import { resolveInvoiceRefs } from '../lookups/invoices';
import { elementError } from '../mapping/elementErrors';
import type { XeroInvoice } from '../wire';
import { writeInBatches, type PreparedElement } from './batchWrite';
import type { XeroContext } from './context';
import { invoiceNotFound } from './getInvoices';
import { deletePayment } from './reversePayments';

const isDraft = (invoice: XeroInvoice) => invoice.Status === 'DRAFT' || invoice.Status === 'SUBMITTED';

function voidedRecord(invoice: XeroInvoice, voidedAs: VoidedAs, reversedPayments: string[]): VoidedInvoice {
	const currency = invoice.CurrencyCode ?? '';
	return {
		ledgerId: invoice.InvoiceID ?? '',
		...(invoice.InvoiceNumber ? { number: invoice.InvoiceNumber } : {}),
		...(invoice.Reference ? { sourceId: invoice.Reference } : {}),
		voidedAs,
		reversedPayments,
		totalMinor: majorNumberToMinor(invoice.Total ?? 0, currency),
		currency,
	};
}

function blocker(invoice: XeroInvoice, request: VoidInvoice, index: number): LedgerError | undefined {
	const name = invoice.InvoiceNumber ?? invoice.InvoiceID;
	const currency = invoice.CurrencyCode ?? '';
	const credited = majorNumberToMinor(invoice.AmountCredited ?? 0, currency);
	if (credited > 0) {
		return new LedgerError(
			`invoice: ${name} has ${formatMajor(credited, currency)} ${currency} of credit notes allocated; remove the allocations in Xero before voiding it`,
			{ kind: 'conflict', field: 'invoice', itemIndex: index },
		);
	}
	const live = (invoice.Payments ?? []).filter((p) => p.Status !== 'DELETED');
	if (live.length > 0 && !request.reversePayments) {
		const paid = majorNumberToMinor(invoice.AmountPaid ?? 0, currency);
		return new LedgerError(
			`invoice: ${name} has ${live.length} payment(s) of ${formatMajor(paid, currency)} ${currency} (${live.map((p) => p.Reference || p.PaymentID).join(', ')}); Xero voids only invoices without payments: reverse them first, or turn on "Reverse Payments First"`,
			{ kind: 'conflict', field: 'invoice', itemIndex: index },
		);
	}
	return undefined;
}

export async function voidInvoices(ctx: XeroContext, requests: VoidInvoice[]): Promise<ItemResult<VoidedInvoice>[]> {
	const found = await resolveInvoiceRefs(ctx.api, requests.map((r) => r.invoice));
	const results = new Map<number, ItemResult<VoidedInvoice>>();
	const prepared: Array<PreparedElement<{ InvoiceID: string; Status: string }>> = [];
	const reversed = new Map<number, string[]>();
	const seen = new Map<string, number>();
	const repeats = new Map<number, number>();
	for (const [index, request] of requests.entries()) {
		const invoice = found[index];
		if (!invoice?.InvoiceID) {
			results.set(index, { index, action: 'failed', error: invoiceNotFound(request.invoice, index) });
			continue;
		}
		if (invoice.Status === 'VOIDED') {
			results.set(index, { index, action: 'unchanged', ledgerId: invoice.InvoiceID, record: voidedRecord(invoice, 'voided', []) });
			continue;
		}
		const first = seen.get(invoice.InvoiceID);
		if (first !== undefined) {
			repeats.set(index, first);
			continue;
		}
		seen.set(invoice.InvoiceID, index);
		const refused = blocker(invoice, request, index);
		if (refused) {
			results.set(index, { index, action: 'failed', error: refused });
			continue;
		}
		const paymentIds: string[] = [];
		let failedReversal: ItemResult<VoidedInvoice> | undefined;
		for (const payment of (invoice.Payments ?? []).filter((p) => p.Status !== 'DELETED')) {
			const outcome = await deletePayment(ctx, payment.PaymentID ?? '', index).catch((error: unknown) => {
				if (!(error instanceof LedgerError)) throw error;
				return { index, action: 'failed' as const, error: error.forItem(index) };
			});
			if (outcome.action === 'failed') {
				failedReversal = { index, action: 'failed', error: outcome.error };
				break;
			}
			paymentIds.push(outcome.ledgerId);
		}
		if (failedReversal) {
			results.set(index, failedReversal);
			continue;
		}
		reversed.set(index, paymentIds);
		prepared.push({ index, sourceId: invoice.InvoiceID, body: { InvoiceID: invoice.InvoiceID, Status: isDraft(invoice) ? 'DELETED' : 'VOIDED' } });
	}

	const written = await writeInBatches(ctx, prepared, {
		method: 'POST',
		path: '/Invoices',
		key: 'Invoices',
		operation: 'voidinvoices',
		toResult: (answer, element): ItemResult<VoidedInvoice> => {
			const xero = answer as XeroInvoice;
			if (elementFailed(xero) || (xero.Status !== 'VOIDED' && xero.Status !== 'DELETED')) {
				return { index: element.index, action: 'failed', error: elementError(xero, element.index, () => 'invoice', 'voiding the invoice') };
			}
			const voidedAs: VoidedAs = xero.Status === 'DELETED' ? 'deleted' : 'voided';
			return { index: element.index, action: 'updated', ledgerId: xero.InvoiceID ?? element.sourceId, record: voidedRecord(xero, voidedAs, reversed.get(element.index) ?? []) };
		},
		recover: async (elements) => {
			const again = await resolveInvoiceRefs(ctx.api, elements.map((e) => ({ ledgerId: e.sourceId })));
			const recovered = new Map<number, ItemResult<VoidedInvoice>>();
			elements.forEach((element, i) => {
				const invoice = again[i];
				if (invoice?.Status === 'VOIDED')
					recovered.set(element.index, { index: element.index, action: 'updated', ledgerId: element.sourceId, record: voidedRecord(invoice, 'voided', reversed.get(element.index) ?? []) });
			});
			return recovered;
		},
	});
	for (const result of written) results.set(result.index, result);
	return requests.map((_r, index): ItemResult<VoidedInvoice> => {
		const own = results.get(index);
		if (own) return own;
		const first = results.get(repeats.get(index) ?? -1);
		if (first && first.action !== 'failed') return { ...first, index, action: 'unchanged' };
		return { index, action: 'failed', error: first?.action === 'failed' ? first.error.forItem(index) : new LedgerError('invoice was not processed', { kind: 'unknown', itemIndex: index }) };
	});
}
