/** What n8n shows for a ledger error says "run again later" once, not in both message and hint. */
import type { INode } from 'n8n-workflow';

import { LedgerError } from '../../core/errors';
import { toNodeError } from '../../nodes/shared/toNodeError';

const ctx = { getNode: () => ({ name: 'Accounting Sync' }) as INode };
const shown = (error: LedgerError) => {
	const nodeError = toNodeError(ctx, error, 0);
	return `${nodeError.message} ${nodeError.description ?? ''}`;
};

describe('error wording', () => {
	it('a rate-limit stop tells the user to run again later once', () => {
		const text = shown(
			new LedgerError(
				'Rate limit reached (the ledger asks to wait 90 min): stopped instead of waiting inside the workflow. Run it again later.',
				{ kind: 'rate_limited', httpStatus: 429 },
			),
		);
		expect(text.match(/again later/gi)).toHaveLength(1);
		expect(text).toMatch(/Re-running is safe/);
	});

	it('a rate-limit error without that advice still gets it from the hint', () => {
		const text = shown(new LedgerError('Too many requests', { kind: 'rate_limited', httpStatus: 429 }));
		expect(text.match(/again later/gi)).toHaveLength(1);
	});
});
