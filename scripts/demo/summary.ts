/**
 * What the demo prints at the end, for the person who owns the books: per ledger, what was invoiced,
 * paid, credited and is still outstanding, in money; how many records; and how long it took.
 * Read from the sandbox's own state (what the ledgers hold), not from the nodes' outputs.
 */
import type { Sandbox } from '../../sandbox';

export type DemoLedger = 'xero' | 'easybill';

export interface LedgerFigures {
	customers: number;
	invoices: number;
	paidInvoices: number;
	invoiced: number;
	paid: number;
	credited: number;
	outstanding: number;
	payments: number;
	/** Payments that are a credit note's allocation (EasyBill books allocations as payments). */
	allocationPayments: number;
	/** Payments on a credit note that mark it settled once applied (EasyBill's counterpart of an allocation). */
	creditSettlements: number;
	creditNotes: number;
	apiCalls: number;
	signIns: number;
}

/** Allocation payments carry this reference prefix (see core/easybill/operations/issueCreditNotes.ts). */
const EASYBILL_ALLOCATION_PREFIX = 'credit:';
/** Their counterpart on the CREDIT document carries this one (same file). */
const EASYBILL_SETTLEMENT_PREFIX = 'credit-applied:';

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const cents = (value: number) => Math.round(value * 100);

export function xeroFigures(sandbox: Sandbox, tenantId: string): LedgerFigures {
	const invoices = sandbox.xero.invoices(tenantId).filter((invoice) => invoice.Type === 'ACCREC');
	return {
		customers: sandbox.xero.contacts(tenantId).length,
		invoices: invoices.length,
		paidInvoices: invoices.filter((invoice) => invoice.Status === 'PAID').length,
		invoiced: sum(invoices.map((invoice) => cents(Number(invoice.Total)))),
		paid: sum(invoices.map((invoice) => cents(Number(invoice.AmountPaid ?? 0)))),
		credited: sum(invoices.map((invoice) => cents(Number(invoice.AmountCredited ?? 0)))),
		outstanding: sum(invoices.map((invoice) => cents(Number(invoice.AmountDue ?? 0)))),
		payments: sandbox.xero.payments(tenantId).length,
		allocationPayments: 0,
		creditSettlements: 0,
		creditNotes: sandbox.xero.creditNotes(tenantId).length,
		apiCalls: sandbox.log.entries({ service: 'xero' }).length,
		signIns: sandbox.log.entries({ service: 'xero-identity' }).length,
	};
}

export function easyBillFigures(sandbox: Sandbox): LedgerFigures {
	const documents = sandbox.easybill.documents();
	const invoices = documents.filter((document) => document.type === 'INVOICE');
	const invoiceIds = new Set(invoices.map((invoice) => invoice.id));
	const payments = sandbox.easybill.payments();
	const onInvoices = payments.filter((payment) => invoiceIds.has(payment.document_id));
	const isAllocation = (payment: { reference?: string }) =>
		String(payment.reference ?? '').startsWith(EASYBILL_ALLOCATION_PREFIX);
	const invoiced = sum(invoices.map((invoice) => Number(invoice.amount)));
	const credited = sum(onInvoices.filter(isAllocation).map((payment) => Number(payment.amount)));
	const paid = sum(onInvoices.filter((payment) => !isAllocation(payment)).map((p) => Number(p.amount)));
	return {
		customers: sandbox.easybill.customers().length,
		invoices: invoices.length,
		paidInvoices: invoices.filter((invoice) => invoice.paid_at).length,
		invoiced,
		paid,
		credited,
		outstanding: sum(invoices.map((invoice) => Number(invoice.amount) - Number(invoice.paid_amount))),
		payments: payments.length,
		allocationPayments: payments.filter(isAllocation).length,
		creditSettlements: payments.filter((payment) =>
			String(payment.reference ?? '').startsWith(EASYBILL_SETTLEMENT_PREFIX),
		).length,
		creditNotes: documents.filter((document) => document.type === 'CREDIT').length,
		apiCalls: sandbox.log.entries({ service: 'easybill' }).length,
		signIns: 0,
	};
}

