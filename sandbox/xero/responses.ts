/** Xero's error answers, shaped as Xero sends them. */
import type { SandboxResponse } from '../common/types';

export const NOT_FOUND: SandboxResponse = {
	status: 404,
	body: "The resource you're looking for cannot be found",
};

export const problem = (status: number, title: string, detail: string): SandboxResponse => ({
	status,
	body: { Type: null, Title: title, Status: status, Detail: detail },
});

export const validationException = (elements: unknown[]): SandboxResponse => ({
	status: 400,
	body: {
		ErrorNumber: 10,
		Type: 'ValidationException',
		Message: 'A validation exception occurred',
		Elements: elements,
	},
});

export function postDataInvalid(errors: string[]): SandboxResponse {
	return {
		status: 400,
		body: {
			ErrorNumber: 14,
			Type: 'PostDataInvalidException',
			Message: `The request does not match the Xero API contract: ${errors.join('; ')}`,
		},
	};
}

export function methodNotEmulated(method: string, resource: string): SandboxResponse {
	return problem(405, 'Method Not Allowed', `The sandbox does not emulate ${method} /${resource}`);
}
