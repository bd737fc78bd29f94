const path = require('path');
const { task, src, dest } = require('gulp');

/** Copies node and credential icons next to the compiled code, where n8n looks for them. */
function copyIcons() {
	const nodeIcons = src(path.resolve('nodes', '**', '*.{png,svg}'), { encoding: false }).pipe(
		dest(path.resolve('dist', 'nodes')),
	);
	src(path.resolve('credentials', '**', '*.{png,svg}'), { encoding: false }).pipe(
		dest(path.resolve('dist', 'credentials')),
	);
	return nodeIcons;
}

task('build:icons', copyIcons);
