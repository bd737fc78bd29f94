import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import axios from 'axios';

const root = path.resolve(__dirname, '../..');

/** Starts `npm run sandbox`'s entry point on free ports and resolves with what it printed. */
function startCli(): Promise<{ child: ChildProcess; output: string }> {
	const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'sandbox/cli.ts'], {
		cwd: root,
		env: { ...process.env, SANDBOX_XERO_PORT: '0', SANDBOX_EASYBILL_PORT: '0' },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return new Promise((resolve, reject) => {
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
			if (/API key\s+\S+/.test(output)) resolve({ child, output });
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
		});
		child.on('exit', (code) => reject(new Error(`sandbox CLI exited with ${code}: ${output}`)));
	});
}

describe('npm run sandbox', () => {
	let child: ChildProcess | undefined;
	afterEach(() => {
		child?.kill('SIGTERM');
	});

	it('prints URLs, a working Xero token pair, tenant ids and the EasyBill key', async () => {
		const started = await startCli();
		child = started.child;
		const field = (label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(started.output)?.[1] ?? '';
		const xeroUrl = field('base URL');
		const tenants = [...started.output.matchAll(/tenant\s+([0-9a-f-]{36})/g)].map((m) => m[1]);
		expect(tenants).toHaveLength(2);
		expect(field('refresh token')).not.toBe('');
		expect(field('webhook key')).not.toBe('');

		const connections = await axios.get(`${xeroUrl}/connections`, {
			headers: { Authorization: `Bearer ${field('access token')}` },
		});
		expect(connections.data.map((c: { tenantId: string }) => c.tenantId)).toEqual(tenants);

		const easybillUrl = /EasyBill\s+base URL\s+(\S+)/.exec(started.output)?.[1];
		const customers = await axios.get(`${easybillUrl}/customers`, {
			params: { limit: 1 },
			headers: { Authorization: `Bearer ${field('API key')}` },
		});
		expect(customers.status).toBe(200);
	});
});
