/**
 * Xero's `where` filter: a small C#-like expression language (Dynamic LINQ on the server).
 * We parse it for real, so a value whose quotes or backslashes are not escaped breaks the
 * filter here as it would at Xero, instead of silently matching.
 *
 * Supported: `==`, `!=`, `<`, `<=`, `>`, `>=`, `AND`/`&&`, `OR`/`||`, `NOT`/`!`, parentheses,
 * dotted paths (`Contact.ContactID`), string literals with `\"` and `\\` escapes, numbers,
 * true/false/null, `guid("…")`, `DateTime(y, m, d[, h, m, s])`, and the string methods
 * `Contains`, `StartsWith`, `EndsWith`, `ToLower`, `ToUpper`, `Trim`.
 * String equality is case-insensitive, as Xero's SQL-backed filters are.
 */

export class WhereSyntaxError extends Error {}

type Token =
	| { kind: 'ident'; value: string; pos: number }
	| { kind: 'string'; value: string; pos: number }
	| { kind: 'number'; value: number; pos: number }
	| { kind: 'punct'; value: string; pos: number };

export type WhereNode =
	| { type: 'literal'; value: unknown }
	| { type: 'path'; segments: string[] }
	| { type: 'call'; target: WhereNode; method: string; args: WhereNode[] }
	| { type: 'not'; operand: WhereNode }
	| { type: 'logical'; op: 'AND' | 'OR'; left: WhereNode; right: WhereNode }
	| { type: 'compare'; op: string; left: WhereNode; right: WhereNode };

const OPERATORS = ['==', '!=', '>=', '<=', '&&', '||', '>', '<', '(', ')', '.', ',', '!'];
const METHODS = ['contains', 'startswith', 'endswith', 'tolower', 'toupper', 'trim'];

export function tokenize(input: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < input.length) {
		const ch = input[i];
		if (/\s/.test(ch)) {
			i += 1;
			continue;
		}
		if (ch === '"') {
			const start = i;
			let value = '';
			i += 1;
			for (;;) {
				if (i >= input.length)
					throw new WhereSyntaxError(`Unterminated string literal at position ${start}`);
				const c = input[i];
				if (c === '\\') {
					if (i + 1 >= input.length)
						throw new WhereSyntaxError(`Unterminated string literal at position ${start}`);
					value += input[i + 1];
					i += 2;
					continue;
				}
				if (c === '"') {
					i += 1;
					break;
				}
				value += c;
				i += 1;
			}
			tokens.push({ kind: 'string', value, pos: start });
			continue;
		}
		const number = /^-?\d+(\.\d+)?/.exec(input.slice(i));
		if (
			number &&
			(ch !== '-' || tokens.length === 0 || tokens[tokens.length - 1].kind === 'punct')
		) {
			tokens.push({ kind: 'number', value: Number(number[0]), pos: i });
			i += number[0].length;
			continue;
		}
		const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(input.slice(i));
		if (ident) {
			tokens.push({ kind: 'ident', value: ident[0], pos: i });
			i += ident[0].length;
			continue;
		}
		const op = OPERATORS.find((candidate) => input.startsWith(candidate, i));
		if (!op) throw new WhereSyntaxError(`Syntax error at position ${i}: unexpected '${ch}'`);
		tokens.push({ kind: 'punct', value: op, pos: i });
		i += op.length;
	}
	return tokens;
}

export function parseWhere(input: string): WhereNode {
	const tokens = tokenize(input);
	let at = 0;
	const peek = () => tokens[at];
	const isPunct = (value: string) => peek()?.kind === 'punct' && peek()?.value === value;
	const isWord = (value: string) =>
		peek()?.kind === 'ident' && String(peek()?.value).toUpperCase() === value;
	const fail = (what: string): never => {
		const token = peek();
		throw new WhereSyntaxError(
			token
				? `Syntax error at position ${token.pos}: ${what}`
				: `Syntax error: ${what} at end of expression`,
		);
	};
	const expect = (value: string) => {
		if (!isPunct(value)) fail(`'${value}' expected`);
		at += 1;
	};

	const parseOr = (): WhereNode => {
		let left = parseAnd();
		while (isWord('OR') || isPunct('||')) {
			at += 1;
			left = { type: 'logical', op: 'OR', left, right: parseAnd() };
		}
		return left;
	};
	const parseAnd = (): WhereNode => {
		let left = parseUnary();
		while (isWord('AND') || isPunct('&&')) {
			at += 1;
			left = { type: 'logical', op: 'AND', left, right: parseUnary() };
		}
		return left;
	};
	const parseUnary = (): WhereNode => {
		if (isPunct('!') || isWord('NOT')) {
			at += 1;
			return { type: 'not', operand: parseUnary() };
		}
		return parseComparison();
	};
	const parseComparison = (): WhereNode => {
		const left = parseOperand();
		const token = peek();
		if (token?.kind === 'punct' && ['==', '!=', '>', '<', '>=', '<='].includes(token.value)) {
			at += 1;
			return { type: 'compare', op: token.value, left, right: parseOperand() };
		}
		return left;
	};
	const parseOperand = (): WhereNode => {
		const token = peek();
		if (!token) return fail('operand expected');
		if (token.kind === 'punct' && token.value === '(') {
			at += 1;
			const inner = parseOr();
			expect(')');
			return inner;
		}
		if (token.kind === 'string' || token.kind === 'number') {
			at += 1;
			return withMethods({ type: 'literal', value: token.value });
		}
		if (token.kind !== 'ident') return fail(`unexpected '${token.value}'`);
		const word = token.value.toLowerCase();
		if (word === 'true' || word === 'false') {
			at += 1;
			return { type: 'literal', value: word === 'true' };
		}
		if (word === 'null') {
			at += 1;
			return { type: 'literal', value: null };
		}
		if (word === 'guid' && tokens[at + 1]?.value === '(') {
			at += 2;
			const value = peek();
			if (value?.kind !== 'string') return fail('guid("…") needs a string');
			at += 1;
			expect(')');
			if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.value)) {
				throw new WhereSyntaxError(`Guid should contain 32 digits with 4 dashes: '${value.value}'`);
			}
			return { type: 'literal', value: { guid: value.value.toLowerCase() } };
		}
		if (word === 'datetime' && tokens[at + 1]?.value === '(') {
			at += 2;
			const parts: number[] = [];
			while (!isPunct(')')) {
				const part = peek();
				if (part?.kind !== 'number') return fail('DateTime(…) takes numbers');
				parts.push(part.value);
				at += 1;
				if (isPunct(',')) at += 1;
			}
			expect(')');
			if (parts.length < 3) fail('DateTime needs year, month and day');
			const [y, m, d, h = 0, mi = 0, s = 0] = parts;
			return { type: 'literal', value: Date.UTC(y, m - 1, d, h, mi, s) };
		}
		const segments = [token.value];
		at += 1;
		while (isPunct('.') && tokens[at + 1]?.kind === 'ident' && tokens[at + 2]?.value !== '(') {
			segments.push(String(tokens[at + 1].value));
			at += 2;
		}
		return withMethods({ type: 'path', segments });
	};
	const withMethods = (target: WhereNode): WhereNode => {
		let node = target;
		while (isPunct('.') && tokens[at + 1]?.kind === 'ident' && tokens[at + 2]?.value === '(') {
			const method = String(tokens[at + 1].value);
			if (!METHODS.includes(method.toLowerCase())) fail(`unknown method '${method}'`);
			at += 3;
			const args: WhereNode[] = [];
			while (!isPunct(')')) {
				args.push(parseOperand());
				if (isPunct(',')) at += 1;
				else break;
			}
			expect(')');
			node = { type: 'call', target: node, method: method.toLowerCase(), args };
		}
		return node;
	};

	if (tokens.length === 0) fail('empty expression');
	const tree = parseOr();
	if (at < tokens.length) fail(`unexpected '${String(peek()?.value)}'`);
	return tree;
}

