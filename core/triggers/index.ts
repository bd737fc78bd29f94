/** The Invoice Paid trigger's logic, without n8n: verification, dedupe, delivery parsing, polling. */
export * from './xeroSignature';
export * from './secretToken';
export * from './dedupeStore';
export * from './paidFilter';
export * from './xeroDelivery';
export * from './xeroWebhookFlow';
export * from './easybillDelivery';
export * from './easybillWebhookFlow';
export * from './pollPaidInvoices';
export * from './paidInvoiceOutput';
