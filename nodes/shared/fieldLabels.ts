/**
 * Canonical field paths (what the core names: `amountMinor`, `lines[1].unitPriceMinor`,
 * `contact.name`) as the user sees them in the node ("Amount", "Line 2 → Unit Price",
 * "Contact Name"). The labels come from the node's own description, so a renamed field is
 * renamed in its errors too; a path with no field in the node keeps its canonical name.
 */
import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';

// Canonical names whose node parameter is called differently.
const PARAMETER_OF: Record<string, string> = {
	amountMinor: 'amount',
	unitPriceMinor: 'unitPrice',
	expectedTotalMinor: 'expectedTotal',
	email: 'emails',
	address: 'contactAddress',
};

// Inline contact details on an invoice: `contact.name` is the "Contact Name" parameter.
const CONTACT_PARAMETER_OF: Record<string, string> = {
	sourceId: 'contactSourceId',
	name: 'contactName',
};

export type FieldLabeler = (field: string) => string | undefined;

/** Labels for one operation's fields, read from the node's properties. */
export function fieldLabeler(properties: INodeProperties[], operation: string): FieldLabeler {
	const own = properties.filter((p) => {
		const shownFor = p.displayOptions?.show?.operation;
		return !shownFor || shownFor.includes(operation);
	});
	return (field) => labelOf(own, field);
}

function labelOf(properties: INodeProperties[], field: string): string | undefined {
	const line = /^lines\[(\d+)\](?:\.(.+))?$/.exec(field);
	if (line) {
		const prefix = `Line ${Number(line[1]) + 1}`;
		if (!line[2]) return prefix;
		const inner = lineField(properties, parameterOf(withoutIndex(line[2])));
		return `${prefix} → ${inner ?? line[2]}`;
	}
	const segments = field.split('.').map(withoutIndex);
	if (segments[0] === 'contact' && segments.length > 1) {
		const direct = CONTACT_PARAMETER_OF[segments[1]];
		if (direct && find(properties, direct)) return labelOf(properties, direct);
		return labelOf(properties, segments.slice(1).join('.'));
	}
	if (segments.length > 1) {
		const collection = find(properties, parameterOf(segments[0]));
		const option = collection?.options?.find(
			(o): o is INodeProperties => 'name' in o && o.name === parameterOf(segments[1]),
		);
		if (collection && option) return `${shown(collection)} → ${shown(option)}`;
		return undefined;
	}
	const name = parameterOf(segments[0]);
	const property = find(properties, name);
	if (property) return shown(property);
	// An optional field lives inside a collection ("Contact Fields → Emails").
	for (const collection of properties.filter((p) => p.type === 'collection')) {
		const option = (collection.options ?? []).find(
			(o): o is INodeProperties => 'name' in o && o.name === name && 'type' in o,
		);
		if (option) return `${shown(collection)} → ${shown(option)}`;
	}
	return undefined;
}

function lineField(properties: INodeProperties[], name: string): string | undefined {
	const lines = find(properties, 'lines');
	for (const group of (lines?.options ?? []) as INodePropertyCollection[]) {
		const value = group.values?.find((v) => v.name === name);
		if (value) return shown(value);
	}
	return undefined;
}

function find(properties: INodeProperties[], name: string): INodeProperties | undefined {
	// Notices share no names with fields, but skip them anyway: they are not inputs.
	return properties.find((p) => p.name === name && p.type !== 'notice');
}

function parameterOf(name: string): string {
	return PARAMETER_OF[name] ?? name;
}

function withoutIndex(segment: string): string {
	return segment.replace(/\[\d+\]$/, '');
}

/** The label as shown, without the "Name or ID" suffix n8n asks dynamic lists to carry. */
function shown(property: { displayName: string }): string {
	return property.displayName.replace(/ Name or ID$/, '');
}