export function money(currency: string, minor: number): string {
	const sign = minor < 0 ? '-' : '';
	const abs = Math.abs(minor);
	const major = Math.floor(abs / 100).toLocaleString('en-GB');
	return `${sign}${currency} ${major}.${String(abs % 100).padStart(2, '0')}`;
}

export function duration(ms: number): string {
	const seconds = Math.round(ms / 1000);
	return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
}

function table(rows: string[][]): string {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	const line = (row: string[]) =>
		row
			.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index])))
			.join('   ');
	return [line(rows[0]), widths.map((width) => '-'.repeat(width)).join('   '), ...rows.slice(1).map(line)].join('\n');
}

export interface SummaryInput {
	currency: string;
	xeroOrganisation: string;
	figures: Record<DemoLedger, LedgerFigures>;
	/** Wall-clock time each ledger's part of the demo took. */
	took: Record<DemoLedger, number>;
	triggerFired: Record<DemoLedger, boolean>;
}

export function summaryText(input: SummaryInput): string {
	const { currency, figures: f, took, triggerFired } = input;
	const both = (pick: (figures: LedgerFigures, ledger: DemoLedger) => string) => [
		pick(f.xero, 'xero'),
		pick(f.easybill, 'easybill'),
	];
	const calls = (figures: LedgerFigures) =>
		figures.signIns ? `${figures.apiCalls} (and ${figures.signIns} sign-in)` : String(figures.apiCalls);
	const rows: string[][] = [
		['', `Xero (${input.xeroOrganisation})`, 'EasyBill'],
		['Customers', ...both((x) => String(x.customers))],
		['Invoices (paid)', ...both((x) => `${x.invoices} (${x.paidInvoices})`)],
		['Invoiced', ...both((x) => money(currency, x.invoiced))],
		['Paid by customers', ...both((x) => money(currency, x.paid))],
		['Credited (credit notes)', ...both((x) => money(currency, x.credited))],
		['Outstanding', ...both((x) => money(currency, x.outstanding))],
		['Credit notes', ...both((x) => String(x.creditNotes))],
		['Payments booked', ...both((x) => (x.allocationPayments ? `${x.payments} *` : String(x.payments)))],
		['Invoice Paid trigger fired', ...both((_x, ledger) => (triggerFired[ledger] ? 'yes' : 'no'))],
		['API calls', ...both((x) => calls(x))],
		['Time', ...both((_x, ledger) => duration(took[ledger]))],
	];
	const notes: string[] = [];
	const check = (ledger: DemoLedger, label: string) => {
		const x = f[ledger];
		const balance = x.invoiced - x.paid - x.credited - x.outstanding;
		if (balance !== 0) notes.push(`${label}: invoiced minus paid, credited and outstanding leaves ${money(currency, balance)}.`);
	};
	check('xero', 'Xero');
	check('easybill', 'EasyBill');
	const extra = f.easybill.payments - f.xero.payments;
	if (f.easybill.allocationPayments && extra > 0) {
		notes.push(
			`* EasyBill shows ${extra === 1 ? 'one more payment' : `${extra} more payments`} than Xero: EasyBill cannot apply a credit`,
			'  note to an invoice, so the credit is booked as a payment on the invoice (reference "credit:…").',
			...(f.easybill.creditSettlements
				? [
						'  Its counterpart, a payment on the credit note (reference "credit-applied:…"), shows the',
						'  credit note as settled once it is used.',
					]
				: []),
			"  Both are counted above as credited, not as paid; the totals match Xero's, where the same",
			'  credit is one allocation.',
		);
	}
	return [table(rows), ...(notes.length ? ['', ...notes] : [])].join('\n');
}
