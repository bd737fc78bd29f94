/** Where the vendor contracts live: `../shared/specs` beside the repo, or `$SHARED_DIR/specs`. */
import fs from 'node:fs';
import path from 'node:path';

export function specsDir(): string {
	if (process.env.SHARED_DIR) return path.join(process.env.SHARED_DIR, 'specs');
	return path.resolve(__dirname, '../../..', 'shared/specs');
}

export function readSpec(file: string): string {
	const full = path.join(specsDir(), file);
	if (!fs.existsSync(full)) {
		throw new Error(
			`Vendor spec ${full} not found: put shared/ beside the repo or set SHARED_DIR.`,
		);
	}
	return fs.readFileSync(full, 'utf8');
}
