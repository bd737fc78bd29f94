import type { RequestLogEntry } from './types';

export interface LogFilter {
	service?: string;
	method?: string;
	path?: string | RegExp;
}

export interface RequestLog {
	add(entry: RequestLogEntry): void;
	entries(filter?: LogFilter): RequestLogEntry[];
	clear(): void;
}

export function matchesPath(pattern: string | RegExp | undefined, path: string): boolean {
	if (pattern === undefined) return true;
	return typeof pattern === 'string' ? pattern === path : pattern.test(path);
}

/** Every request any emulator saw, in arrival order; tests assert on it instead of on mocks. */
export function createRequestLog(): RequestLog {
	let list: RequestLogEntry[] = [];
	return {
		add: (entry) => void list.push(entry),
		entries: (filter = {}) =>
			list.filter(
				(e) =>
					(filter.service === undefined || e.service === filter.service) &&
					(filter.method === undefined || e.method === filter.method.toUpperCase()) &&
					matchesPath(filter.path, e.path),
			),
		clear: () => {
			list = [];
		},
	};
}
