/**
 * Xero's lists belong to one organisation. Before one is chosen, a picker answers with a single
 * entry saying so, instead of failing (n8n would log an HTTP 500 and show a bare error).
 */
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { hasOrganisation, ledgerKindOf, readParameter } from '../../shared/createLedger';

export const CHOOSE_ORGANISATION_FIRST = {
	name: 'Choose the Xero Organisation (Organisation, Above) First',
	value: '',
};

export function organisationMissing(ctx: ILoadOptionsFunctions): boolean {
	if (!hasOrganisation(ledgerKindOf(ctx))) return false;
	const tenantId = readParameter(ctx, 'tenantId', 0, { extractValue: true });
	return typeof tenantId !== 'string' || tenantId.trim() === '';
}
