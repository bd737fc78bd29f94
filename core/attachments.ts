/**
 * Attachments are idempotent by file name, the same way on every ledger: no file of that name on
 * the invoice → attach it (`created`); one with the same bytes → `unchanged`; one with other bytes
 * → a difference decided by the house rule (core/compare `decideCorrection`): replaced by default
 * (`updated`), kept with "Keep the Ledger's Version", or a `conflict` naming both sizes and hashes
 * with "Fail". The content is compared byte for byte (SHA-256), never by name or size alone.
 */
import { createHash } from 'node:crypto';

import { decideCorrection, type Correction, type Difference } from './compare';
import { invalidInput, type LedgerError } from './errors';
import type { AttachFile } from './lifecycle';

export function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/** A file name every ledger keeps as given: not empty, no path, at most 255 characters. */
export function fileNameError(name: unknown, itemIndex?: number): LedgerError | undefined {
	if (typeof name !== 'string' || name.trim() === '')
		return invalidInput('fileName', 'is empty', itemIndex);
	if (/[/\\]/.test(name) || name.trim() !== name || name === '.' || name === '..')
		return invalidInput('fileName', `"${name}" must be a plain file name (no folders, no leading or trailing spaces)`, itemIndex);
	if (name.length > 255) return invalidInput('fileName', 'is longer than 255 characters', itemIndex);
	return undefined;
}

/** The file name and the content of one request; undefined when both are usable. */
export function fileNameProblem(request: AttachFile, itemIndex: number): LedgerError | undefined {
	const named = fileNameError(request.fileName, itemIndex);
	if (named) return named;
	if (!Buffer.isBuffer(request.data) || request.data.length === 0)
		return invalidInput('binaryPropertyName', 'the file is empty', itemIndex);
	return undefined;
}

const describe = (data: { size: number; sha256: string }) =>
	`${data.size} bytes, SHA-256 ${data.sha256.slice(0, 12)}…`;

/** What to do with a same-named attachment whose bytes are `existing`. */
export function decideAttachment(
	request: AttachFile,
	existing: Buffer,
	itemIndex: number,
): Correction {
	const input = { size: request.data.length, sha256: sha256(request.data) };
	const ledger = { size: existing.length, sha256: sha256(existing) };
	const differences: Difference[] =
		input.sha256 === ledger.sha256
			? []
			: [{ field: 'binaryPropertyName', label: `File ${request.fileName}`, ledger: describe(ledger), input: describe(input) }];
	return decideCorrection(differences, {
		policy: request.ifDifferent,
		draft: false,
		what: `An attachment named ${request.fileName}`,
		itemIndex,
	});
}
