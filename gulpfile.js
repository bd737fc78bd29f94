const path = require('path');
const { task, src, dest, parallel } = require('gulp');

/** Node and credential icons go next to the compiled code, where n8n looks for them. */
function nodeIcons() {
	return src(path.resolve('nodes', '**', '*.{png,svg}'), { encoding: false }).pipe(dest(path.resolve('dist', 'nodes')));
}

function credentialIcons() {
	return src(path.resolve('credentials', '**', '*.{png,svg}'), { encoding: false }).pipe(
		dest(path.resolve('dist', 'credentials')),
	);
}

/** Codex files (`X.node.json`: categories, search aliases such as "Xero") sit beside `X.node.js`. */
function nodeCodex() {
	return src(path.resolve('nodes', '**', '*.node.json')).pipe(dest(path.resolve('dist', 'nodes')));
}

/**
 * Output schemas (`__schema__/v1.0.0/<operation>.json`) beside the node: n8n's editor asks for
 * them at /schemas/<node>/<version>/<operation>.json so fields can be mapped before a first run.
 */
function nodeOutputSchemas() {
	return src(path.resolve('nodes', '**', '__schema__', '**', '*.json')).pipe(
		dest(path.resolve('dist', 'nodes')),
	);
}

task('build:icons', parallel(nodeIcons, credentialIcons, nodeCodex, nodeOutputSchemas));
