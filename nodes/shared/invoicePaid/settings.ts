/**
 * The Invoice Paid triggers' own settings, checked before any API call: n8n enforces an option's
 * type and range only in the editor, so a value set by expression or an edited workflow JSON can
 * bring "ten", -5 or 100000 minutes. A bad value fails activation (webhooks) or the poll with an
 * error naming the setting as the node shows it ("Options → Overlap Window (Minutes)"), instead of
 * moving a cursor by NaN or silently reading it as the default.
 */
import {
	NodeOperationError,
	type IDataObject,
	type INode,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

function refuse(node: INode, label: string, problem: string): never {
	throw new NodeOperationError(node, `${label}: ${problem}`, {
		description: `Fix "${label}" in the trigger's settings.`,
	});
}

/** The chosen Emit value, refused when it is none of the node's choices. */
export function checkedChoice(node: INode, property: INodeProperties, value: unknown): string {
	const choices = (property.options ?? []) as INodePropertyOptions[];
	const found = choices.find((c) => c.value === value);
	if (!found) {
		const names = choices.map((c) => `"${c.name}" (${String(c.value)})`).join(' or ');
		refuse(node, property.displayName, `"${String(value)}" is not one of the choices: ${names}`);
	}
	return String(value);
}

/** The Options collection with each value checked against its field's type and range. */
export function checkedOptions(node: INode, collection: INodeProperties, options: unknown): IDataObject {
	if (typeof options !== 'object' || options === null || Array.isArray(options)) {
		refuse(node, collection.displayName, 'must be a set of options, not a single value');
	}
	const fields = (collection.options ?? []) as INodeProperties[];
	for (const [name, value] of Object.entries(options as IDataObject)) {
		const field = fields.find((f) => f.name === name);
		if (!field) continue;
		const label = `${collection.displayName} → ${field.displayName}`;
		if (field.type === 'boolean' && typeof value !== 'boolean') {
			refuse(node, label, `"${String(value)}" is not true or false`);
		}
		if (field.type === 'number') {
			const min = Number(field.typeOptions?.minValue ?? -Infinity);
			const max = Number(field.typeOptions?.maxValue ?? Infinity);
			if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
				refuse(node, label, `"${String(value)}" is not a number from ${min} to ${max}`);
			}
		}
	}
	return options as IDataObject;
}
