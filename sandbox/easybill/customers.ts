/**
 * `/customers`: EasyBill's address book. A customer needs a last name or a company name, keeps up to
 * three addresses in `emails` (there is no `email` field: it is ignored, which is how integrations
 * that send it lose the address), and has a unique `number`, generated when omitted.
 */
import { berlinDate, berlinDateTime } from './berlinTime';
import {
	type EasyBillContext,
	type EasyBillRoute,
	parseId,
	pickFields,
	requireObjectBody,
	unknownFields,
} from './context';
import { escapeEnabled, matchesDateFilter, paginate, splitFilterList } from './listQuery';
import {
	type EasyBillResponse,
	HttpError,
	errorResponse,
	jsonResponse,
	specErrorResponse,
} from './responses';
import { type CustomerRecord, sortedById } from './state';

function displayName(customer: CustomerRecord): string {
	if (customer.company_name) return customer.company_name;
	return [customer.first_name, customer.last_name].filter(Boolean).join(' ');
}

function hasName(value: unknown): boolean {
	return typeof value === 'string' && value.trim() !== '';
}

function withIgnoredHint(response: EasyBillResponse, ignored: string[]): EasyBillResponse {
	if (ignored.length === 0) return response;
	// Not an EasyBill header: tells the developer reading the request log what the API dropped.
	return {
		...response,
		headers: { ...response.headers, 'x-sandbox-ignored-fields': ignored.join(',') },
	};
}

function assertBusinessRules(ctx: EasyBillContext, customer: CustomerRecord): void {
	if (!hasName(customer.last_name) && !hasName(customer.company_name)) {
		throw new HttpError(400, 'The field last_name or company_name is required.');
	}
	for (const other of ctx.state.customers.values()) {
		if (other.id !== customer.id && other.number === customer.number) {
			throw new HttpError(400, `The customer number ${customer.number} is already in use.`);
		}
	}
}

function filterCustomers(route: EasyBillRoute, customers: CustomerRecord[]): CustomerRecord[] {
	const escape = escapeEnabled(route.headers);
	const listFilter = (name: string, read: (c: CustomerRecord) => unknown[]): void => {
		const raw = route.query.get(name);
		if (raw === null) return;
		const wanted = new Set(splitFilterList(raw, escape).map((v) => v.toLowerCase()));
		customers = customers.filter((c) =>
			read(c).some(
				(value) => value !== null && value !== undefined && wanted.has(String(value).toLowerCase()),
			),
		);
	};
	listFilter('number', (c) => [c.number]);
	listFilter('emails', (c) => c.emails);
	listFilter('first_name', (c) => [c.first_name]);
	listFilter('last_name', (c) => [c.last_name]);
	listFilter('company_name', (c) => [c.company_name]);
	listFilter('country', (c) => [c.country]);
	listFilter('zip_code', (c) => [c.zip_code]);
	listFilter('group_id', (c) => [c.group_id]);
	const createdAt = route.query.get('created_at');
	if (createdAt !== null)
		customers = customers.filter((c) => matchesDateFilter(c.created_at, createdAt));
	return customers;
}

function createCustomer(ctx: EasyBillContext, route: EasyBillRoute): EasyBillResponse {
	const body = requireObjectBody(route.body);
	const specErrors = ctx.validator.validate('Customer', body);
	if (specErrors.length > 0) return specErrorResponse(specErrors);
	const now = ctx.clock.now();
	const fields = pickFields(body, ctx.validator.writableFields('Customer'));
	const customer: CustomerRecord = {
		first_name: null,
		last_name: null,
		company_name: null,
		note: null,
		country: 'DE',
		zip_code: null,
		group_id: null,
		personal: false,
		salutation: 0,
		...fields,
		emails: (fields.emails as string[] | undefined) ?? [],
		number: hasName(fields.number) ? String(fields.number) : '',
		id: ctx.state.nextId('customer'),
		login_id: ctx.state.loginId,
		created_at: berlinDate(now),
		updated_at: berlinDateTime(now),
	};
	if (customer.number === '') customer.number = ctx.state.nextCustomerNumberValue();
	assertBusinessRules(ctx, customer);
	customer.display_name = displayName(customer);
	ctx.state.customers.set(customer.id, customer);
	void ctx.webhooks.dispatch('customer.create', customer);
	const ignored = unknownFields(body, ctx.validator.knownFields('Customer'));
	return withIgnoredHint(jsonResponse(201, customer, true), ignored);
}

function updateCustomer(ctx: EasyBillContext, route: EasyBillRoute, id: number): EasyBillResponse {
	const existing = ctx.state.customers.get(id);
	if (!existing) return errorResponse(404, 'Customer not found');
	const body = requireObjectBody(route.body);
	const specErrors = ctx.validator.validate('Customer', body);
	if (specErrors.length > 0) return specErrorResponse(specErrors);
	const fields = pickFields(body, ctx.validator.writableFields('Customer'));
	const updated: CustomerRecord = {
		...existing,
		...fields,
		id: existing.id,
		number: hasName(fields.number) ? String(fields.number) : existing.number,
		emails: (fields.emails as string[] | undefined) ?? existing.emails,
		updated_at: berlinDateTime(ctx.clock.now()),
	};
	assertBusinessRules(ctx, updated);
	updated.display_name = displayName(updated);
	ctx.state.customers.set(id, updated);
	void ctx.webhooks.dispatch('customer.update', updated);
	const ignored = unknownFields(body, ctx.validator.knownFields('Customer'));
	return withIgnoredHint(jsonResponse(200, updated, true), ignored);
}

export function handleCustomers(ctx: EasyBillContext, route: EasyBillRoute): EasyBillResponse {
	const [, rawId, extra] = route.segments;
	if (extra !== undefined) return errorResponse(404, 'Not found');
	if (rawId === undefined) {
		if (route.method === 'GET') {
			const customers = filterCustomers(route, sortedById(ctx.state.customers.values()));
			return jsonResponse(200, paginate(customers, route.query));
		}
		if (route.method === 'POST') return createCustomer(ctx, route);
		return errorResponse(405, 'Method not allowed');
	}
	const id = parseId(rawId, 'Customer');
	if (route.method === 'GET') {
		const customer = ctx.state.customers.get(id);
		return customer ? jsonResponse(200, customer) : errorResponse(404, 'Customer not found');
	}
	if (route.method === 'PUT') return updateCustomer(ctx, route, id);
	if (route.method === 'DELETE') {
		const customer = ctx.state.customers.get(id);
		if (!customer) return errorResponse(404, 'Customer not found');
		ctx.state.customers.delete(id);
		void ctx.webhooks.dispatch('customer.delete', customer);
		return { status: 204, committed: true };
	}
	return errorResponse(405, 'Method not allowed');
}
