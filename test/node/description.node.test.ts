/**
 * The node's description as n8n loads it: identity and codex agree, icons exist and differ, the
 * credential follows the ledger choice, every operation field is scoped to its operation, and
 * n8n-workflow resolves the default parameters of each operation without issues.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { NodeHelpers, VersionedNodeType, type INodeProperties } from 'n8n-workflow';

import { AccountingSync } from '../../nodes/AccountingSync/AccountingSync.node';
import { AccountingSyncTrigger } from '../../nodes/AccountingSync/AccountingSyncTrigger.node';
import { InvoicePaidPollTrigger } from '../../nodes/InvoicePaidPollTrigger/InvoicePaidPollTrigger.node';
import { PACKAGE_NAME } from './harness';

const NODE_DIR = path.join(__dirname, '../../nodes/AccountingSync');
const node = new AccountingSync();
// The editor and the executor use the description of the workflow's node version; 1 is the default.
const description = node.getNodeType(1).description;
const operations = [
	'upsertContact',
	'createInvoice',
	'recordPayment',
	'issueCreditNote',
	'getInvoice',
	'voidInvoice',
	'reversePayment',
	'sendInvoice',
	'downloadPdf',
	'findContacts',
	'findInvoices',
	'writeOff',
	'attachFile',
];
const shared = new Set(['ledger', 'tenantId', 'operation', 'safeToRerunNotice', 'amountUnit']);

describe('Accounting Sync description', () => {
	it('is a versioned node: version 1 is the default and shares the base identity', () => {
		expect(node).toBeInstanceOf(VersionedNodeType);
		expect(node.currentVersion).toBe(1);
		expect(node.description).toMatchObject({ name: 'accountingSync', defaultVersion: 1 });
		expect(Object.keys(node.nodeVersions)).toEqual(['1']);
		// A workflow saved without a version, or with version 1, gets the same implementation.
		expect(node.getNodeType()).toBe(node.getNodeType(1));
		expect(description).toMatchObject({
			name: node.description.name,
			displayName: node.description.displayName,
			icon: node.description.icon,
			group: node.description.group,
			description: node.description.description,
			version: 1,
		});
		expect(typeof node.getNodeType(1).execute).toBe('function');
		expect(Object.keys(node.getNodeType(1).methods ?? {}).sort()).toEqual([
			'listSearch',
			'loadOptions',
		]);
	});

	it('is a tool-usable transform node whose codex names it and is found by "Xero" and "EasyBill"', () => {
		expect(description).toMatchObject({
			name: 'accountingSync',
			version: 1,
			group: ['transform'],
			usableAsTool: true,
		});
		const codex = JSON.parse(readFileSync(path.join(NODE_DIR, 'AccountingSync.node.json'), 'utf8'));
		expect(codex.node).toBe(`${PACKAGE_NAME}.${description.name}`);
		expect(codex.alias).toEqual(expect.arrayContaining(['Xero', 'EasyBill']));
	});

	it('has distinct light and dark icons that exist next to the node', () => {
		const icon = description.icon as { light: string; dark: string };
		expect(icon.light).not.toBe(icon.dark);
		for (const file of [icon.light, icon.dark]) {
			const svg = path.join(NODE_DIR, file.replace(/^file:/, ''));
			expect(existsSync(svg)).toBe(true);
			expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[^>]*viewBox="0 0 60 60"/);
		}
	});

	it('shows exactly the credential of the chosen ledger', () => {
		expect(description.credentials?.map((c) => c.name)).toEqual([
			'xeroAccountingSyncOAuth2Api',
			'easyBillAccountingSyncApi',
		]);
		for (const [ledger, credential] of [
			['xero', 'xeroAccountingSyncOAuth2Api'],
			['easybill', 'easyBillAccountingSyncApi'],
		]) {
			const shown = (description.credentials ?? []).filter((c) =>
				NodeHelpers.displayParameter({ ledger }, c, { typeVersion: 1 } as never, description),
			);
			expect({ ledger, shown: shown.map((c) => c.name) }).toEqual({ ledger, shown: [credential] });
			expect(shown[0].required).toBe(true);
		}
	});

	it.each([
		['Accounting Sync', description],
		['Invoice Paid Trigger', new AccountingSyncTrigger().description],
		['Invoice Paid Polling Trigger', new InvoicePaidPollTrigger().description],
	])('%s keeps Ledger a visible choice instead of an authentication field n8n hides', (_n, d) => {
		// n8n's editor (getMainAuthField) takes a parameter that credentials name under
		// displayOptions.show as the node's authentication field: n8n 2.x hides it and preselects
		// the most recently saved credential of either type, so the ledger follows that silently.
		// A parameter counts when the credentials' `show` conditions name every one of its options.
		const shownFor = new Map<string, unknown[]>();
		for (const c of d.credentials ?? []) {
			for (const [field, values] of Object.entries(c.displayOptions?.show ?? {})) {
				shownFor.set(field, [...(shownFor.get(field) ?? []), ...(values ?? [])]);
			}
		}
		const authFields = d.properties.filter(
			(p) =>
				shownFor.has(p.name) &&
				(p.options ?? []).every((o) => 'value' in o && shownFor.get(p.name)?.includes(o.value)),
		);
		expect(authFields.map((p) => p.name)).toEqual([]);
		expect(d.properties[0]).toMatchObject({ name: 'ledger', type: 'options', default: 'xero' });
		expect(d.properties[0].displayOptions).toBeUndefined();
	});

	it('scopes every operation field to one operation', () => {
		const own = description.properties.filter((p) => !shared.has(p.name));
		for (const property of own) {
			const shownFor = property.displayOptions?.show?.operation as string[] | undefined;
			expect({ name: property.name, shownFor }).toEqual({
				name: property.name,
				shownFor: [expect.any(String)],
			});
			expect(operations).toContain(shownFor?.[0]);
		}
	});

	it.each(operations)(
		'resolves %s defaults on both ledgers, showing tenant and amount unit only where they apply',
		(operation) => {
			for (const ledger of ['xero', 'easybill']) {
				const values = NodeHelpers.getNodeParameters(
					description.properties,
					{ ledger, operation },
					true,
					false,
					null,
					description,
				);
				expect(values).toMatchObject({ ledger, operation });
				const visible = description.properties.filter((p: INodeProperties) =>
					NodeHelpers.displayParameter(values ?? {}, p, { typeVersion: 1 } as never, description),
				);
				expect(visible.some((p) => p.name === 'tenantId')).toBe(ledger === 'xero');
				expect(visible.some((p) => p.name === 'amountUnit')).toBe(
					['createInvoice', 'recordPayment', 'issueCreditNote'].includes(operation),
				);
			}
		},
	);
});
