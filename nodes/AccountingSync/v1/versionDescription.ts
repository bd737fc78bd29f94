/**
 * What version 1 of the node shows in the editor: credentials per ledger and every field. The
 * node's identity (name, icon, group) is shared by all versions (../AccountingSync.node.ts).
 */
import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import { credentials, properties, subtitle } from '../actions/description';

type VersionDescription = Omit<INodeTypeDescription, 'displayName' | 'name' | 'group' | 'description'>;

export const versionDescription: VersionDescription = {
	version: 1,
	subtitle,
	defaults: { name: 'Accounting Sync' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials,
	properties,
};
