/**
 * The simulator's environment, read once by main.ts. The simulator imports nothing of ours (it
 * plays the outside world), so this is a few lines of parsing rather than the shared config.
 */
export interface SimulatorEnv {
  /** SIM_HOST, default 127.0.0.1. */
  host: string;
  /** SIM_PORT, default 4010; 0 = ephemeral (the ready line reports the real port). */
  port: number;
  /** SIM_PLANET_API_KEY, default sim-planet-key. */
  planetApiKey: string;
  /** SIM_SEED_ORDERS, default 0: queued Planet orders created at start, never running. */
  seedOrders: number;
}

export function readEnv(env: NodeJS.ProcessEnv): SimulatorEnv {
  return {
    host: env.SIM_HOST || '127.0.0.1',
    port: integer(env, 'SIM_PORT', 4010, 65_535),
    planetApiKey: env.SIM_PLANET_API_KEY || 'sim-planet-key',
    seedOrders: integer(env, 'SIM_SEED_ORDERS', 0, 100_000),
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name} must be an integer from 0 to ${max}, got "${text}"`);
  }
  return value;
}
