/**
 * Pins how the node's parameters become canonical objects, with a fake ledger injected through the
 * test seam (no HTTP): exactly what each operation hands the ledger, and how results and whole-batch
 * failures come back paired with their items.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { LedgerError } from '../../core/errors';
import type { ItemResult, Ledger } from '../../core/ledger';
import { AccountingSync } from '../../nodes/AccountingSync/AccountingSync.node';
import { resetTestSeams, testSeams } from '../../nodes/shared/testSeams';
import {
	inputToNode,
	packageNodeType,
	runWorkflow,
	TestCredentialsHelper,
	TestNodeTypes,
} from './harness';

const NODE_TYPE = packageNodeType('accountingSync');
const nodeTypes = new TestNodeTypes({ [NODE_TYPE]: new AccountingSync() });
const credentialsHelper = new TestCredentialsHelper({
	xeroAccountingSyncOAuth2Api: {
		clientId: 'c',
		clientSecret: 's',
		oauthTokenData: { access_token: 'a' },
	},
	easyBillAccountingSyncApi: { apiKey: 'k' },
});

interface FakeLedger extends Ledger {
	calls: Array<{ method: string; inputs: unknown[] }>;
	tenants: Array<string | undefined>;
}

/** Answers `created` for every element, in reverse order (results are matched by index, not position). */
function fakeLedger(kind: 'xero' | 'easybill', failWith?: LedgerError): FakeLedger {
	const calls: FakeLedger['calls'] = [];
	const answer =
		(method: string) =>
		async (inputs: unknown[]): Promise<ItemResult<never>[]> => {
			calls.push({ method, inputs });
			if (failWith) throw failWith;
			return inputs
				.map((input, index) => ({
					index,
					action: 'created' as const,
					ledgerId: `id-${index}`,
					record: input as never,
				}))
				.reverse();
		};
	return {
		kind,
		calls,
		tenants: [],
		upsertContacts: answer('upsertContacts'),
		createInvoices: answer('createInvoices'),
		recordPayments: answer('recordPayments'),
		issueCreditNotes: answer('issueCreditNotes'),
		findInvoices: async () => [],
		timeZone: async () => (kind === 'easybill' ? 'Europe/Berlin' : 'Pacific/Auckland'),
		listPaidInvoices: async () => ({ invoices: [], cursor: { since: '' } }),
	};
}

let ledger: FakeLedger;

function useFake(kind: 'xero' | 'easybill', failWith?: LedgerError) {
	ledger = fakeLedger(kind, failWith);
	testSeams.ledgerFactory = ({ tenantId }) => {
		ledger.tenants.push(tenantId);
		return ledger;
	};
}

afterEach(() => resetTestSeams());

async function run(
	kind: 'xero' | 'easybill',
	items: IDataObject[],
	parameters: INodeParameters,
	continueOnFail = false,
) {
	const spec = inputToNode(items, {
		type: NODE_TYPE,
		parameters: {
			ledger: kind,
			...(kind === 'xero'
				? { tenantId: { __rl: true, mode: 'list', value: 'tenant-7', cachedResultName: 'Demo' } }
				: {}),
			...parameters,
		},
		credentials:
			kind === 'xero'
				? { xeroAccountingSyncOAuth2Api: { id: '1', name: 'Xero' } }
				: { easyBillAccountingSyncApi: { id: '2', name: 'EasyBill' } },
		continueOnFail,
	});
	const result = await runWorkflow(spec, { nodeTypes, credentialsHelper });
	return { ...result, output: result.items(spec.nodeName), nodeName: spec.nodeName };
}

