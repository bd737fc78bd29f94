/** Unit, sandbox and node-level tests. End-to-end tests in real n8n have their own config (test/e2e). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/queue/'],
	transform: {
		// Type checking is `npm run typecheck`; jest only transpiles, which keeps the suite fast.
		'^.+\\.ts$': ['ts-jest', { diagnostics: false }],
	},
	testTimeout: 30000,
	setupFiles: ['<rootDir>/test/jestSetup.js'],
	reporters: ['default', '<rootDir>/test/summaryReporter.js'],
};
