import { TOKEN_FIELDS, type TokenField as PlanomaticTokenField } from './planomatic/rules.ts';

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
  /** SIM_PLANOMATIC_API_TOKEN, default sim-planomatic-token: sent in the JSON body. */
  planomaticApiToken: string;
  /** SIM_PLANOMATIC_TOKEN_FIELD, default api_token: the body field (api_token, api_key, either). */
  planomaticTokenField: PlanomaticTokenField;
  /** SIM_HYPERTRACK_ACCOUNT_ID, default sim-account: the AccountId half of HyperTrack Basic. */
  hypertrackAccountId: string;
  /** SIM_HYPERTRACK_SECRET_KEY, default sim-hypertrack-secret: the SecretKey half. */
  hypertrackSecretKey: string;
  /** SIM_COINW_API_KEY, default sim-coinw-key: the `api_key` header CoinW clients send. */
  coinwApiKey: string;
  /** SIM_COINW_SECRET_KEY, default sim-coinw-secret: the key CoinW requests are signed with. */
  coinwSecretKey: string;
  /**
   * SIM_SEED_ORDERS, default 0: queued Planet orders created at start, never running; and as
   * many cancellable HyperTrack orders (`sim-order-1`…, one assigned drop each).
   * PlanOmatic: as many cancelable `new_request` orders without appointment (ids from 654321).
   * CoinW: as many open `plan` orders (random 18-digit ids).
   */
  seedOrders: number;
}

export function readEnv(env: NodeJS.ProcessEnv): SimulatorEnv {
  return {
    host: env.SIM_HOST || '127.0.0.1',
    port: integer(env, 'SIM_PORT', 4010, 65_535),
    planetApiKey: env.SIM_PLANET_API_KEY || 'sim-planet-key',
    planomaticApiToken: env.SIM_PLANOMATIC_API_TOKEN || 'sim-planomatic-token',
    planomaticTokenField: oneOf(env, 'SIM_PLANOMATIC_TOKEN_FIELD', TOKEN_FIELDS, 'api_token'),
    hypertrackAccountId: env.SIM_HYPERTRACK_ACCOUNT_ID || 'sim-account',
    hypertrackSecretKey: env.SIM_HYPERTRACK_SECRET_KEY || 'sim-hypertrack-secret',
    coinwApiKey: env.SIM_COINW_API_KEY || 'sim-coinw-key',
    coinwSecretKey: env.SIM_COINW_SECRET_KEY || 'sim-coinw-secret',
    seedOrders: integer(env, 'SIM_SEED_ORDERS', 0, 100_000),
  };
}

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${text}"`);
  }
  return text as T;
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