describe('Accounting Sync parameter mapping (fake ledger)', () => {
	it('maps a Xero invoice entered field by field, with an inline contact, in one batch call', async () => {
		useFake('xero');
		const result = await run('xero', [{ n: 1 }, { n: 2 }], {
			operation: 'createInvoice',
			amountUnit: 'major',
			sourceId: '={{ "in_" + $json.n }}',
			contactBy: 'details',
			contactSourceId: 'cus_9',
			contactName: ' Acme Ltd ',
			contactFields: {
				emails: 'a@acme.example; b@acme.example',
				taxNumber: 'GB123',
				currency: 'gbp',
			},
			contactAddress: { line1: '1 High St', city: 'London', country: 'gb' },
			issueDate: '2026-11-02T00:00:00',
			dueDate: '2026-11-30',
			currency: 'eur',
			taxMode: 'inclusive',
			lineInputMode: 'fields',
			lines: {
				line: [
					{
						description: 'Plan',
						quantity: 2,
						unitPrice: '12.345',
						discountPercent: 10,
						taxType: 'OUTPUT2',
						accountCode: '200',
						taxPercent: 19,
						itemCode: 'PRO',
					},
					{
						description: 'Setup',
						quantity: 1,
						unitPrice: '5',
						discountPercent: 0,
						taxType: '',
						accountCode: '',
					},
				],
			},
			status: 'draft',
			invoiceFields: { reference: 'Order 55' },
		});
		expect(result.error).toBeUndefined();
		expect(ledger.tenants).toEqual(['tenant-7']);
		expect(ledger.calls.map((c) => c.method)).toEqual(['createInvoices']);
		expect(ledger.calls[0].inputs).toHaveLength(2);
		expect(ledger.calls[0].inputs[0]).toEqual({
			sourceId: 'in_1',
			contact: {
				contact: {
					sourceId: 'cus_9',
					name: 'Acme Ltd',
					emails: ['a@acme.example', 'b@acme.example'],
					taxNumber: 'GB123',
					currency: 'GBP',
					address: { line1: '1 High St', city: 'London', country: 'GB' },
				},
			},
			issueDate: '2026-11-02',
			dueDate: '2026-11-30',
			currency: 'EUR',
			taxMode: 'inclusive',
			status: 'draft',
			reference: 'Order 55',
			lines: [
				// 12.345 rounds half away from zero to 1235 cents; Xero lines carry no tax percent.
				{
					description: 'Plan',
					quantity: 2,
					unitPriceMinor: 1235,
					discountPercent: 10,
					taxType: 'OUTPUT2',
					accountCode: '200',
					itemCode: 'PRO',
				},
				{ description: 'Setup', quantity: 1, unitPriceMinor: 500 },
			],
		});
		// Results came back reversed; each output still pairs with its own item.
		expect(result.output.map((o) => [o.json.ledgerId, o.pairedItem])).toEqual([
			['id-0', { item: 0 }],
			['id-1', { item: 1 }],
		]);
		expect(result.output[1].json).toMatchObject({
			action: 'created',
			ledger: 'xero',
			record: { sourceId: 'in_2' },
		});
	});

	it('maps EasyBill lines from a Stripe-style JSON list in cents and reads timestamps in Berlin time', async () => {
		useFake('easybill');
		const stripeLines = {
			object: 'list',
			data: [
				{ description: 'Seats', quantity: 3, price: { unit_amount: 1500 }, taxPercent: 7 },
				{ description: 'Plan', unit_amount: '4900', vat_percent: 19 },
			],
		};
		const result = await run('easybill', [{ lines: stripeLines }], {
			operation: 'createInvoice',
			amountUnit: 'minor',
			sourceId: 'in_x',
			contactBy: 'reference',
			contact: { __rl: true, mode: 'sourceId', value: 'cus_1' },
			issueDate: '2026-11-01T23:30:00Z',
			currency: 'EUR',
			taxMode: 'exclusive',
			lineInputMode: 'json',
			linesJson: '={{ $json.lines }}',
			status: 'final',
		});
		expect(result.error).toBeUndefined();
		expect(ledger.tenants).toEqual([undefined]);
		expect(ledger.calls[0].inputs[0]).toEqual({
			sourceId: 'in_x',
			contact: { sourceId: 'cus_1' },
			issueDate: '2026-11-02',
			currency: 'EUR',
			taxMode: 'exclusive',
			status: 'final',
			lines: [
				{ description: 'Seats', quantity: 3, unitPriceMinor: 1500, taxRatePercent: 7 },
				{ description: 'Plan', quantity: 1, unitPriceMinor: 4900, taxRatePercent: 19 },
			],
		});
	});

	it('maps payment invoice references from every locator mode, with the bank account on Xero only', async () => {
		const params = (invoice: IDataObject): INodeParameters => ({
			operation: 'recordPayment',
			amountUnit: 'minor',
			invoice: { __rl: true, ...invoice },
			sourceId: 'ch_1',
			amount: '1250',
			currency: 'EUR',
			date: '2026-11-05',
			bankAccount: '090',
			paymentFields: { reference: 'Payout 7' },
		});
		useFake('xero');
		await run('xero', [{}], params({ mode: 'list', value: 'inv-guid' }));
		await run('xero', [{}], params({ mode: 'number', value: 'INV-0042' }));
		await run('xero', [{}], params({ mode: 'sourceId', value: 'in_42' }));
		expect(ledger.calls.map((c) => (c.inputs[0] as IDataObject).invoice)).toEqual([
			{ ledgerId: 'inv-guid' },
			{ number: 'INV-0042' },
			{ sourceId: 'in_42' },
		]);
		expect(ledger.calls[0].inputs[0]).toEqual({
			sourceId: 'ch_1',
			invoice: { ledgerId: 'inv-guid' },
			amountMinor: 1250,
			currency: 'EUR',
			date: '2026-11-05',
			reference: 'Payout 7',
			bankAccount: '090',
		});
		useFake('easybill');
		await run('easybill', [{}], params({ mode: 'id', value: '991' }));
		expect(ledger.calls[0].inputs[0]).not.toHaveProperty('bankAccount');
	});

	it('maps a credit note by lines with a refund dated like the note by default, and a full credit', async () => {
		useFake('xero');
		const base: INodeParameters = {
			operation: 'issueCreditNote',
			amountUnit: 'major',
			invoice: { __rl: true, mode: 'id', value: 'inv-1' },
			sourceId: 're_1',
			currency: 'EUR',
			date: '2026-11-06',
			reason: 'Goodwill',
			allocate: false,
		};
		await run('xero', [{}], {
			...base,
			creditType: 'lines',
			lineInputMode: 'fields',
			lines: {
				line: [
					{
						description: 'Seat refund',
						quantity: 1,
						unitPrice: '10',
						taxType: 'OUTPUT2',
						accountCode: '200',
					},
				],
			},
			refund: true,
			refundBankAccount: '090',
			refundReference: 'RF-1',
		});
		await run('xero', [{}], { ...base, creditType: 'full', refund: false });
		expect(ledger.calls.map((c) => c.inputs[0])).toEqual([
			{
				sourceId: 're_1',
				invoice: { ledgerId: 'inv-1' },
				date: '2026-11-06',
				currency: 'EUR',
				reason: 'Goodwill',
				lines: [
					{
						description: 'Seat refund',
						quantity: 1,
						unitPriceMinor: 1000,
						taxType: 'OUTPUT2',
						accountCode: '200',
					},
				],
				allocate: false,
				refund: { date: '2026-11-06', bankAccount: '090', reference: 'RF-1' },
			},
			{
				sourceId: 're_1',
				invoice: { ledgerId: 'inv-1' },
				date: '2026-11-06',
				currency: 'EUR',
				reason: 'Goodwill',
				allocate: false,
			},
		]);
	});

	it('turns a whole-batch failure into one error per item, or a NodeApiError on the first item', async () => {
		const auth = new LedgerError('Xero refused the token', {
			kind: 'auth',
			httpStatus: 401,
			vendorMessage: 'TokenExpired',
		});
		const params: INodeParameters = {
			operation: 'upsertContact',
			sourceId: '={{ $json.id }}',
			name: 'Acme',
		};
		useFake('xero', auth);
		const lenient = await run('xero', [{ id: 'a' }, { id: 'b' }], params, true);
		expect(lenient.error).toBeUndefined();
		expect(lenient.output.map((o) => [o.json, o.pairedItem])).toEqual([
			[
				{
					action: 'failed',
					error: {
						message: 'Xero refused the token',
						kind: 'auth',
						vendorMessage: 'TokenExpired',
						httpStatus: 401,
					},
				},
				{ item: 0 },
			],
			[
				{
					action: 'failed',
					error: {
						message: 'Xero refused the token',
						kind: 'auth',
						vendorMessage: 'TokenExpired',
						httpStatus: 401,
					},
				},
				{ item: 1 },
			],
		]);

		const strict = await run('xero', [{ id: 'a' }, { id: 'b' }], params);
		const error = strict.nodeError(strict.nodeName);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('Xero refused the token');
		expect(String(error?.description)).toMatch(/TokenExpired.*reconnect/);
		expect((error?.context as IDataObject).itemIndex).toBe(0);
	});

	it('asks for the Xero organisation instead of choosing one', async () => {
		useFake('xero');
		// An empty picker n8n refuses itself; an expression that comes out empty is ours to catch.
		const refused = await run('xero', [{}], {
			tenantId: { __rl: true, mode: 'list', value: '' },
			operation: 'upsertContact',
			sourceId: 'cus_1',
			name: 'Acme',
		});
		expect(refused.error?.name).toBe('WorkflowHasIssuesError');
		const result = await run('xero', [{ tenant: '' }], {
			tenantId: { __rl: true, mode: 'id', value: '={{ $json.tenant }}' },
			operation: 'upsertContact',
			sourceId: 'cus_1',
			name: 'Acme',
		});
		expect(result.nodeError(result.nodeName)?.message).toBe('Organisation: choose the Xero organisation');
		expect(ledger.tenants).toEqual([]);
	});

	it('refuses items that name another Xero organisation than the first item', async () => {
		useFake('xero');
		const result = await run(
			'xero',
			[{ tenant: 'tenant-a' }, { tenant: 'tenant-b' }, { tenant: 'tenant-a' }],
			{
				tenantId: { __rl: true, mode: 'id', value: '={{ $json.tenant }}' },
				operation: 'upsertContact',
				sourceId: '={{ "cus_" + $itemIndex }}',
				name: '={{ "Acme " + $itemIndex }}',
			},
			true,
		);
		expect(ledger.tenants).toEqual(['tenant-a']);
		expect((ledger.calls[0].inputs as Array<{ sourceId: string }>).map((c) => c.sourceId)).toEqual([
			'cus_0',
			'cus_2',
		]);
		expect(result.output[1].json).toEqual({
			action: 'failed',
			error: expect.objectContaining({ field: 'tenantId', kind: 'validation' }),
		});
	});
});
