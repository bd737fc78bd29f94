import { randomUUID } from 'node:crypto';

import { matchesPath } from './requestLog';
import type { FaultRule, ServiceName, SandboxResponse } from './types';

export interface FaultInjector {
	add(rule: FaultRule): void;
	clear(): void;
	/** Counts the request against every rule it matches; returns the first rule due to fire. */
	take(service: ServiceName, method: string, path: string): FaultRule | undefined;
}

/**
 * Rules count their own matches, so "the 3rd PUT /Invoices" means the same thing in every test.
 * Rules with a `probability` draw from `random` (seeded by the caller, so a soak run replays).
 */
export function createFaultInjector(random: () => number = Math.random): FaultInjector {
	let rules: { rule: FaultRule; seen: number }[] = [];
	return {
		add(rule) {
			if ((rule.nth ?? 1) < 1) throw new Error('FaultRule.nth is 1-based');
			if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
				throw new Error('FaultRule.probability is a chance between 0 and 1');
			}
			rules.push({ rule, seen: 0 });
		},
		clear() {
			rules = [];
		},
		take(service, method, path) {
			let due: FaultRule | undefined;
			for (const entry of rules) {
				const { rule } = entry;
				if (rule.service !== service) continue;
				if (rule.method !== undefined && rule.method.toUpperCase() !== method) continue;
				if (!matchesPath(rule.path, path)) continue;
				entry.seen += 1;
				if (rule.probability !== undefined) {
					if (random() < rule.probability && due === undefined) due = rule;
					continue;
				}
				const first = rule.nth ?? 1;
				const last = first + (rule.times ?? 1) - 1;
				if (due === undefined && entry.seen >= first && entry.seen <= last) due = rule;
			}
			return due;
		},
	};
}

const xeroProblem = (status: number, title: string, detail: string) => ({
	Type: null,
	Title: title,
	Status: status,
	Detail: detail,
	Instance: randomUUID(),
	Extensions: {},
});

/**
 * The answer a fault stands in for, shaped like the vendor's: Xero's 429 names the exhausted limit
 * and says when to retry; EasyBill's 429 gives no Retry-After at all.
 */
export function faultResponse(service: ServiceName, rule: FaultRule, now: number): SandboxResponse {
	const easybill = service === 'easybill';
	switch (rule.kind) {
		case '429': {
			if (easybill) return { status: 429, body: { code: 429, message: 'Too Many Requests' } };
			const problem = rule.problem ?? 'minute';
			return {
				status: 429,
				headers: {
					...(rule.omitRetryAfter
						? {}
						: {
								'retry-after': String(
									rule.retryAfterSeconds ?? (problem === 'daily' ? 3600 : 60),
								),
							}),
					'x-rate-limit-problem': problem,
				},
				body: xeroProblem(429, 'Too Many Requests', `Rate limit exceeded (${problem})`),
			};
		}
		case '500':
			return easybill
				? { status: 500, body: { code: 500, message: 'Internal Server Error' } }
				: {
						status: 500,
						body: xeroProblem(500, 'An error occurred', 'An unexpected error occurred'),
					};
		case '502':
			// A gateway in front of either API: an HTML page, not the vendor's JSON.
			return {
				status: 502,
				headers: { 'content-type': 'text/html' },
				body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
			};
		case '503':
			return easybill
				? { status: 503, body: { code: 503, message: 'Service Unavailable' } }
				: {
						status: 503,
						headers: { 'retry-after': String(rule.retryAfterSeconds ?? 1) },
						body: 'The Xero API is temporarily unavailable',
					};
		case 'expired-token':
			if (easybill) return { status: 401, body: { code: 401, message: 'Unauthorized' } };
			return {
				status: 401,
				headers: {
					'www-authenticate':
						'Bearer error="invalid_token", error_description="The access token has expired"',
				},
				body: xeroProblem(
					401,
					'Unauthorized',
					`TokenExpired: token expired at ${new Date(now).toISOString()}`,
				),
			};
		default:
			throw new Error(`fault ${rule.kind} does not replace the response`);
	}
}
