/**
 * Xero tax rates are kept for the whole process, so one execution per webhook event does not
 * spend a call on them each time; a kept rate that went stale (the organisation changed a VAT
 * rate) costs one more read and never a wrong report or a wrong booking.
 */
import { invoiceItem, invoiceParams } from './invoiceFixtures';
import { useNodeEnv } from './nodeEnv';

const env = useNodeEnv();

const taxRateReads = () =>
	env.sandbox.log.entries({ service: 'xero', method: 'GET', path: '/api.xro/2.0/TaxRates' }).length;
const booked = (reference: string) =>
	env.sandbox.xero.invoices(env.tenantId).filter((i) => i.Reference === reference);

// Each invoice: 49.00 + 2 × 10.00 net on OUTPUT2.
describe('Xero tax rates kept across executions', () => {
	it('three executions on one organisation read its tax rates once', async () => {
		for (const n of [1, 2, 3]) {
			const result = await env.run('xero', [invoiceItem('xero', `in_tr${n}`, `cus_tr${n}`)], invoiceParams());
			expect(result.json[0]).toMatchObject({ action: 'created', record: { totalMinor: 8280 } });
		}
		expect(taxRateReads()).toBe(1);
	});

	it('a rate changed in Xero since it was kept: the booked total is checked again with a fresh read, not reported as wrong', async () => {
		await env.run('xero', [invoiceItem('xero', 'in_st1', 'cus_st1')], invoiceParams());
		env.sandbox.xero.setTaxRatePercent(env.tenantId, 'OUTPUT2', 15);

		const result = await env.run('xero', [invoiceItem('xero', 'in_st2', 'cus_st2')], invoiceParams(), {
			continueOnFail: true,
		});

		// 69.00 + 15 % per line = 79.35: what Xero booked, and what the input comes to today.
		expect(result.json[0]).toMatchObject({ action: 'created', record: { totalMinor: 7935 } });
		expect(booked('in_st2')).toEqual([expect.objectContaining({ Total: 79.35 })]);
		expect(taxRateReads()).toBe(2);
		// The fresh read is kept: the next execution needs none.
		await env.run('xero', [invoiceItem('xero', 'in_st3', 'cus_st3')], invoiceParams());
		expect(taxRateReads()).toBe(2);
	});

	it("a caller's expected total is checked against the rates Xero has now, before anything is written", async () => {
		await env.run('xero', [invoiceItem('xero', 'in_ex1', 'cus_ex1')], invoiceParams());
		env.sandbox.xero.setTaxRatePercent(env.tenantId, 'OUTPUT2', 15);

		// 82.80 was right at 20 %; the kept rates would let it through and Xero would book 79.35.
		const result = await env.run('xero', [invoiceItem('xero', 'in_ex2', 'cus_ex2')], invoiceParams({ expectedTotal: '8280' }), {
			continueOnFail: true,
		});

		expect(result.json[0]).toMatchObject({ error: { kind: 'conflict', field: 'expectedTotalMinor' } });
		expect(booked('in_ex2')).toEqual([]);
	});
});
