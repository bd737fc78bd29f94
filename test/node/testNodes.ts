/**
 * Stand-ins for n8n-nodes-base nodes (not installed here), so test workflows can start somewhere:
 * a start node that emits the items it is given, as a Manual Trigger followed by a Set node would.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

export const TEST_INPUT_TYPE = 'test.input';

export class TestInput implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Input',
		name: 'input',
		group: ['input'],
		version: 1,
		description: 'Emits the JSON items in its "items" parameter',
		defaults: { name: 'Input' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as unknown;
		const list = (typeof raw === 'string' ? JSON.parse(raw) : raw) as object[];
		// An item's `$binary` ({ field: { base64, fileName, mimeType } }) becomes its binary data.
		const out: INodeExecutionData[] = [];
		for (const value of list) {
			const { $binary, ...json } = value as { $binary?: Record<string, { base64: string; fileName: string; mimeType: string }> };
			const item: INodeExecutionData = { json: json as INodeExecutionData['json'], pairedItem: { item: 0 } };
			if ($binary) {
				item.binary = {};
				for (const [field, file] of Object.entries($binary)) {
					item.binary[field] = await this.helpers.prepareBinaryData(Buffer.from(file.base64, 'base64'), file.fileName, file.mimeType);
				}
			}
			out.push(item);
		}
		return [out];
	}
}
