import type { AccountSpec } from './common/account-spec.ts';
import { COINW_CREDENTIALS, type CoinwCredentialField } from './coinw/settings.ts';
import { accountsVar } from './env-accounts.ts';
import { HYPERTRACK_CREDENTIALS, type HypertrackCredentialField } from './hypertrack/settings.ts';
import { PLANET_CREDENTIALS, type PlanetCredentialField } from './planet/settings.ts';
import {
  PLANOMATIC_CREDENTIALS,
  type PlanomaticCredentialField,
} from './planomatic/credentials.ts';
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
  /**
   * SIM_PLANET_ACCOUNTS, SIM_PLANOMATIC_ACCOUNTS, SIM_COINW_ACCOUNTS, SIM_HYPERTRACK_ACCOUNTS,
   * default none: JSON arrays of each provider's accounts besides `default` (whose credentials
   * are the variables above), `[{name, <credentials>, limit?: {max?, duration_ms?}}]` with
   * credentials planet `api_key`; planomatic `api_token`; coinw `api_key`, `secret_key`;
   * hypertrack `account_id`, `secret_key`. An account's limit defaults to the provider's.
   */
  planetAccounts: AccountSpec<PlanetCredentialField>[];
  planomaticAccounts: AccountSpec<PlanomaticCredentialField>[];
  coinwAccounts: AccountSpec<CoinwCredentialField>[];
  hypertrackAccounts: AccountSpec<HypertrackCredentialField>[];
}

export function readEnv(env: NodeJS.ProcessEnv): SimulatorEnv {
  const planetApiKey = env.SIM_PLANET_API_KEY || 'sim-planet-key';
  const planomaticApiToken = env.SIM_PLANOMATIC_API_TOKEN || 'sim-planomatic-token';
  const hypertrackAccountId = env.SIM_HYPERTRACK_ACCOUNT_ID || 'sim-account';
  const hypertrackSecretKey = env.SIM_HYPERTRACK_SECRET_KEY || 'sim-hypertrack-secret';
  const coinwApiKey = env.SIM_COINW_API_KEY || 'sim-coinw-key';
  const coinwSecretKey = env.SIM_COINW_SECRET_KEY || 'sim-coinw-secret';
  return {
    host: env.SIM_HOST || '127.0.0.1',
    port: integer(env, 'SIM_PORT', 4010, 65_535),
    planetApiKey,
    planomaticApiToken,
    planomaticTokenField: oneOf(env, 'SIM_PLANOMATIC_TOKEN_FIELD', TOKEN_FIELDS, 'api_token'),
    hypertrackAccountId,
    hypertrackSecretKey,
    coinwApiKey,
    coinwSecretKey,
    seedOrders: integer(env, 'SIM_SEED_ORDERS', 0, 100_000),
    planetAccounts: accountsVar(env, 'SIM_PLANET_ACCOUNTS', PLANET_CREDENTIALS, {
      api_key: planetApiKey,
    }),
    planomaticAccounts: accountsVar(env, 'SIM_PLANOMATIC_ACCOUNTS', PLANOMATIC_CREDENTIALS, {
      api_token: planomaticApiToken,
    }),
    coinwAccounts: accountsVar(env, 'SIM_COINW_ACCOUNTS', COINW_CREDENTIALS, {
      api_key: coinwApiKey,
      secret_key: coinwSecretKey,
    }),
    hypertrackAccounts: accountsVar(env, 'SIM_HYPERTRACK_ACCOUNTS', HYPERTRACK_CREDENTIALS, {
      account_id: hypertrackAccountId,
      secret_key: hypertrackSecretKey,
    }),
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
