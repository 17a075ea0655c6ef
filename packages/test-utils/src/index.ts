// The simulator's own harness (process starter, admin clients and their shapes) lives beside
// the simulator; re-exported so tests keep one import for every fixture.
export * from '@cancelq/provider-sim/control';
export * from './simulator-env-for.ts';
export * from './wait-for.ts';
export * from './redis.ts';
export * from './redis-server.ts';
export * from './node-process.ts';
export * from './provider-contract.ts';
export * from './secrets-scan.ts';
export * from './redis-cluster.ts';
export * from './redis-writes.ts';
export * from './api-process.ts';
