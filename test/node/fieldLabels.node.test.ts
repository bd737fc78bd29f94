/**
 * Canonical field paths as the node shows them, read from the node's own description: what the
 * errors of every operation say instead of `amountMinor` or `lines[1]`.
 */
import { AccountingSync } from '../../nodes/AccountingSync/AccountingSync.node';
import { fieldLabeler } from '../../nodes/shared/fieldLabels';

const { properties } = new AccountingSync().getNodeType(1).description;

describe('field labels', () => {
	it.each([
		['recordPayment', 'amountMinor', 'Amount'],
		['recordPayment', 'date', 'Payment Date'],
		['recordPayment', 'bankAccount', 'Bank Account'],
		['recordPayment', 'invoice', 'Invoice'],
		['createInvoice', 'lines', 'Line Items'],
		['createInvoice', 'lines[1]', 'Line 2'],
		['createInvoice', 'lines[1].unitPriceMinor', 'Line 2 → Unit Price'],
		['createInvoice', 'lines[0].unitPrice', 'Line 1 → Unit Price'],
		['createInvoice', 'lines[2].taxType', 'Line 3 → Tax Rate'],
		['createInvoice', 'contact.name', 'Contact Name'],
		['createInvoice', 'contact.sourceId', 'Contact Source ID'],
		['createInvoice', 'contact.emails[0]', 'Contact Fields → Emails'],
		['createInvoice', 'contact.address.country', 'Address → Country'],
		['createInvoice', 'expectedTotalMinor', 'Expected Total'],
		['createInvoice', 'currency', 'Currency'],
		['createInvoice', 'tenantId', 'Organisation'],
		['upsertContact', 'sourceId', 'Contact Source ID'],
		['upsertContact', 'emails[1]', 'Contact Fields → Emails'],
		['upsertContact', 'address.postalCode', 'Address → Postal Code'],
		['issueCreditNote', 'amountMinor', 'Amount'],
		['issueCreditNote', 'refundBankAccount', 'Refund Bank Account'],
		['issueCreditNote', 'lines[0].quantity', 'Line 1 → Quantity'],
		['issueCreditNote', 'expectedTotalMinor', 'Expected Total'],
	])('%s: %s is "%s"', (operation, field, label) => {
		expect(fieldLabeler(properties, operation)(field)).toBe(label);
	});

	it('leaves a path the node has no field for as it is (undefined)', () => {
		expect(fieldLabeler(properties, 'recordPayment')('somethingInternal')).toBeUndefined();
	});
});
