import type { XeroApi } from '../api';
import type { XeroSettings } from '../lookups/settings';

/** What every operation needs: the API door, the tenant, and the per-instance settings cache. */
export interface XeroContext {
	api: XeroApi;
	tenantId: string;
	settings: XeroSettings;
	/** Credential values to scrub from every message, including per-element vendor errors. */
	secrets: ReadonlyArray<string | undefined>;
}
