/**
 * Under tsx, `import … from './X.node'` finds the codex file `X.node.json` before `X.node.ts`
 * (jest and tsc resolve the TypeScript file). The soak CLI loads node classes from source, so it
 * asks for the `.ts` first. Import this before anything that imports a node.
 */
import Module from 'node:module';

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const original = loader._resolveFilename;
loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
	if (request.startsWith('.') && request.endsWith('.node')) {
		try {
			return original.call(this, `${request}.ts`, ...rest);
		} catch {
			// not a TypeScript node file: resolve as asked
		}
	}
	return original.call(this, request, ...rest);
};
