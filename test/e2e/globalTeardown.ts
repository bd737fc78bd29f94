/**
 * Deletes what global setup installed for the run (about 150 MB: the packed package and its
 * community-package folder). The n8n logs of the run stay, for failures only they explain.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { readRunState } from './runState';

export default async function globalTeardown(): Promise<void> {
	const { runDir, nodesTemplate } = readRunState();
	rmSync(nodesTemplate, { recursive: true, force: true });
	rmSync(join(runDir, 'pack'), { recursive: true, force: true });
}