/** Top-level field names used in the expression, to reject unknown ones like Xero does. */
export function fieldsOf(node: WhereNode): string[] {
	switch (node.type) {
		case 'path':
			return [node.segments[0]];
		case 'call':
			return [...fieldsOf(node.target), ...node.args.flatMap(fieldsOf)];
		case 'not':
			return fieldsOf(node.operand);
		case 'logical':
		case 'compare':
			return [...fieldsOf(node.left), ...fieldsOf(node.right)];
		default:
			return [];
	}
}

function lookup(record: unknown, segments: string[]): unknown {
	let value: unknown = record;
	for (const segment of segments) {
		if (value === null || typeof value !== 'object') return undefined;
		const lower = segment.toLowerCase();
		const key = Object.keys(value).find((candidate) => candidate.toLowerCase() === lower);
		value = key === undefined ? undefined : (value as Record<string, unknown>)[key];
	}
	return value;
}

function evaluate(node: WhereNode, record: unknown): unknown {
	switch (node.type) {
		case 'literal':
			return node.value;
		case 'path':
			return lookup(record, node.segments);
		case 'not':
			return !truthy(evaluate(node.operand, record));
		case 'logical':
			return node.op === 'AND'
				? truthy(evaluate(node.left, record)) && truthy(evaluate(node.right, record))
				: truthy(evaluate(node.left, record)) || truthy(evaluate(node.right, record));
		case 'call': {
			const target = evaluate(node.target, record);
			const args = node.args.map((arg) => text(evaluate(arg, record)).toLowerCase());
			if (target === undefined || target === null)
				return node.method.startsWith('to') ? target : false;
			const value = text(target);
			switch (node.method) {
				case 'contains':
					return value.toLowerCase().includes(args[0] ?? '');
				case 'startswith':
					return value.toLowerCase().startsWith(args[0] ?? '');
				case 'endswith':
					return value.toLowerCase().endsWith(args[0] ?? '');
				case 'tolower':
					return value.toLowerCase();
				case 'toupper':
					return value.toUpperCase();
				default:
					return value.trim();
			}
		}
		case 'compare':
			return compare(node.op, evaluate(node.left, record), evaluate(node.right, record));
	}
}

const truthy = (value: unknown) => value === true;
const text = (value: unknown): string =>
	value !== null && typeof value === 'object' && 'guid' in value
		? String(value.guid)
		: String(value);

function normalise(value: unknown): unknown {
	if (value === undefined) return null;
	if (value !== null && typeof value === 'object' && 'guid' in value) return String(value.guid);
	if (typeof value === 'string') return value.toLowerCase();
	return value;
}

function compare(op: string, rawLeft: unknown, rawRight: unknown): boolean {
	const left = normalise(rawLeft);
	const right = normalise(rawRight);
	if (op === '==') return left === right;
	if (op === '!=') return left !== right;
	if (left === null || right === null) return false;
	const l = typeof left === 'number' ? left : String(left);
	const r = typeof right === 'number' ? right : String(right);
	if (typeof l !== typeof r) return false;
	if (op === '>') return l > r;
	if (op === '<') return l < r;
	if (op === '>=') return l >= r;
	return l <= r;
}

/** Compiles a filter once; the predicate runs against records whose dates are epoch ms. */
export function compileWhere(input: string): (record: unknown) => boolean {
	const tree = parseWhere(input);
	return (record) => truthy(evaluate(tree, record));
}
