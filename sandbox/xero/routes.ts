/** The Accounting API's resource routes: which path and method reach which read or write. */
import type { SandboxResponse } from '../common/types';
import type { AccountingDeps } from './accountingApi';
import { ok, write, type Call } from './batchWrite';
import { saveContact } from './contacts';
import { CREDIT_NOTE, INVOICE, saveDocument } from './documents';
import { isGuid, render, round } from './format';
import { invoiceAttachments } from './attachments';
import { HISTORY_OF, historyRoute } from './history';
import { emailInvoice, invoicePdf, onlineInvoice, wantsPdf } from './invoiceActions';
import { listRecords, type ListOptions } from './listQuery';
import { allocateCreditNote, deletePayment, savePayment } from './payments';
import { methodNotEmulated, NOT_FOUND } from './responses';
import type { XeroRecord } from './seed';

export function route(deps: AccountingDeps, call: Call): SandboxResponse {
	const { req, segments } = call;
	const resource = (segments[0] ?? '').toLowerCase();
	const id = segments[1] ? decodeURIComponent(segments[1]) : undefined;
	const method = req.method;
	if (segments.length === 3 && segments[2].toLowerCase() === 'history' && HISTORY_OF[resource])
		return historyRoute(call, HISTORY_OF[resource], id);
	const list = (
		name: string,
		records: XeroRecord[],
		options: Partial<ListOptions> & { idField: string },
	) => listResponse(deps, call, name, records, options);

	switch (resource) {
		case 'contacts': {
			if (method === 'GET' && !id) {
				const archived = req.query.get('includeArchived') === 'true';
				return list(
					'Contacts',
					call.book.all('contacts').filter((c) => archived || c.ContactStatus !== 'ARCHIVED'),
					{
						typeName: 'Contact',
						idField: 'ContactID',
						searchFields: ['Name', 'FirstName', 'LastName', 'ContactNumber', 'EmailAddress'],
					},
				);
			}
			if (method === 'GET' && segments.length === 2) {
				const found = isGuid(id)
					? call.book.get('contacts', id)
					: call.book.all('contacts').find((c) => c.ContactNumber === id);
				return found ? ok(call, { Contacts: [render(found)] }) : NOT_FOUND;
			}
			return write(call, 'Contacts', (el, ctx) => saveContact(call.book, el, ctx), id, 'ContactID');
		}
		case 'invoices': {
			if (method === 'GET' && !id) {
				return list('Invoices', call.book.all('invoices'), {
					typeName: 'Invoice',
					idField: 'InvoiceID',
					searchFields: ['InvoiceNumber', 'Reference'],
				});
			}
			if (method === 'GET' && segments.length === 2) {
				const found = isGuid(id)
					? call.book.get('invoices', id)
					: call.book.all('invoices').find((d) => d.InvoiceNumber === id);
				if (found && wantsPdf(call)) return invoicePdf(found);
				return found ? ok(call, { Invoices: [render(atUnitdp(call, found))] }) : NOT_FOUND;
			}
			if (segments.length === 3 || (segments.length === 4 && segments[2].toLowerCase() === 'attachments'))
				return invoiceSubResource(call, id, segments[2], segments[3]);
			return write(
				call,
				'Invoices',
				(el, ctx) => saveDocument(call.book, INVOICE, el, ctx),
				id,
				'InvoiceID',
			);
		}
		case 'creditnotes': {
			if (method === 'GET' && !id) {
				return list('CreditNotes', call.book.all('creditNotes'), {
					typeName: 'CreditNote',
					idField: 'CreditNoteID',
					searchFields: ['CreditNoteNumber', 'Reference'],
				});
			}
			if (method === 'GET' && segments.length === 2) {
				const found = isGuid(id)
					? call.book.get('creditNotes', id)
					: call.book.all('creditNotes').find((d) => d.CreditNoteNumber === id);
				return found ? ok(call, { CreditNotes: [render(atUnitdp(call, found))] }) : NOT_FOUND;
			}
			if (
				segments.length === 3 &&
				segments[2].toLowerCase() === 'allocations' &&
				method === 'PUT'
			) {
				const creditNote = call.book.get('creditNotes', id);
				if (!creditNote) return NOT_FOUND;
				return write(call, 'Allocations', (el, ctx) => {
					const current = call.book.get('creditNotes', id) ?? creditNote;
					return allocateCreditNote(call.book, current, el, ctx.now);
				});
			}
			return write(
				call,
				'CreditNotes',
				(el, ctx) => saveDocument(call.book, CREDIT_NOTE, el, ctx),
				id,
				'CreditNoteID',
			);
		}
		case 'payments': {
			if (method === 'GET' && !id) {
				return list('Payments', call.book.all('payments'), {
					typeName: 'Payment',
					idField: 'PaymentID',
				});
			}
			if (method === 'GET' && segments.length === 2) {
				const found = call.book.get('payments', id);
				return found ? ok(call, { Payments: [render(found)] }) : NOT_FOUND;
			}
			if (method === 'POST' && id && segments.length === 2) {
				return write(call, 'Payments', (el, ctx) => deletePayment(call.book, id, el, ctx.now));
			}
			if (segments.length === 1 && (method === 'PUT' || method === 'POST')) {
				return write(call, 'Payments', (el, ctx) => savePayment(call.book, el, ctx));
			}
			return NOT_FOUND;
		}
		case 'accounts': {
			if (method !== 'GET') return methodNotEmulated(method, 'Accounts');
			if (id) {
				const found = call.book.accounts.find(
					(a) => a.AccountID.toLowerCase() === id.toLowerCase(),
				);
				return found ? ok(call, { Accounts: [render(found)] }) : NOT_FOUND;
			}
			return list('Accounts', call.book.accounts, {
				typeName: 'Account',
				idField: 'AccountID',
				pageable: false,
			});
		}
		case 'taxrates':
			if (method !== 'GET') return methodNotEmulated(method, 'TaxRates');
			return list('TaxRates', call.book.taxRates, {
				typeName: 'TaxRate',
				idField: 'TaxType',
				pageable: false,
			});
		case 'currencies':
			if (method !== 'GET') return methodNotEmulated(method, 'Currencies');
			return list('Currencies', call.book.currencies, {
				typeName: 'Currency',
				idField: 'Code',
				pageable: false,
			});
		case 'trackingcategories': {
			if (method !== 'GET') return methodNotEmulated(method, 'TrackingCategories');
			// Archived categories and options only with includeArchived=true, as at Xero.
			const archived = req.query.get('includeArchived') === 'true';
			const categories = call.book.trackingCategories
				.filter((c) => archived || c.Status === 'ACTIVE')
				.map((c) => ({
					...c,
					Options: (c.Options as XeroRecord[]).filter((o) => archived || o.Status === 'ACTIVE'),
				}));
			return list('TrackingCategories', categories, {
				typeName: 'TrackingCategory',
				idField: 'TrackingCategoryID',
				pageable: false,
			});
		}
		case 'organisation':
			if (method !== 'GET') return methodNotEmulated(method, 'Organisation');
			return ok(call, { Organisations: [render(call.book.organisation)] });
		default:
			return NOT_FOUND;
	}
}

