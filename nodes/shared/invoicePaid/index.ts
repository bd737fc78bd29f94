/** n8n-side plumbing of both Invoice Paid triggers (the logic itself is in core/triggers). */
export * from './parameters';
export * from './ledgers';
export * from './http';
export * from './lookupFailure';
export * from './signingKey';
export * from './settings';
