/** The provider-neutral core: canonical model, Ledger interface, and the shared request pipeline. */
export * from './model';
export * from './ledger';
export * from './errors';
export * from './transport';
export * from './money';
export * from './dates';
export * from './governor';
export * from './retry';
export * from './client';