function invoiceSubResource(call: Call, id: string | undefined, sub: string, name?: string): SandboxResponse {
	const invoice = isGuid(id) ? call.book.get('invoices', id) : undefined;
	if (!invoice) return NOT_FOUND;
	const method = call.req.method;
	if (sub.toLowerCase() === 'attachments')
		return invoiceAttachments(call, invoice, name === undefined ? undefined : decodeURIComponent(name));
	if (sub.toLowerCase() === 'onlineinvoice' && method === 'GET') return onlineInvoice(call, invoice);
	if (sub.toLowerCase() === 'email' && method === 'POST') return emailInvoice(call, invoice);
	return NOT_FOUND;
}

const DOCUMENT_LISTS = new Set(['Invoices', 'CreditNotes']);

function listResponse(
	deps: AccountingDeps,
	call: Call,
	name: string,
	records: XeroRecord[],
	options: Partial<ListOptions> & { idField: string },
): SandboxResponse {
	const typeName = options.typeName ?? name;
	const known = deps.spec.schemaProperties(typeName);
	for (const record of records.slice(0, 1)) for (const key of Object.keys(record)) known.add(key);
	const { items, pagination } = listRecords(records, call.req, {
		typeName,
		idField: options.idField,
		knownFields: known,
		searchFields: options.searchFields ?? [],
		pageable: options.pageable ?? true,
	});
	// Xero only returns line items in document lists when the caller pages.
	const rendered = items.map((item) => {
		if (!DOCUMENT_LISTS.has(name)) return render(item);
		if (pagination) return render(atUnitdp(call, item));
		const { LineItems: _omitted, ...rest } = item;
		return render(rest);
	});
	return ok(call, { ...(pagination ? { pagination } : {}), [name]: rendered });
}

/** Unit prices stored with 4 decimals read back with 2 unless the GET also says unitdp=4. */
function atUnitdp(call: Call, doc: XeroRecord): XeroRecord {
	if (call.req.query.get('unitdp') === '4' || !Array.isArray(doc.LineItems)) return doc;
	return {
		...doc,
		LineItems: doc.LineItems.map((line: XeroRecord) => ({ ...line, UnitAmount: round(line.UnitAmount, 2) })),
	};
}
