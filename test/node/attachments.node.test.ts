/**
 * Issue 15, Attach File to Invoice on both ledgers, through n8n-core against the sandbox: a binary
 * of the item is attached by file name (Xero `PUT /Invoices/{id}/Attachments/{FileName}`; EasyBill
 * `POST /attachments` multipart + `PUT /attachments/{id}` with `document_id`). The same name and
 * the same bytes again is `unchanged`; other bytes under the same name are replaced by default
 * (`updated`), or refused as a `conflict` naming both files with "Fail", or kept. The bytes the
 * ledger holds are the bytes sent.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { invoiceItem, invoiceParams } from './invoiceFixtures';
import { useNodeEnv, type LedgerName } from './nodeEnv';

const env = useNodeEnv();

const schema = JSON.parse(
	readFileSync(path.resolve(__dirname, '../../nodes/AccountingSync/__schema__/v1.0.0/attachFile.json'), 'utf8'),
);
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validateOutput = ajv.compile(schema);

// A small real PDF, as a billing system would send it, and another revision of it.
const pdf = (text: string) =>
	Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

const withFile = (data: Buffer, fileName = 'billing-in_att.pdf', mimeType = 'application/pdf'): IDataObject => ({
	$binary: { data: { base64: data.toString('base64'), fileName, mimeType } },
});

const attachParams = (overrides: INodeParameters = {}): INodeParameters => ({
	operation: 'attachFile',
	invoice: { __rl: true, mode: 'sourceId', value: 'in_att' },
	binaryPropertyName: 'data',
	...overrides,
});

/** What the ledger holds on the invoice: file names with their bytes. */
function attached(ledger: LedgerName, invoiceLedgerId: string): Array<{ name: string; data: Buffer }> {
	if (ledger === 'xero') {
		return env.sandbox.xero
			.attachments(env.tenantId, invoiceLedgerId)
			.map((a) => ({ name: String(a.FileName), data: a.data as Buffer }));
	}
	return env.sandbox.easybill
		.attachments()
		.filter((a) => String(a.document_id) === invoiceLedgerId)
		.map((a) => ({ name: a.file_name, data: Buffer.from(a.content) }));
}

async function invoice(ledger: LedgerName): Promise<string> {
	const created = await env.run(ledger, [invoiceItem(ledger, 'in_att', 'cus_att')], invoiceParams());
	expect(created.error).toBeUndefined();
	return String(created.json[0].ledgerId);
}

describe.each<LedgerName>(['xero', 'easybill'])('Attach File to Invoice on %s', (ledger) => {
	it('attaches the binary once: the same name and content again is unchanged', async () => {
		const invoiceId = await invoice(ledger);
		const first = await env.run(ledger, [withFile(pdf('v1'))], attachParams());
		expect(first.error).toBeUndefined();
		expect(first.json[0]).toMatchObject({
			action: 'created',
			ledger,
			ledgerId: invoiceId,
			record: { invoiceLedgerId: invoiceId, fileName: 'billing-in_att.pdf', fileSize: pdf('v1').length },
		});
		expect(validateOutput(first.json[0])).toBe(true);
		expect(attached(ledger, invoiceId)).toEqual([{ name: 'billing-in_att.pdf', data: pdf('v1') }]);

		const again = await env.run(ledger, [withFile(pdf('v1'))], attachParams());
		expect(again.json[0]).toMatchObject({ action: 'unchanged', record: { ledgerId: first.json[0].record && (first.json[0].record as IDataObject).ledgerId } });
		expect(validateOutput(again.json[0])).toBe(true);
		expect(attached(ledger, invoiceId)).toHaveLength(1);
	});

	it('replaces a same-named file with other content by default (updated), and the ledger holds the new bytes', async () => {
		const invoiceId = await invoice(ledger);
		await env.run(ledger, [withFile(pdf('v1'))], attachParams());
		const replaced = await env.run(ledger, [withFile(pdf('v2 corrected'))], attachParams());
		expect(replaced.json[0]).toMatchObject({ action: 'updated', record: { fileName: 'billing-in_att.pdf', fileSize: pdf('v2 corrected').length } });
		expect(validateOutput(replaced.json[0])).toBe(true);
		expect(attached(ledger, invoiceId)).toEqual([{ name: 'billing-in_att.pdf', data: pdf('v2 corrected') }]);
		expect((await env.run(ledger, [withFile(pdf('v2 corrected'))], attachParams())).json[0].action).toBe('unchanged');
	});

	it('with Fail, other content under the same name is a conflict naming both files; with Keep it is unchanged with the difference', async () => {
		const invoiceId = await invoice(ledger);
		await env.run(ledger, [withFile(pdf('v1'))], attachParams());
		const refused = await env.run(ledger, [withFile(pdf('other'))], attachParams({ ifDifferent: 'fail' }), { continueOnFail: true });
		expect(refused.json[0].error).toMatchObject({
			kind: 'conflict',
			differences: [expect.objectContaining({ label: 'File billing-in_att.pdf', ledger: expect.stringMatching(/^\d+ bytes, SHA-256 /), input: expect.stringMatching(/^\d+ bytes, SHA-256 /) })],
		});
		const kept = await env.run(ledger, [withFile(pdf('other'))], attachParams({ ifDifferent: 'keep' }));
		expect(kept.json[0]).toMatchObject({ action: 'unchanged', differences: [expect.objectContaining({ label: 'File billing-in_att.pdf' })] });
		expect(attached(ledger, invoiceId)).toEqual([{ name: 'billing-in_att.pdf', data: pdf('v1') }]);
	});

	it('names the file from the option, attaches a second name beside the first, and refuses bad input before writing', async () => {
		const invoiceId = await invoice(ledger);
		await env.run(ledger, [withFile(pdf('v1'))], attachParams());
		const renamed = await env.run(ledger, [withFile(Buffer.from('a,b\n1,2\n'), 'export.csv', 'text/csv')], attachParams({ attachOptions: { fileName: 'usage-november.csv' } }));
		expect(renamed.json[0]).toMatchObject({ action: 'created', record: { fileName: 'usage-november.csv', mimeType: 'text/csv' } });
		expect(attached(ledger, invoiceId).map((a) => a.name).sort()).toEqual(['billing-in_att.pdf', 'usage-november.csv']);

		const noFile = await env.run(ledger, [{ noFile: true }], attachParams(), { continueOnFail: true });
		expect(noFile.json[0].error).toMatchObject({ field: 'binaryPropertyName', message: expect.stringContaining('no binary field "data"') });
		const badName = await env.run(ledger, [withFile(pdf('x'))], attachParams({ attachOptions: { fileName: 'a/b.pdf' } }), { continueOnFail: true });
		expect(badName.json[0].error).toMatchObject({ field: 'fileName', message: expect.stringContaining('plain file name') });
		const stopped = await env.run(ledger, [withFile(pdf('x'))], attachParams({ attachOptions: { fileName: '../evil.pdf' } }));
		expect(stopped.error?.message).toMatch(/^Options → File Name: "..\/evil.pdf" must be a plain file name/);
		expect(stopped.error?.description).toMatch(/Nothing was written/);
		const missing = await env.run(ledger, [withFile(pdf('x'))], attachParams({ invoice: { __rl: true, mode: 'sourceId', value: 'in_missing' } }), { continueOnFail: true });
		expect(missing.json[0].error).toMatchObject({ kind: 'not_found', field: 'invoice' });
		expect(attached(ledger, invoiceId)).toHaveLength(2);
	});
});
