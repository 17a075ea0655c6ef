/**
 * `@cancelq/provider-sim/control`: what a test drives the simulator with: `startSimulator` (the
 * simulator as its own process) and one typed client per provider's admin surface
 * (`/_sim/<provider>`). Tests elsewhere reach it through `@cancelq/test-utils`, which re-exports
 * it.
 *
 * Nothing here imports the simulator's server code, and the server imports nothing from here:
 * the clients meet the simulator over HTTP only, as the worker does, so they describe the wire
 * rather than the routes' internals, and `src/main.ts`'s bundle holds no test code.
 */
export * from './start-simulator.ts';
export * from './sim-types.ts';
export * from './planet-sim-client.ts';
export * from './planomatic-sim-client.ts';
export * from './hypertrack-sim-client.ts';
export * from './coinw-sim-client.ts';
