/**
 * A minimal node:http adapter around the EasyBill handler, so its tests run over real HTTP without
 * the shared sandbox wrapper (logging, faults and latency are not under test here).
 */
import * as http from 'node:http';
import axios, { type AxiosInstance } from 'axios';
import type { AddressInfo } from 'node:net';
import type { SandboxRequest } from '../../sandbox/common/types';
import { createEasyBillService, type EasyBillService } from '../../sandbox/easybill';

export class ManualClock {
	constructor(private current: number) {}
	now(): number {
		return this.current;
	}
	advance(ms: number): void {
		this.current += ms;
	}
}

export interface EasyBillTestServer {
	baseUrl: string;
	clock: ManualClock;
	service: EasyBillService;
	stop(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export async function startEasyBillTestServer(
	opts: { perMinute?: number; startAt?: number } = {},
): Promise<EasyBillTestServer> {
	const clock = new ManualClock(opts.startAt ?? Date.UTC(2026, 2, 10, 9, 0, 0));
	let baseUrl = '';
	const service = createEasyBillService({
		clock,
		perMinute: opts.perMinute ?? 60,
		publicBaseUrl: () => baseUrl,
	});
	const server = http.createServer(async (req, res) => {
		try {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const headers: Record<string, string | undefined> = {};
			for (const [name, value] of Object.entries(req.headers)) {
				headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
			}
			const rawBody = await readBody(req);
			const request: SandboxRequest & { url: string } = {
				method: req.method ?? 'GET',
				path: url.pathname,
				query: url.searchParams,
				headers,
				rawBody,
				body: undefined,
				url: req.url ?? '/',
			};
			const response = await service.handler(request);
			const isText = typeof response.body === 'string' || Buffer.isBuffer(response.body);
			const payload =
				response.body === undefined
					? ''
					: isText
						? (response.body as string | Buffer)
						: JSON.stringify(response.body);
			res.writeHead(response.status, {
				...(response.body !== undefined && !isText ? { 'content-type': 'application/json' } : {}),
				...response.headers,
			});
			res.end(payload);
		} catch (error) {
			res.writeHead(500, { 'content-type': 'text/plain' });
			res.end(String(error));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	baseUrl = `http://127.0.0.1:${port}/rest/v1`;
	return {
		baseUrl,
		clock,
		service,
		stop: () =>
			new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			}),
	};
}

/** An axios client that never throws on status, so tests assert on the answer itself. */
export function easybillClient(
	server: EasyBillTestServer,
	apiKey = server.service.inspect.apiKey,
): AxiosInstance {
	return axios.create({
		baseURL: server.baseUrl,
		headers: { authorization: `Bearer ${apiKey}` },
		validateStatus: () => true,
	});
}
