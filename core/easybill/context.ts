/** What every EasyBill operation receives. */
import type { Clock } from '../transport';
import type { EasyBillApi } from './api';

export interface EasyBillContext {
	api: EasyBillApi;
	clock: Clock;
}
