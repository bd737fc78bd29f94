/**
 * The core's Clock inside n8n. Waiting goes through n8n-workflow's `sleep`, so shipped node code
 * never schedules timers itself; tests swap the whole clock through the test seam.
 */
import { sleep } from 'n8n-workflow';

import type { Clock } from '../../core/transport';
import { testSeams } from './testSeams';

export function n8nClock(): Clock {
	if (testSeams.clock) return testSeams.clock;
	return {
		now: () => Date.now(),
		sleep: async (ms) => {
			if (ms > 0) await sleep(ms);
		},
	};
}
