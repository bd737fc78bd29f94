/**
 * A slow-loris sender: a POST whose headers promise a body that then trickles in a few bytes at a
 * time and never completes, holding its connection open. n8n reads a webhook body before the node
 * sees it, so such a request must not reach the node at all, nor hold up other deliveries.
 */
import { connect, type Socket } from 'node:net';

export interface SlowLoris {
	bytesSent(): number;
	/** Drops the connection, as the sender gives up or the server times it out. */
	abort(): void;
}

export async function slowLoris(
	url: string,
	body: string,
	headers: Record<string, string>,
	{ bytesPerTick = 8, tickMs = 20 }: { bytesPerTick?: number; tickMs?: number } = {},
): Promise<SlowLoris> {
	const target = new URL(url);
	const socket: Socket = connect(Number(target.port), target.hostname);
	await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
	socket.on('error', () => undefined);
	const raw = Buffer.from(body);
	// Announce a body twice as long as what will ever be sent, so the request never completes.
	const head = [
		`POST ${target.pathname}${target.search} HTTP/1.1`,
		`Host: ${target.host}`,
		...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
		`Content-Length: ${raw.length * 2}`,
		'',
		'',
	].join('\r\n');
	socket.write(head);
	let sent = 0;
	const timer = setInterval(() => {
		if (sent >= raw.length || socket.destroyed) return;
		socket.write(raw.subarray(sent, sent + bytesPerTick));
		sent += bytesPerTick;
	}, tickMs);
	return {
		bytesSent: () => Math.min(sent, raw.length),
		abort: () => {
			clearInterval(timer);
			socket.destroy();
		},
	};
}

/** Waits until `done()` holds (checked every 20 ms), failing after `timeoutMs`. */
export async function waitFor(done: () => boolean, timeoutMs = 10_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!done()) {
		if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
