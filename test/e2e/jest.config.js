/**
 * End-to-end tests in real n8n (`npm run test:e2e`). Separate from the main suite because they
 * install n8n hosts (cached outside the repository), pack the package and start n8n processes.
 */
const path = require('path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { diagnostics: false }],
	},
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	// Each test file starts n8n processes; one file at a time keeps a 2-core machine responsive.
	maxWorkers: 1,
	testTimeout: 10 * 60 * 1000,
	// No forceExit: every file stops its n8n processes, sandbox and receiver in afterAll, so jest exits
	// by itself. A handle a change leaves open shows as Jest's "did not exit one second after the test
	// run" warning; `--detectOpenHandles` on that one file names it.
	reporters: ['default', '<rootDir>/test/summaryReporter.js'],
};
