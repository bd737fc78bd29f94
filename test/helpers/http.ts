/**
 * Test-side implementations of the core's injected `send` and `Clock`, over real HTTP to the
 * sandbox. Nodes use n8n's own request helper instead; this is what tests, the demo and benches use.
 */
import axios from 'axios';
import { NoResponseError, type Clock, type HttpRequest, type HttpResponse, type Send } from '../../core/transport';

export interface HttpSendOptions {
	/** Auth headers, evaluated per request (tokens may change). */
	headers?: () => Record<string, string>;
	timeoutMs?: number;
}

export function httpSend(options: HttpSendOptions = {}): Send {
	return async (request: HttpRequest): Promise<HttpResponse> => {
		try {
			const response = await axios.request({
				method: request.method,
				url: request.url,
				params: request.query,
				data: request.body,
				headers: { Accept: 'application/json', ...options.headers?.(), ...request.headers },
				timeout: options.timeoutMs ?? 30_000,
				validateStatus: () => true,
				...(request.responseType === 'binary' ? { responseType: 'arraybuffer' as const } : {}),
			});
			const headers: Record<string, string | undefined> = {};
			for (const [name, value] of Object.entries(response.headers)) {
				headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value == null ? undefined : String(value);
			}
			let body: unknown = response.data === '' ? undefined : response.data;
			if (request.responseType === 'binary' && body !== undefined) {
				const bytes = Buffer.from(body as ArrayBuffer);
				// An error answer to a binary request is still JSON: parse it so errors read the same.
				body = /json/.test(headers['content-type'] ?? '') ? JSON.parse(bytes.toString('utf8')) : bytes;
			}
			return { status: response.status, headers, body };
		} catch (error) {
			if (axios.isAxiosError(error) && !error.response) throw new NoResponseError(error.message);
			throw error;
		}
	};
}

/**
 * A clock that reads the sandbox's emulated time and sleeps in real time scaled down by the
 * sandbox's time scale, so a 60 s Retry-After takes one real second at timeScale 60.
 */
export function scaledClock(emulated: { now(): number }, timeScale = 1): Clock {
	return {
		now: () => emulated.now(),
		sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms / timeScale))),
	};
}

/** A clock that never really waits: sleeping advances virtual time. For governor and retry tests. */
export function virtualClock(start = Date.UTC(2026, 10, 23, 12)): Clock & { sleeps: number[]; advance(ms: number): void } {
	let now = start;
	const sleeps: number[] = [];
	return {
		now: () => now,
		sleeps,
		advance: (ms) => {
			now += ms;
		},
		sleep: async (ms) => {
			sleeps.push(ms);
			now += ms;
		},
	};
}
