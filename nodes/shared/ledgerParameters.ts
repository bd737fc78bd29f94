/**
 * The parameters every node of the package starts with: which ledger (showing its credential) and,
 * for Xero, which organisation. One token can reach several organisations, so the user always
 * picks one; nothing defaults to the first.
 */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { registeredLedgers } from './ledgerRegistry';

/**
 * Each ledger's credential (from the ledger registry), shown for that ledger only. Written with
 * `hide` (every other ledger), not `show`: n8n's editor takes a parameter that credentials name
 * under `displayOptions.show` for the node's authentication field, hides it (n8n 2.x) and offers
 * every credential type in one picker, preselecting whichever credential was saved last - so the
 * Ledger nobody could see followed it. With `hide` the meaning is the same, and Ledger stays an
 * ordinary, visible first choice with the matching credential picker.
 */
export const ledgerCredentials: INodeCredentialDescription[] = registeredLedgers().map((ledger) => ({
	name: ledger.credentialType,
	required: true,
	displayOptions: {
		hide: {
			ledger: registeredLedgers()
				.map((other) => other.kind)
				.filter((kind) => kind !== ledger.kind),
		},
	},
}));

/** The chosen ledger's display name as an expression (no "anything but Xero is EasyBill"). */
export function ledgerLabelExpression(): string {
	return registeredLedgers().reduceRight(
		(otherwise, ledger) =>
			`($parameter["ledger"] === ${JSON.stringify(ledger.kind)} ? ${JSON.stringify(ledger.displayName)} : ${otherwise})`,
		'$parameter["ledger"]',
	);
}

/** A trigger's subtitle: the chosen ledger's name. */
export function ledgerSubtitle(): string {
	return `={{ ${ledgerLabelExpression()} }}`;
}

export function ledgerParameter(description: string): INodeProperties {
	return {
		displayName: 'Ledger',
		name: 'ledger',
		type: 'options',
		noDataExpression: true,
		options: registeredLedgers()
			.map((ledger) => ({
				name: ledger.displayName,
				value: ledger.kind,
				description: ledger.description,
			}))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: 'xero',
		description,
	};
}

export function tenantParameter(description: string): INodeProperties {
	return {
		displayName: 'Organisation',
		name: 'tenantId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		// Ledgers whose credential reaches several organisations (Xero's tenants).
		displayOptions: {
			show: {
				ledger: registeredLedgers()
					.filter((ledger) => ledger.organisation === 'tenant')
					.map((ledger) => ledger.kind),
			},
		},
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTenants', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 6c4f2ec1-9c1d-4f0e-9f55-3e0f4c2b7a10',
				validation: [
					{
						type: 'regex',
						properties: {
							regex:
								'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
							errorMessage: 'A Xero tenant ID is a GUID',
						},
					},
				],
			},
		],
	};
}
