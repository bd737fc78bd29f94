// Fails when `npm pack` would ship anything but the compiled package, README, LICENSE and package.json.
const { execFileSync } = require('node:child_process');

const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
const files = report.files.map((f) => f.path);
const allowed = (path) => path.startsWith('dist/') || ['README.md', 'LICENSE', 'package.json'].includes(path);
const stray = files.filter((path) => !allowed(path));
const shipsTests = files.filter((path) => /(^|\/)(test|sandbox|scripts)\//.test(path) || path.endsWith('.test.js'));

if (stray.length > 0 || shipsTests.length > 0) {
	console.error('npm pack would ship files it must not:', [...stray, ...shipsTests].join(', '));
	process.exit(1);
}
for (const required of ['package.json', 'README.md', 'LICENSE']) {
	if (!files.includes(required)) {
		console.error(`npm pack would not ship ${required}`);
		process.exit(1);
	}
}
console.log(`npm pack ships ${files.length} files, all under dist/ or README/LICENSE/package.json (${(report.size / 1024).toFixed(1)} kB packed)`);
