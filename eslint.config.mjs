import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

// Shipped code only: credentials/, nodes/ and core/ end up in dist/. Tests, the sandbox and scripts are dev tools.
export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'sandbox/**', 'test/**', 'scripts/**', 'bench/**', 'examples/**'] },
	{
		files: ['credentials/**/*.ts', 'nodes/**/*.ts', 'core/**/*.ts'],
		extends: [tseslint.configs.recommended],
		languageOptions: { parserOptions: { projectService: false } },
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/consistent-type-imports': 'error',
		},
	},
	{
		files: ['credentials/**/*.ts', 'nodes/**/*.ts', 'core/**/*.ts'],
		...n8nCommunityNodesPlugin.configs.recommended,
	},
	{
		// The core knows nothing of n8n: it throws its own LedgerError, which nodes/ turns into
		// NodeApiError/NodeOperationError with the item index.
		files: ['core/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
);
