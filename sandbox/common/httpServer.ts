import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { parseBody } from './body';
import { faultResponse, type FaultInjector } from './faults';
import type { RequestLog } from './requestLog';
import type {
	Handler,
	RequestLogEntry,
	SandboxClock,
	SandboxRequest,
	SandboxResponse,
	ServiceName,
} from './types';

export interface ServiceServerOptions {
	/** Which service a path belongs to (Xero serves identity and accounting on one port). */
	serviceOf: (path: string) => ServiceName;
	handler: Handler;
	clock: SandboxClock;
	log: RequestLog;
	faults: FaultInjector;
	/** Real milliseconds added to every request. */
	latencyMs?: number;
	port?: number;
}

export interface ServiceServer {
	/** e.g. http://127.0.0.1:41234 */
	origin: string;
	close(): Promise<void>;
}

const REPLACING_FAULTS = new Set(['429', '500', '502', '503', 'expired-token']);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One loopback HTTP server around an emulator's handler. It owns what every emulator shares:
 * body parsing, the request log, scripted faults and artificial latency, so handlers only
 * implement the vendor's behaviour.
 */
export async function startServiceServer(options: ServiceServerOptions): Promise<ServiceServer> {
	const server = http.createServer((incoming, outgoing) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => {
			serve(options, incoming, outgoing, Buffer.concat(chunks)).catch(() => {
				// A bug in the wrapper must not take the test process down: drop just this request.
				outgoing.destroy();
			});
		});
	});
	server.keepAliveTimeout = 5000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

async function serve(
	options: ServiceServerOptions,
	incoming: http.IncomingMessage,
	outgoing: http.ServerResponse,
	rawBody: Buffer,
): Promise<void> {
	const started = Date.now();
	const url = new URL(incoming.url ?? '/', 'http://sandbox.local');
	const method = (incoming.method ?? 'GET').toUpperCase();
	const path = url.pathname;
	const service = options.serviceOf(path);
	const entry: RequestLogEntry = {
		service,
		method,
		path,
		query: url.search.replace(/^\?/, ''),
		status: 0,
		at: options.clock.now(),
	};
	options.log.add(entry);

	const fault = options.faults.take(service, method, path);
	if (fault) entry.fault = fault.kind;
	const delay = (options.latencyMs ?? 0) + (fault?.kind === 'slow' ? (fault.delayMs ?? 5000) : 0);
	let waited: Promise<void> | undefined;
	const wait = () => (waited ??= delay > 0 ? sleep(delay) : Promise.resolve());

	const headers: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(incoming.headers)) {
		headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	const parsed = parseBody(rawBody, headers['content-type']);
	const request: SandboxRequest = {
		method,
		path,
		url: incoming.url ?? path,
		query: url.searchParams,
		headers,
		rawBody,
		body: parsed.body,
		...(parsed.error ? { bodyError: parsed.error } : {}),
		wait,
	};

	let response: SandboxResponse;
	if (fault && REPLACING_FAULTS.has(fault.kind)) {
		await wait();
		response = faultResponse(service, fault, options.clock.now());
	} else {
		try {
			response = await options.handler(request);
		} catch (error) {
			response = {
				status: 500,
				body: { Message: `Sandbox handler failed: ${(error as Error).message}` },
			};
		}
		await wait();
	}

	if (response.logInfo?.tenantId) entry.tenantId = response.logInfo.tenantId;
	if (response.logInfo?.elementCount !== undefined)
		entry.elementCount = response.logInfo.elementCount;
	else if (service === 'easybill' && method !== 'GET' && method !== 'DELETE')
		entry.elementCount = 1;
	const specErrors = response.logInfo?.specErrors ?? response.specErrors;
	if (specErrors && specErrors.length > 0) entry.specErrors = specErrors;
	entry.durationMs = Date.now() - started;

	if (fault?.kind === 'drop-after-commit') {
		// The write happened; the client only learns that the connection died.
		entry.status = 0;
		incoming.socket.destroy();
		return;
	}
	entry.status = response.status;
	send(outgoing, response);
}

function send(outgoing: http.ServerResponse, response: SandboxResponse): void {
	const headers: Record<string, string> = { ...(response.headers ?? {}) };
	const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
	let payload: Buffer | string = '';
	if (Buffer.isBuffer(response.body)) payload = response.body;
	else if (typeof response.body === 'string') {
		payload = response.body;
		if (!hasType) headers['content-type'] = 'text/plain; charset=utf-8';
	} else if (response.body !== undefined) {
		payload = JSON.stringify(response.body);
		if (!hasType) headers['content-type'] = 'application/json; charset=utf-8';
	}
	headers['content-length'] = String(Buffer.byteLength(payload));
	outgoing.writeHead(response.status, headers);
	outgoing.end(payload);
}
