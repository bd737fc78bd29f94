/**
 * A credit note the ledger already holds for a source id, compared with the input (currency, date,
 * the amount or the lines given, the invoice it is allocated to): what Issue Credit Note does
 * with it is decided here.
 */
import { type ComparableDocument, type Difference, compareDocuments, decideCorrection } from '../../compare';
import { xeroDateToIso } from '../../dates';
import { majorNumberToMinor } from '../../money';
import type { CreditNote } from '../../model';
import type { XeroCreditNote, XeroInvoice } from '../wire';
import { inputLineComparable, xeroLineComparable, xeroLockedReason } from './comparable';

/**
 * A credit note found for the source id is compared with the input (currency, date, the amount or
 * the lines given): equal → unchanged (a missing allocation or refund is still completed); other
 * values → the ledger's version when the caller keeps it, else a conflict naming each field.
 * Editing an issued credit note is not done here (Xero locks it once allocated anyway).
 */
export function correctionFor(note: CreditNote, xero: XeroCreditNote, invoice: XeroInvoice, index: number) {
	const currency = xero.CurrencyCode ?? note.currency;
	const ledger: ComparableDocument = {
		currency,
		issueDate: fromXeroCreditNoteDate(xero),
		lines: (xero.LineItems ?? []).map((l) => xeroLineComparable(l, currency)),
		totalMinor: majorNumberToMinor(xero.Total ?? 0, currency),
	};
	const input: ComparableDocument = {
		currency: note.currency,
		issueDate: note.date,
		...(note.lines ? { lines: note.lines.map(inputLineComparable) } : {}),
		...(note.amountMinor !== undefined ? { totalMinor: note.amountMinor } : {}),
	};
	const otherInvoice = allocatedElsewhere(xero, invoice);
	return decideCorrection([...(otherInvoice ? [otherInvoice] : []), ...compareDocuments(ledger, input)], {
		policy: note.ifDifferent,
		draft: false,
		locked:
			xeroLockedReason({ Status: xero.Status, Allocations: xero.Allocations, Payments: xero.Payments }) ??
			'an issued credit note is not edited by this package (void it in Xero and issue it again)',
		what: `credit note ${xero.CreditNoteNumber ?? xero.CreditNoteID}`,
		itemIndex: index,
	});
}

/**
 * A credit note allocated only to other invoices than the one asked for is not the credit asked
 * for (a credit resent against another invoice must not come back unchanged). Xero links a credit
 * note to an invoice only through its allocations, so an unallocated (refunded) one is not checked.
 */
function allocatedElsewhere(xero: XeroCreditNote, invoice: XeroInvoice): Difference | undefined {
	const linked = (xero.Allocations ?? []).map((a) => a.Invoice).filter((i) => i?.InvoiceID);
	if (linked.length === 0 || linked.some((i) => i?.InvoiceID === invoice.InvoiceID)) return undefined;
	return {
		field: 'invoice',
		label: 'Invoice',
		ledger: linked.map((i) => i?.InvoiceNumber ?? i?.InvoiceID).join(', '),
		input: invoice.InvoiceNumber ?? invoice.InvoiceID ?? '',
	};
}

function fromXeroCreditNoteDate(xero: XeroCreditNote): string | undefined {
	const raw = (xero as { DateString?: string }).DateString ?? xero.Date;
	if (!raw) return undefined;
	try {
		return xeroDateToIso(raw);
	} catch {
		return undefined; // an unreadable date is not compared
	}
}

