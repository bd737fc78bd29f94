/**
 * `npm start` keeps its n8n user folder, so workflows and credentials built in the editor are there
 * next time: `.n8n-start/<host>/` in the repository (git-ignored), one per n8n version because n8n
 * migrates its database forward only. `--fresh` deletes it first. The plain demo uses a temp folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT, type InstalledHost } from '../e2e/n8n-host';

export const START_ROOT = join(REPO_ROOT, '.n8n-start');

export interface KeptFolder {
	userFolder: string;
	/** The key n8n encrypted this folder's credentials with (from its config file), if it has one. */
	encryptionKey?: string;
	/** True when an earlier `npm start` left it (the examples are not imported again then). */
	reused: boolean;
}

export function keptUserFolder(host: InstalledHost, fresh: boolean): KeptFolder {
	const userFolder = join(START_ROOT, host.spec.name);
	if (fresh) rmSync(userFolder, { recursive: true, force: true });
	const config = join(userFolder, '.n8n', 'config');
	let encryptionKey: string | undefined;
	if (existsSync(config)) {
		encryptionKey = (JSON.parse(readFileSync(config, 'utf8')) as { encryptionKey?: string })
			.encryptionKey;
	}
	mkdirSync(userFolder, { recursive: true });
	return { userFolder, encryptionKey, reused: encryptionKey !== undefined };
}

/**
 * A 16-character n8n id derived from a name, so each start re-imports the demo's credentials and
 * workflows over the previous ones instead of adding copies.
 */
export function stableId(name: string): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const digest = createHash('sha256').update(`accounting-sync-demo:${name}`).digest();
	return Array.from(digest.subarray(0, 16), (byte) => alphabet[byte % alphabet.length]).join('');
}
