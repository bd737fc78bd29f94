/**
 * Create Invoice: an invoice that already exists for its identity (lookups/invoiceIdentity) is
 * compared with the input (core/compare): equal → `unchanged`; different → updated in place where
 * Xero allows it (a draft, or an AUTHORISED invoice with nothing applied), else a `conflict` naming
 * each field. Contacts are resolved in batches (lookups/invoiceContacts), lines get their account
 * and tax codes (mapping/lines); new invoices are created 50 per PUT under an idempotency key, and
 * the total Xero booked is checked against the one computed from the input.
 */
import { compareDocuments, decideCorrection, expectedTotalMismatch } from '../../compare';
import { LedgerError, invalidInput } from '../../errors';
import type { ItemResult } from '../../ledger';
import { majorNumberToMinor } from '../../money';
import type { Invoice, InvoiceLine, InvoiceRecord } from '../../model';
import { settleCreatedInvoices } from '../createRace';
import { ensureDailyBudget } from '../dailyBudget';
import { elementFailed } from '../errors';
import { currencyProblem, rateToSend } from '../lookups/currencyCheck';
import { resolveInvoiceContacts } from '../lookups/invoiceContacts';
import { findExistingInvoices, identityKey } from '../lookups/invoiceIdentity';
import { settingsProblem } from '../lookups/settingsCheck';
import {
	inputInvoiceComparable,
	isXeroDraft,
	xeroInvoiceComparable,
	xeroLockedReason,
} from '../mapping/comparable';
import { elementError, invoiceFieldFor } from '../mapping/elementErrors';
import { fromXeroInvoice, needsFourDecimals, toXeroInvoice } from '../mapping/invoice';
import { resolveLines } from '../mapping/lines';
import { bookedTotalMismatch, xeroExpectedTotal, xeroExpectedTotalFromKnownRates } from '../totals';
import { validateInvoice } from '../validate';
import type { XeroInvoice } from '../wire';
import { writeInBatches, type PreparedElement } from './batchWrite';
import type { XeroContext } from './context';

function recordFor(invoice: Invoice, xero: XeroInvoice): InvoiceRecord {
	return { ...fromXeroInvoice(xero), sourceId: invoice.sourceId.trim() };
}

interface Pending {
	invoice: Invoice;
	/** The total the package computed from the input, when it can be known. */
	totalMinor?: number;
	lines: InvoiceLine[];
	/** totalMinor came from rates an earlier execution read: recheck before reporting a difference. */
	ratesMayBeStale: boolean;
	/** What Xero answered for the write, kept for that recheck. */
	booked?: { xero: XeroInvoice; action: 'created' | 'updated' };
}

/**
 * Xero's total must be the one computed from the input: a difference is never passed over. The
 * invoice is written by then, so it is reported as a `mismatch` (not `created`/`updated`, and not a
 * `conflict`, which means nothing was written), naming both totals and the invoice.
 */
function checkBookedTotal(
	index: number,
	pending: Pending,
	xero: XeroInvoice,
	action: 'created' | 'updated',
): ItemResult<InvoiceRecord> {
	pending.booked = { xero, action };
	const record = recordFor(pending.invoice, xero);
	const expected = pending.invoice.expectedTotalMinor ?? pending.totalMinor;
	if (expected === undefined || record.totalMinor === expected)
		return { index, action, ledgerId: xero.InvoiceID as string, record };
	const error = bookedTotalMismatch(
		`invoice ${record.number ?? record.ledgerId}`,
		action,
		record.ledgerId,
		record.totalMinor,
		expected,
		pending.invoice.currency,
		index,
		pending.invoice.expectedTotalMinor === undefined ? undefined : 'expectedTotalMinor',
	);
	return { index, action: 'failed', error };
}

/**
 * A booked total that differs from one computed with kept rates may only mean the rates changed
 * since: compute it again from rates read now before reporting the difference.
 */
async function recheckWithCurrentRates(
	ctx: XeroContext,
	written: Array<ItemResult<InvoiceRecord>>,
	pending: Map<number, Pending>,
): Promise<Array<ItemResult<InvoiceRecord>>> {
	const out: Array<ItemResult<InvoiceRecord>> = [];
	for (const result of written) {
		const own = pending.get(result.index);
		if (result.action !== 'failed' || !own?.booked || !own.ratesMayBeStale) {
			out.push(result);
			continue;
		}
		own.totalMinor = await xeroExpectedTotal(ctx, own.lines, own.invoice.taxMode);
		own.ratesMayBeStale = false;
		out.push(checkBookedTotal(result.index, own, own.booked.xero, own.booked.action));
	}
	return out;
}

