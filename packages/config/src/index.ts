export * from './durations.ts';
export * from './env.ts';
export * from './logger.ts';
export * from './config-reference.ts';
export * from './lifecycle.ts';
export * from './accounts.ts';
