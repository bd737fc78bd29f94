/**
 * Polls a condition on state outside the test (a sandbox, a running n8n). Newer n8n activates
 * published workflows in the background after its editor is up, so "started" does not yet mean
 * "webhooks registered" or "first poll done".
 */
export async function waitUntil(
	condition: () => boolean,
	what: string,
	timeoutMs = 90_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