export async function createInvoices(
	ctx: XeroContext,
	invoices: Invoice[],
): Promise<Array<ItemResult<InvoiceRecord>>> {
	const results = new Map<number, ItemResult<InvoiceRecord>>();
	const firstOfIdentity = new Map<string, number>();
	const work: Array<{ index: number; invoice: Invoice }> = [];
	invoices.forEach((invoice, index) => {
		const error = validateInvoice(invoice, index);
		if (error) {
			results.set(index, { index, action: 'failed', error });
			return;
		}
		const key = identityKey(invoice);
		if (firstOfIdentity.has(key)) return; // a repeat in the same batch reports the first one's outcome
		firstOfIdentity.set(key, index);
		work.push({ index, invoice });
	});

	const existing =
		work.length > 0
			? await findExistingInvoices(
					ctx,
					work.map((w) => w.invoice),
				)
			: new Map<string, XeroInvoice>();
	// A currency the organisation has not enabled, or a rate on its base currency: refused first.
	for (const w of [...work]) {
		const problem = await currencyProblem(ctx, w.invoice, w.index);
		if (problem) {
			results.set(w.index, { index: w.index, action: 'failed', error: problem });
			work.splice(work.indexOf(w), 1);
		}
	}
	// An inline contact is written before its invoice: refuse what Xero would refuse first.
	for (const w of [...work]) {
		if (!('contact' in w.invoice.contact)) continue;
		const problem = await settingsProblem(ctx, w.invoice, w.index);
		if (problem) {
			results.set(w.index, { index: w.index, action: 'failed', error: problem });
			work.splice(work.indexOf(w), 1);
		}
	}
	const inlineContacts = work.filter((w) => 'contact' in w.invoice.contact).length;
	ensureDailyBudget(
		ctx,
		{ lookups: inlineContacts, writes: [inlineContacts, work.length] },
		`creating ${work.length} invoices`,
	);
	const contacts = work.length > 0 ? await resolveInvoiceContacts(ctx, work) : new Map();
	const creates: Array<PreparedElement<XeroInvoice>> = [];
	const updates: Array<PreparedElement<XeroInvoice>> = [];
	const pending = new Map<number, Pending>();
	for (const { index, invoice } of work) {
		const contact = contacts.get(index);
		if (!contact || 'action' in contact) {
			results.set(
				index,
				contact ?? {
					index,
					action: 'failed',
					error: invalidInput('contact', 'could not be resolved', index),
				},
			);
			continue;
		}
		try {
			const lines = await resolveLines(
				ctx,
				invoice.lines,
				invoice.taxMode,
				contact.defaults,
				index,
				'lines',
				invoice.currency,
			);
			// A caller's expected total decides before the write: then the rates must be current.
			const estimate =
				invoice.expectedTotalMinor === undefined
					? await xeroExpectedTotalFromKnownRates(ctx, lines, invoice.taxMode)
					: { totalMinor: await xeroExpectedTotal(ctx, lines, invoice.taxMode), fresh: true };
			const totalMinor = estimate.totalMinor;
			const own: Pending = { invoice, totalMinor, lines, ratesMayBeStale: !estimate.fresh };
			const body = toXeroInvoice(invoice, contact.contactId, lines, await rateToSend(ctx, invoice));
			const found = existing.get(identityKey(invoice));
			if (!found?.InvoiceID) {
				const mismatch = expectedTotalMismatch(
					invoice.expectedTotalMinor,
					totalMinor,
					invoice.currency,
					'this invoice',
					index,
				);
				if (mismatch) throw mismatch;
				creates.push({ index, sourceId: invoice.sourceId.trim(), body });
				pending.set(index, own);
				continue;
			}
			const differences = compareDocuments(
				xeroInvoiceComparable(found),
				inputInvoiceComparable(invoice, contact.contactId, lines),
			);
			const draft = isXeroDraft(found.Status);
			const approve = draft && invoice.status === 'final';
			const decision = decideCorrection(differences, {
				policy: invoice.ifDifferent,
				draft,
				locked: xeroLockedReason(found),
				what: `invoice ${found.InvoiceNumber ?? found.InvoiceID}`,
				itemIndex: index,
			});
			if (decision.action === 'conflict') throw decision.error;
			if (decision.action === 'unchanged' && (decision.differences || !approve)) {
				const bookedMinor = majorNumberToMinor(found.Total ?? 0, invoice.currency);
				const mismatch = decision.differences
					? undefined
					: expectedTotalMismatch(
							invoice.expectedTotalMinor,
							bookedMinor,
							invoice.currency,
							`invoice ${found.InvoiceNumber ?? found.InvoiceID}`,
							index,
						);
				if (mismatch) throw mismatch;
				results.set(index, {
					index,
					action: 'unchanged',
					ledgerId: found.InvoiceID,
					record: recordFor(invoice, found),
					...(decision.differences ? { differences: decision.differences } : {}),
				});
				continue;
			}
			const mismatch = expectedTotalMismatch(
				invoice.expectedTotalMinor,
				totalMinor,
				invoice.currency,
				`invoice ${found.InvoiceNumber ?? found.InvoiceID}`,
				index,
			);
			if (mismatch) throw mismatch;
			// An approved invoice stays approved: Xero cannot take it back to a draft.
			const status = draft ? body.Status : found.Status;
			updates.push({
				index,
				sourceId: invoice.sourceId.trim(),
				observed: found.UpdatedDateUTC,
				body: { ...body, InvoiceID: found.InvoiceID, Status: status },
			});
			pending.set(index, own);
		} catch (error) {
			if (!(error instanceof LedgerError)) throw error;
			results.set(index, { index, action: 'failed', error: error.forItem(index) });
		}
	}

	const toResult =
		(action: 'created' | 'updated') =>
		(answer: unknown, element: PreparedElement<XeroInvoice>): ItemResult<InvoiceRecord> => {
			const xero = answer as XeroInvoice;
			const own = pending.get(element.index) as Pending;
			if (elementFailed(xero) || !xero?.InvoiceID) {
				return {
					index: element.index,
					action: 'failed',
					error: elementError(xero, element.index, invoiceFieldFor(own.invoice), 'the invoice'),
				};
			}
			return checkBookedTotal(element.index, own, xero, action);
		};
	// Xero keeps two unit-price decimals unless told otherwise; KWD and friends have three.
	const query = (batch: Array<PreparedElement<XeroInvoice>>) =>
		batch.some((e) => needsFourDecimals(e.body)) ? { unitdp: 4 } : {};
	const written = [
		...(await writeInBatches(ctx, updates, {
			method: 'POST',
			path: '/Invoices',
			key: 'Invoices',
			operation: 'invoicesupdate',
			query,
			toResult: toResult('updated'),
		})),
		...(await writeInBatches(ctx, creates, {
			method: 'PUT',
			path: '/Invoices',
			key: 'Invoices',
			operation: 'invoices',
			query,
			toResult: toResult('created'),
			claim: '/Invoices',
			recover: async (elements) => {
				const batch = elements.map((e) => (pending.get(e.index) as Pending).invoice);
				const found = await findExistingInvoices(ctx, batch);
				const recovered = new Map<number, ItemResult<InvoiceRecord>>();
				elements.forEach((element, i) => {
					const xero = found.get(identityKey(batch[i]));
					if (xero?.InvoiceID) {
						recovered.set(
							element.index,
							checkBookedTotal(element.index, pending.get(element.index) as Pending, xero, 'created'),
						);
					}
				});
				return recovered;
			},
		})),
	];
	// Another worker may have created the same source id in a batch of another shape (another
	// Idempotency-Key): re-check what was created, keep the invoice created first (../createRace).
	const booked = await recheckWithCurrentRates(ctx, written, pending);
	const createdBy = (i: number) => {
		const own = pending.get(i);
		return own?.booked?.action === 'created' ? { ...own, xero: own.booked.xero } : undefined;
	};
	for (const result of await settleCreatedInvoices(ctx, booked, createdBy)) results.set(result.index, result);

	return invoices.map((invoice, index): ItemResult<InvoiceRecord> => {
		const own = results.get(index);
		if (own) return own;
		const first = results.get(firstOfIdentity.get(identityKey(invoice)) ?? -1);
		if (first && first.action !== 'failed')
			return { index, action: 'unchanged', ledgerId: first.ledgerId, record: first.record };
		const error = first
			? first.error.forItem(index)
			: invalidInput('sourceId', 'was not processed', index);
		return { index, action: 'failed', error };
	});
}
