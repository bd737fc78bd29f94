/**
 * Validates requests against Xero's published OpenAPI contract (xero-accounting.yaml), so a
 * request Xero would reject as malformed is rejected here too. The 900 KB spec is parsed on the
 * first validated request, and each body schema is compiled on first use, keeping startup fast.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import yaml from 'js-yaml';

import { readSpec } from '../common/specs';
import { isGuid } from './format';

type Json = Record<string, any>;

interface Operation {
	template: string;
	pattern: RegExp;
	pathParams: string[];
	params: Json[];
	bodyRef?: string;
	bodyRequired: boolean;
}

/**
 * The spec has `$ref` with sibling keys (`description`, `type`) that JSON Schema ignores and ajv
 * rejects; vendor extensions and examples are noise to a validator. Strip them all.
 */
function strip(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(strip);
	if (!node || typeof node !== 'object') return node;
	const obj = node as Json;
	if (typeof obj.$ref === 'string') return { $ref: obj.$ref };
	const out: Json = {};
	for (const [key, value] of Object.entries(obj)) {
		if (key.startsWith('x-') || key === 'example' || key === 'examples' || key === 'externalDocs')
			continue;
		out[key] = strip(value);
	}
	return out;
}

export class XeroSpecValidator {
	private loaded: { ajv: Ajv; operations: Map<string, Operation[]>; schemas: Json } | undefined;
	private readonly compiled = new Map<string, ValidateFunction>();

	private load() {
		if (this.loaded) return this.loaded;
		const spec = yaml.load(readSpec('xero-accounting.yaml')) as Json;
		const components = strip(spec.components) as Json;
		const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
		addFormats(ajv);
		for (const format of ['double', 'int32', 'int64', 'float']) ajv.addFormat(format, true);
		ajv.addSchema({ $id: 'xero.json', components });
		const operations = new Map<string, Operation[]>();
		const resolveParam = (p: Json): Json =>
			typeof p.$ref === 'string'
				? components.parameters[p.$ref.split('/').pop() as string]
				: (strip(p) as Json);
		for (const [template, item] of Object.entries(spec.paths as Json)) {
			const shared = ((item as Json).parameters ?? []).map(resolveParam);
			const pathParams = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
			const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '([^/]+)')}$`, 'i');
			for (const [method, op] of Object.entries(item as Json)) {
				if (method === 'parameters') continue;
				const body = (op as Json).requestBody?.content?.['application/json']?.schema;
				const list = operations.get(method.toUpperCase()) ?? [];
				list.push({
					template,
					pattern,
					pathParams,
					params: [...shared, ...((op as Json).parameters ?? []).map(resolveParam)],
					bodyRef: body?.$ref,
					bodyRequired: (op as Json).requestBody?.required === true,
				});
				operations.set(method.toUpperCase(), list);
			}
		}
		this.loaded = { ajv, operations, schemas: components.schemas };
		return this.loaded;
	}

	private validator(key: string, schema: Json): ValidateFunction {
		let fn = this.compiled.get(key);
		if (!fn) {
			fn = this.load().ajv.compile(schema);
			this.compiled.set(key, fn);
		}
		return fn;
	}

	/** Property names of a spec schema, e.g. 'Invoice' (for where-clause field checks). */
	schemaProperties(name: string): Set<string> {
		return new Set(Object.keys(this.load().schemas[name]?.properties ?? {}));
	}

	/** Parses the spec ahead of the first request (optional; for benchmarks). */
	warmUp(): void {
		this.load();
		for (const name of ['Contacts', 'Invoices', 'Payments', 'Payment', 'CreditNotes', 'Allocations']) {
			const ref = `xero.json#/components/schemas/${name}`;
			this.validator(ref, { $ref: ref });
		}
	}

	/**
	 * Returns the contract violations of one request; `path` is relative to /api.xro/2.0.
	 * An empty list means valid; `undefined` means the spec has no such operation.
	 */
	validate(req: {
		method: string;
		path: string;
		query: URLSearchParams;
		headers: Record<string, string | undefined>;
		body: unknown;
		bodyError?: string;
	}): string[] | undefined {
		const { operations } = this.load();
		const candidates = (operations.get(req.method) ?? [])
			.map((op) => ({ op, match: op.pattern.exec(req.path) }))
			.filter((c): c is { op: Operation; match: RegExpExecArray } => c.match !== null);
		if (candidates.length === 0) return undefined;
		// /Contacts/{ContactNumber} and /Contacts/{ContactID} share a shape: route by GUID-ness.
		candidates.sort((a, b) => score(b.op, b.match) - score(a.op, a.match));
		const { op, match } = candidates[0];
		const errors: string[] = [];
		const pathValues = Object.fromEntries(
			op.pathParams.map((name, i) => [name, decodeURIComponent(match[i + 1])]),
		);

		for (const param of op.params) {
			if (!param?.name) continue;
			let raw: string | undefined;
			if (param.in === 'header') raw = req.headers[String(param.name).toLowerCase()];
			else if (param.in === 'query') raw = req.query.get(param.name) ?? undefined;
			else if (param.in === 'path') raw = pathValues[param.name];
			if (raw === undefined || raw === '') {
				if (param.required) errors.push(`${param.in} parameter '${param.name}' is required`);
				continue;
			}
			const schema = (param.schema ?? {}) as Json;
			// Xero also takes a document number where the spec says {InvoiceID}/{CreditNoteID}.
			if (param.in === 'path' && schema.format === 'uuid' && !isGuid(raw)) continue;
			const value = coerce(raw, schema);
			const fn = this.validator(`param:${JSON.stringify(schema)}`, schema);
			if (!fn(value)) errors.push(...describe(fn.errors, `${param.in} parameter '${param.name}'`));
		}

		if (req.bodyError) errors.push(`body: ${req.bodyError}`);
		else if (op.bodyRef) {
			if (req.body === undefined) {
				if (op.bodyRequired) errors.push('body: request body is required');
			} else {
				const ref = `xero.json${op.bodyRef}`;
				const fn = this.validator(ref, { $ref: ref });
				if (!fn(req.body)) errors.push(...describe(fn.errors, 'body'));
			}
		}
		return errors;
	}
}

function score(op: Operation, match: RegExpExecArray): number {
	let points = op.template.split('/').filter((s) => s && !s.startsWith('{')).length * 10;
	op.pathParams.forEach((name, i) => {
		const guidParam = /ID$/.test(name);
		if (guidParam === isGuid(decodeURIComponent(match[i + 1]))) points += 1;
	});
	return points;
}

function coerce(raw: string, schema: Json): unknown {
	switch (schema.type) {
		case 'integer':
		case 'number':
			return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
		case 'boolean':
			return raw === 'true' ? true : raw === 'false' ? false : raw;
		case 'array':
			return raw
				.split(',')
				.map((item) => coerce(item.trim().replace(/^"(.*)"$/, '$1'), schema.items ?? {}));
		default:
			return raw;
	}
}

function describe(errors: ErrorObject[] | null | undefined, where: string): string[] {
	return (errors ?? []).map((e) => {
		const extra =
			e.keyword === 'enum'
				? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
				: '';
		return `${where}${e.instancePath} ${e.message ?? 'is invalid'}${extra}`;
	});
}
