import {
	commaListChunks,
	orWhereChunks,
	quoteWhereValue,
	whereEquals,
} from '../../core/xero/where';

/** Reads a where string literal back the way Xero's parser does, to prove the escaping round-trips. */
function unquote(literal: string): string {
	expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
	let out = '';
	for (let i = 1; i < literal.length - 1; i++) {
		if (literal[i] === '\\') {
			out += literal[i + 1];
			i++;
		} else {
			expect(literal[i]).not.toBe('"'); // an unescaped quote would end the literal early
			out += literal[i];
		}
	}
	return out;
}

describe('Xero where-clause escaping', () => {
	it('escapes double quotes and leaves apostrophes: O\'Brien "Ltd"', () => {
		expect(whereEquals('Name', 'O\'Brien "Ltd"')).toBe('Name=="O\'Brien \\"Ltd\\""');
	});

	it('escapes backslashes before quotes, so a trailing backslash cannot swallow the closing quote', () => {
		expect(quoteWhereValue('C:\\')).toBe('"C:\\\\"');
		expect(quoteWhereValue('a\\"b')).toBe('"a\\\\\\"b"');
	});

	it.each(['O\'Brien "Ltd"', 'back\\slash', '\\"', '" OR Name!="', 'plain'])(
		'round-trips %p',
		(value) => {
			expect(unquote(quoteWhereValue(value))).toBe(value);
		},
	);

	it('an injection attempt stays inside one literal', () => {
		const clause = whereEquals('Name', 'x" OR Name!="y');
		// exactly two unescaped quotes: the literal's own
		expect(clause.replace(/\\./g, '').match(/"/g)).toHaveLength(2);
	});
});

describe('Xero lookup chunking', () => {
	it('ORs clauses into as few filters as fit the URL budget, never splitting a clause', () => {
		const clauses = Array.from({ length: 120 }, (_, i) =>
			whereEquals('Reference', `INV-${String(i).padStart(5, '0')}`),
		);
		const chunks = orWhereChunks(clauses, 1500);
		expect(chunks.length).toBeGreaterThan(1);
		for (const chunk of chunks) expect(encodeURIComponent(chunk).length).toBeLessThanOrEqual(1500);
		expect(chunks.join(' OR ').split(' OR ')).toEqual(clauses);
	});

	it('drops duplicate clauses', () => {
		expect(orWhereChunks(['A=="1"', 'A=="1"', 'A=="2"'])).toEqual(['A=="1" OR A=="2"']);
	});

	it('splits id lists at 50 per call', () => {
		const ids = Array.from({ length: 120 }, (_, i) => `id${i}`);
		const chunks = commaListChunks(ids);
		expect(chunks.map((c) => c.split(',').length)).toEqual([50, 50, 20]);
	});
});
