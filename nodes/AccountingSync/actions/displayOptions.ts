/** Scopes an operation's own fields to that operation, keeping any narrower conditions they carry. */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

export function forOperation(operation: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => withShow(property, { operation: [operation] }));
}

export function withShow(
	property: INodeProperties,
	show: NonNullable<IDisplayOptions['show']>,
): INodeProperties {
	return {
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, ...show },
		},
	};
}
