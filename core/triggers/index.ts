/** The Invoice Paid trigger's logic, without n8n: verification, dedupe, delivery parsing, polling. */
export * from './limits';
export * from './xeroSignature';
export * from './secretToken';
export * from './dedupeStore';
export * from './emittedMemory';
export * from './pendingLookups';
export * from './paidFilter';
export * from './emissions';
export * from './lookupAndEmit';
export * from './xeroDelivery';
export * from './xeroWebhookFlow';
export * from './easybillDelivery';
export * from './easybillWebhookFlow';
export * from './pollPaidInvoices';
export * from './paidInvoiceOutput';
