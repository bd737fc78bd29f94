/**
 * Creates records in the sandbox the way a user's other tools would (straight through the emulated
 * APIs, not through the package), so trigger tests do not depend on the action node.
 */
import type { Sandbox } from '../../sandbox';

async function call(url: string, init: RequestInit): Promise<any> {
	const response = await fetch(url, init);
	const text = await response.text();
	if (!response.ok) throw new Error(`${init.method} ${url}: ${response.status} ${text}`);
	return text ? JSON.parse(text) : undefined;
}

/** The sandbox's UK organisation (GBP, VAT OUTPUT2 20 %, sales account 200, bank 090). */
export function ukTenant(sandbox: Sandbox): { tenantId: string; tenantName: string } {
	const tenant = sandbox.xero.tenants.find((candidate) => /UK/.test(candidate.tenantName));
	if (!tenant) throw new Error('the sandbox has no UK organisation');
	return tenant;
}

/** An AUTHORISED sales invoice in the UK org; returns Xero's invoice object. */
export async function createXeroInvoice(
	sandbox: Sandbox,
	tenantId: string,
	input: { contactName: string; reference: string; unitAmount: number },
): Promise<{ InvoiceID: string; InvoiceNumber: string; Total: number }> {
	const { accessToken } = sandbox.xero.issueTokens();
	const today = new Date(sandbox.clock.now()).toISOString().slice(0, 10);
	const body = {
		Invoices: [
			{
				Type: 'ACCREC',
				Contact: { Name: input.contactName },
				Date: today,
				DueDate: today,
				Reference: input.reference,
				Status: 'AUTHORISED',
				LineAmountTypes: 'Exclusive',
				CurrencyCode: 'GBP',
				LineItems: [
					{
						Description: 'Subscription',
						Quantity: 1,
						UnitAmount: input.unitAmount,
						AccountCode: '200',
						TaxType: 'OUTPUT2',
					},
				],
			},
		],
	};
	const answer = await call(`${sandbox.urls.xero}/api.xro/2.0/Invoices`, {
		method: 'PUT',
		headers: {
			authorization: `Bearer ${accessToken}`,
			'xero-tenant-id': tenantId,
			accept: 'application/json',
			'content-type': 'application/json',
		},
		body: JSON.stringify(body),
	});
	return answer.Invoices[0];
}

/** A customer and a completed (numbered, payable) EasyBill invoice; returns the document. */
export async function createEasyBillInvoice(
	sandbox: Sandbox,
	input: { companyName: string; netCents: number },
): Promise<{ id: number; number: string; amount: number }> {
	const headers = {
		authorization: `Bearer ${sandbox.easybill.apiKey}`,
		'content-type': 'application/json',
		accept: 'application/json',
	};
	const customer = await call(`${sandbox.urls.easybill}/customers`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ company_name: input.companyName }),
	});
	const draft = await call(`${sandbox.urls.easybill}/documents`, {
		method: 'POST',
		headers,
		body: JSON.stringify({
			type: 'INVOICE',
			customer_id: customer.id,
			items: [
				{
					description: 'Subscription',
					quantity: 1,
					single_price_net: input.netCents,
					vat_percent: 19,
				},
			],
		}),
	});
	return await call(`${sandbox.urls.easybill}/documents/${draft.id}/done`, {
		method: 'PUT',
		headers,
	});
}
