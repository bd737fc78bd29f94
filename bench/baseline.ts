/**
 * The per-item baseline the bench runs beside the package: one request per item plus a contact
 * lookup, the way other Xero integrations work (find the contact by name, create it when missing,
 * create the invoice), waiting out a 429 for its Retry-After. Written here, never shipped.
 */
import axios from 'axios';

export interface BaselineTarget {
	baseUrl: string;
	tenantId: string;
	accessToken: string;
	sleep(ms: number): Promise<void>;
}

export interface BaselineInvoice {
	reference: string;
	contactName: string;
	contactNumber: string;
}

async function call(
	target: BaselineTarget,
	method: 'GET' | 'PUT',
	path: string,
	params?: Record<string, string>,
	data?: unknown,
): Promise<any> {
	for (let attempt = 1; ; attempt++) {
		const response = await axios.request({
			method,
			url: `${target.baseUrl}/api.xro/2.0${path}`,
			params,
			data,
			headers: {
				Authorization: `Bearer ${target.accessToken}`,
				'Xero-tenant-id': target.tenantId,
				Accept: 'application/json',
			},
			validateStatus: () => true,
		});
		if (response.status === 429 && attempt < 10) {
			await target.sleep(Number(response.headers['retry-after'] ?? 60) * 1000);
			continue;
		}
		if (response.status >= 400) throw new Error(`baseline: HTTP ${response.status} on ${method} ${path}`);
		return response.data;
	}
}

export async function baselineCreateInvoice(target: BaselineTarget, invoice: BaselineInvoice): Promise<void> {
	const name = invoice.contactName.replace(/"/g, '\\"');
	const found = await call(target, 'GET', '/Contacts', { where: `Name=="${name}"` });
	let contactId: string | undefined = found?.Contacts?.[0]?.ContactID;
	if (!contactId) {
		const created = await call(target, 'PUT', '/Contacts', undefined, {
			Contacts: [{ Name: invoice.contactName, ContactNumber: invoice.contactNumber }],
		});
		contactId = created?.Contacts?.[0]?.ContactID;
	}
	await call(target, 'PUT', '/Invoices', undefined, {
		Invoices: [
			{
				Type: 'ACCREC',
				Contact: { ContactID: contactId },
				Date: '2026-11-02',
				DueDate: '2026-11-16',
				Reference: invoice.reference,
				Status: 'AUTHORISED',
				LineAmountTypes: 'Exclusive',
				CurrencyCode: 'EUR',
				LineItems: [
					{ Description: 'Pro plan', Quantity: 1, UnitAmount: 49, AccountCode: '200', TaxType: 'OUTPUT2' },
					{ Description: 'Extra seat', Quantity: 2, UnitAmount: 10, AccountCode: '200', TaxType: 'OUTPUT2' },
				],
			},
		],
	});
}

/** Runs `count` items, `parallel` at a time. */
export async function runBaseline(
	target: BaselineTarget,
	invoices: BaselineInvoice[],
	parallel: number,
): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: parallel }, async () => {
			while (next < invoices.length) await baselineCreateInvoice(target, invoices[next++]);
		}),
	);
}
