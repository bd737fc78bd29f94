/** Invoice parameters and items for node tests that run many executions (shared budget, coalescing). */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fromItem, type LedgerName } from './nodeEnv';

export function invoiceParams(overrides: INodeParameters = {}): INodeParameters {
	return {
		operation: 'createInvoice',
		amountUnit: 'minor',
		sourceId: fromItem('id'),
		contactBy: 'details',
		contactSourceId: fromItem('customer'),
		contactName: fromItem('customerName'),
		issueDate: '2026-11-02',
		dueDate: '2026-11-16',
		currency: 'EUR',
		taxMode: 'exclusive',
		lineInputMode: 'json',
		linesJson: fromItem('lines'),
		status: 'final',
		...overrides,
	};
}

/** One invoice with a contact of its own, lines valid on the given ledger. */
export function invoiceItem(ledger: LedgerName, id: string, customer: string): IDataObject {
	const tax =
		ledger === 'xero' ? { taxType: 'OUTPUT2', accountCode: '200' } : { taxPercent: 19 };
	return {
		id,
		customer,
		customerName: `Customer ${customer}`,
		lines: [
			{ description: 'Pro plan', quantity: 1, unitPrice: 4900, ...tax },
			{ description: 'Extra seat', quantity: 2, unitPrice: 1000, ...tax },
		],
	};
}
