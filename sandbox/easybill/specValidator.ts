/**
 * Validates request bodies against the `definitions` of EasyBill's own Swagger 2.0 file, so a body
 * the real API would refuse for its shape is refused here too. The Swagger dialect is adapted to
 * JSON Schema once at load time; where the file contradicts documented behaviour the behaviour wins
 * (see the comments in `adaptForInput`).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readSpec } from '../common/specs';

export type EasyBillDefinition =
	| 'Customer'
	| 'Document'
	| 'DocumentPosition'
	| 'DocumentPayment'
	| 'WebHook'
	| 'PostBoxRequest';

type Schema = Record<string, any>;

function isReadOnly(schema: Schema, definitions: Schema): boolean {
	if (schema.readOnly === true) return true;
	const ref =
		typeof schema.$ref === 'string' ? schema.$ref.replace('#/definitions/', '') : undefined;
	return ref !== undefined && definitions[ref]?.readOnly === true;
}

/** Turns one Swagger schema into the JSON Schema a client's input must satisfy. */
function adaptForInput(schema: Schema, definitions: Schema): Schema {
	if (Array.isArray(schema)) return schema.map((s) => adaptForInput(s, definitions));
	if (schema === null || typeof schema !== 'object') return schema;
	const out: Schema = {};
	for (const [key, value] of Object.entries(schema)) {
		if (key === 'example' || key.startsWith('x-')) continue;
		if (key === 'properties') {
			const props: Schema = {};
			for (const [name, prop] of Object.entries(value as Schema)) {
				// readOnly fields are the server's: a client may echo them back, the API ignores them.
				if (isReadOnly(prop as Schema, definitions)) continue;
				props[name] = adaptForInput(prop as Schema, definitions);
			}
			out.properties = props;
		} else if (value !== null && typeof value === 'object') {
			out[key] = adaptForInput(value as Schema, definitions);
		} else {
			out[key] = value;
		}
	}
	// Swagger 2 has no null type; the vendor marks nullable fields with x-nullable.
	if (schema['x-nullable'] === true) {
		if (typeof out.type === 'string') out.type = [out.type, 'null'];
		if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
	}
	return out;
}

function adaptDefinitions(definitions: Schema): Schema {
	const adapted: Schema = {};
	for (const [name, def] of Object.entries(definitions))
		adapted[name] = adaptForInput(def, definitions);
	// The file requires both last_name AND company_name; the API wants either one (business rule,
	// checked by the customer route with the vendor's message).
	delete adapted.Customer.required;
	// `maxItems: 3` sits on the item schema in the file, where it means nothing; the limit is on the list.
	adapted.Customer.properties.emails.maxItems = 3;
	return adapted;
}

function describe(error: ErrorObject): string {
	const where = error.instancePath || '(body)';
	if (error.keyword === 'enum') {
		const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
		return `${where} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
	}
	return `${where} ${error.message ?? 'is invalid'}`;
}

export class EasyBillSpecValidator {
	private readonly validators = new Map<string, ValidateFunction>();
	private readonly specDefinitions: Schema;
	private readonly inputDefinitions: Schema;

	constructor(specText = readSpec('easybill-openapi.json')) {
		const spec = JSON.parse(specText) as { definitions: Schema };
		const ajv = new Ajv({ strict: false, allErrors: true });
		addFormats(ajv);
		// Vendor formats: `datetime` is their `Y-m-d H:i:s`; `int6` is a typo for int64 in the file.
		ajv.addFormat('datetime', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		ajv.addFormat('int6', true);
		this.specDefinitions = spec.definitions;
		this.inputDefinitions = adaptDefinitions(spec.definitions);
		ajv.addSchema({ $id: 'easybill', definitions: this.inputDefinitions });
		for (const name of [
			'Customer',
			'Document',
			'DocumentPosition',
			'DocumentPayment',
			'WebHook',
			'PostBoxRequest',
		]) {
			this.validators.set(name, ajv.compile({ $ref: `easybill#/definitions/${name}` }));
		}
	}

	/** Fields a client may set (readOnly ones removed). */
	writableFields(definition: EasyBillDefinition): string[] {
		return Object.keys(this.inputDefinitions[definition].properties ?? {});
	}

	/** Every field the contract names, readOnly included. */
	knownFields(definition: EasyBillDefinition): string[] {
		return Object.keys(this.specDefinitions[definition].properties ?? {});
	}

	/** Returns readable spec violations; an empty list means the body conforms. */
	validate(definition: EasyBillDefinition, body: unknown): string[] {
		const validate = this.validators.get(definition);
		if (!validate) throw new Error(`No validator for ${definition}`);
		if (validate(body)) return [];
		return (validate.errors ?? []).map(describe);
	}
}
