/**
 * n8n queue mode end to end (`npm run test:queue`): Redis, Postgres, an n8n main and two workers.
 * Shares the e2e suite's global setup (cached n8n hosts, the packed package installed once); one
 * host, the newest of scripts/e2e/hosts.json unless E2E_HOSTS names another.
 */
const path = require('path');

process.env.E2E_HOSTS = process.env.E2E_HOSTS || 'n8n-2.41.1-node24';

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { diagnostics: false }],
	},
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	maxWorkers: 1,
	testTimeout: 20 * 60 * 1000,
	// No forceExit: afterAll stops the workers, the main, the sandbox, the receiver, Redis and
	// Postgres, so jest exits by itself; a handle a change leaves open shows as Jest's "did not exit
	// one second after the test run" warning.
	reporters: ['default', '<rootDir>/test/summaryReporter.js'],
};
