/**
 * What n8n would log while the soak (or any suite) runs: n8n-core's logger (the one nodes get as
 * `this.logger`) and LoggerProxy write to a buffer instead of the console, so a month of
 * "waiting 60 s (rate limited)" stays quiet and the secrets scan can read every line.
 */
import { Logger as BackendLogger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy, type Logger } from 'n8n-workflow';

export const capturedLogLines: string[] = [];
const MAX_LINES = 50_000;

function line(level: string) {
	return (message: string, meta?: object) => {
		if (capturedLogLines.length >= MAX_LINES) capturedLogLines.shift();
		capturedLogLines.push(`${level} ${message}${meta ? ` ${JSON.stringify(meta)}` : ''}`);
	};
}

export function captureN8nLogs(): void {
	const logger = {
		error: line('error'),
		warn: line('warn'),
		info: line('info'),
		debug: line('debug'),
		scoped: () => logger,
	} as unknown as Logger;
	LoggerProxy.init(logger);
	Container.set(BackendLogger, logger as unknown as BackendLogger);
}
