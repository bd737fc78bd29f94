/** The credential type names of the shipped ledgers. */
export const XERO_CREDENTIAL = 'xeroAccountingSyncOAuth2Api';
export const EASYBILL_CREDENTIAL = 'easyBillAccountingSyncApi';
