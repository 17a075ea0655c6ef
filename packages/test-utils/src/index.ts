export * from './simulator.ts';
export * from './sim-types.ts';
export * from './planet-sim-client.ts';
export * from './wait-for.ts';
export * from './redis.ts';
export * from './redis-server.ts';
export * from './node-process.ts';
