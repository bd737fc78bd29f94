/**
 * `npm run sandbox`: both emulators on loopback until Ctrl-C, with everything needed to point the
 * credentials at them. Ports: SANDBOX_XERO_PORT / SANDBOX_EASYBILL_PORT (default 4010 / 4011).
 */
import { startSandbox } from './index';

async function main(): Promise<void> {
	const port = (name: string, fallback: number) => {
		const value = Number(process.env[name] ?? fallback);
		if (!Number.isInteger(value) || value < 0 || value > 65535)
			throw new Error(`${name} must be a port number`);
		return value;
	};
	const sandbox = await startSandbox({
		xeroPort: port('SANDBOX_XERO_PORT', 4010),
		easybillPort: port('SANDBOX_EASYBILL_PORT', 4011),
		timeScale: process.env.SANDBOX_TIME_SCALE ? Number(process.env.SANDBOX_TIME_SCALE) : undefined,
		latencyMs: process.env.SANDBOX_LATENCY_MS ? Number(process.env.SANDBOX_LATENCY_MS) : undefined,
	});
	const tokens = sandbox.xero.issueTokens();
	const lines = [
		'Accounting sync sandbox is running (Ctrl-C to stop).',
		'',
		'Xero',
		`  base URL          ${sandbox.urls.xero}`,
		`  authorize URL     ${sandbox.urls.xero}/identity/connect/authorize`,
		`  token URL         ${sandbox.urls.xero}/connect/token`,
		`  client id         ${sandbox.xero.clientId}`,
		`  client secret     ${sandbox.xero.clientSecret}`,
		`  access token      ${tokens.accessToken}`,
		`  refresh token     ${tokens.refreshToken}`,
		`  expires in        ${tokens.expiresIn} s`,
		`  webhook key       ${sandbox.xero.webhookKey}`,
		...sandbox.xero.tenants.map((t) => `  tenant            ${t.tenantId}  ${t.tenantName}`),
		'',
		'EasyBill',
		`  base URL          ${sandbox.urls.easybill}`,
		`  API key           ${sandbox.easybill.apiKey}`,
		'',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	const stop = () => {
		void sandbox.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`sandbox failed to start: ${(error as Error).message}\n`);
	process.exit(1);
});
