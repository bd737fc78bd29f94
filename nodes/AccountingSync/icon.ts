/**
 * The node's icons, one definition for every version. n8n resolves `file:` icons of each version
 * relative to the registered AccountingSync.node.js, i.e. this folder.
 */
import type { Icon } from 'n8n-workflow';

export const ACCOUNTING_SYNC_ICON: Icon = {
	light: 'file:accountingSync.svg',
	dark: 'file:accountingSync.dark.svg',
};
