import { z } from 'zod';
import {
  duration,
  flag,
  MIN_SECRET_LENGTH,
  optionalSecret,
  ownSecret,
  port,
  positiveInt,
  providerList,
} from './env-fields.ts';
import { PROVIDERS, type ProviderId } from '@cancelq/contracts';
import type { RateLimit } from './durations.ts';
import { parseAccounts, type Accounts } from './accounts.ts';
import { clusterPrefixProblem, redisEnv, withClusterDefaults } from './redis-env.ts';
import { CREDENTIAL_FIELDS, providerVariable, providerVariables } from './provider-env.ts';

export { MIN_SECRET_LENGTH } from './env-fields.ts';

/**
 * Every environment variable cancelq reads, with its default and meaning (docs/configuration.md
 * and .env.example are generated from these: `pnpm config:docs`). This is
 * the one place `process.env` is interpreted; everything else receives the parsed object.
 */
export const envSchema = z.object({
  ...redisEnv,
  CANCELQ_API_PORT: port(3000).describe('API port.'),
  CANCELQ_API_HOST: z.string().default('0.0.0.0').describe('API listen address.'),
  CANCELQ_API_TOKEN: ownSecret.describe(
    'Bearer token every /v1 call must present. Required by the API.',
  ),
  CANCELQ_BOARD_USER: optionalSecret.describe(
    'Bull Board login (HTTP Basic). Required by the API.',
  ),
  CANCELQ_BOARD_PASSWORD: ownSecret.describe(
    `Bull Board password (at least ${MIN_SECRET_LENGTH} characters). Required by the API.`,
  ),
  CANCELQ_AUTH_FAILURES: positiveInt(20).describe(
    'Refused credentials one client address may present per minute (per API process) before it gets 429s; right credentials are never held back.',
  ),
  // Read-only unless asked. Even then Bull Board's add, update-data, empty, obliterate and the
  // removal of unfinished jobs stay refused: they bypass validation and the outcome records (a
  // removed job's targets would stay pending). See apps/api/src/board-write-guard.ts.
  CANCELQ_BOARD_READ_ONLY: flag('true').describe(
    '`false` lets operators retry, promote and pause jobs and remove finished ones in Bull Board; adding, editing and removing unfinished jobs stay refused.',
  ),
  CANCELQ_PROVIDERS: providerList.describe(
    'Queues a worker drains (comma list). Unset: every provider with credentials; set: exactly these, and a missing credential stops the worker.',
  ),
  CANCELQ_WORKER_PORT: port(3001).describe(
    'Worker /healthz, /readyz and /metrics port; 0 turns it off.',
  ),
  CANCELQ_WORKER_HOST: z
    .string()
    .default('127.0.0.1')
    .describe(
      "Address the worker's health and metrics port listens on; `0.0.0.0` to reach it from other hosts.",
    ),
  CANCELQ_METRICS_TOKEN: ownSecret.describe(
    "Bearer token the API's /metrics and /metrics/process and the workers' /metrics require; unset: they are open.",
  ),
  CANCELQ_MAX_ATTEMPTS: positiveInt(8).describe(
    'Attempts per provider call before its targets are `failed`.',
  ),
  CANCELQ_BACKOFF: duration('1s').describe(
    'First retry delay; each further retry doubles it, with jitter.',
  ),
  CANCELQ_RETENTION: duration('30d').describe(
    'How long outcomes and finished jobs are kept, from completion: a cancellation still pending is kept at least 7 days whatever this says.',
  ),
  CANCELQ_CONCURRENCY: positiveInt(16).describe(
    'Provider calls in flight per worker process and queue, counting those that sleep until a slot they reserved (the limiter reserves slots up to this + 3 spacings ahead). All of it for a burst; in a backlog a worker holds only what the pace needs (the calls in flight and the next half second of slots).',
  ),
  CANCELQ_REQUEST_TIMEOUT: duration('10s').describe(
    'Deadline of one whole provider call (connect, headers and body); past it the call is abandoned and retried.',
  ),
  CANCELQ_MAX_ANSWER_BYTES: positiveInt(1_048_576).describe(
    'Largest provider answer body read, in bytes; a larger one is abandoned and retried.',
  ),
  CANCELQ_WEBHOOK_SECRET: ownSecret.describe(
    'Signs completion webhooks (`Cancelq-Signature`); unset: webhooks are off and a `callback_url` is refused.',
  ),
  CANCELQ_WEBHOOK_URL: z
    .url()
    .optional()
    .describe('Where every completed cancellation is POSTed, besides its own `callback_url`.'),
  CANCELQ_WEBHOOK_ALLOW_PRIVATE: flag('false').describe(
    'Allow `http` webhook targets and loopback, private and link-local addresses (a receiver inside your network).',
  ),
  CANCELQ_MAX_PAUSE: duration('5m').describe(
    "The longest a provider's 429 (its Retry-After, or our doubling back-off) may pause its queue.",
  ),
  // Recovery vs. tolerance (issue 14). A SIGKILLed worker's jobs, and the targets they hold for
  // their calls, come back once their lock has expired and a stalled check has seen it: within
  // lock + stalled interval, 7 s with these defaults (30s + 30s idled a provider for ~60 s).
  // Lock 5 s: a live worker renews its locks every 0.5–1 s (lockRenewTime in daemon.ts), so it
  // loses one only when its event loop freezes, or Redis is unreachable, for 4 s or more; the
  // job then runs again elsewhere while the first run finishes: one repeated provider call
  // (calls are at-least-once, outcomes idempotent), not a wrong outcome. Stalled check 2 s: one
  // script per queue per worker every 2 s; a shared key lets only one of them scan per interval.
  CANCELQ_LOCK_DURATION: duration('5s').describe(
    "How long a worker's claim on a job lasts unrenewed; a killed worker's jobs come back after it, a live one frozen 4/5 of it loses its jobs.",
  ),
  CANCELQ_STALLED_INTERVAL: duration('2s').describe(
    'How often workers look for jobs whose lock expired and hand them to a live worker.',
  ),
  CANCELQ_SHUTDOWN_TIMEOUT: duration('10s').describe(
    "Grace on SIGTERM/SIGINT: a worker's in-flight calls run this long before they are handed " +
      'back; the API stops taking requests and gives those in flight this long to finish before ' +
      'closing their connections (keep it above 5s, its Redis command timeout).',
  ),
  CANCELQ_MAX_THROTTLES: positiveInt(20).describe(
    '429s one job may meet before 429s start to use up its attempts (so it cannot loop forever).',
  ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level.'),

  // Every provider's own variables, declared in providers/<provider>.ts, in PROVIDERS' order.
  ...providerVariables,

  // Read by parseAccounts (accounts.ts), with `<PROVIDER>_ACCOUNTS` and
  // `<PROVIDER>_ACCOUNT_<NAME>_<FIELD>`, whose names no static schema can list.
  CANCELQ_ACCOUNTS_FILE: z
    .string()
    .optional()
    .describe(
      'A JSON or YAML file of more provider accounts (`{coinw: {desk-a: {api_key, secret_key, rate_limit}}}`), beside `<PROVIDER>_ACCOUNTS`.',
    ),
});

/** The environment's fixed variables, parsed. */
export type EnvVars = z.output<typeof envSchema>;

/** The parsed environment: its variables and every provider's accounts. */
export type Env = EnvVars & { accounts: Accounts };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; a bad value throws a ConfigError naming every offending variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set": `FOO= pnpm start` must not fail on a blank default.
  const present = withClusterDefaults(
    Object.fromEntries(
      Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
    ),
  );
  const result = envSchema.safeParse(present);
  const problem = result.success ? clusterPrefixProblem(result.data) : null;
  if (result.success && !problem)
    return { ...result.data, accounts: parseAccounts(result.data, present) };
  const lines = result.success
    ? [`CANCELQ_REDIS_PREFIX: ${problem}`]
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
}

/** Fails with the variable's name when a setting a process needs is absent. */
export function requireSetting<K extends keyof EnvVars>(
  env: EnvVars,
  name: K,
): NonNullable<EnvVars[K]> {
  const value = env[name];
  if (value === undefined || value === null) {
    throw new ConfigError(`invalid configuration:\n  ${String(name)}: required`);
  }
  return value;
}

// Each credential FIELD's variable, `<PROVIDER>_<FIELD>`. Assigning this type to the one below
// makes a FIELD whose variable its provider does not declare a compile error.
type CredentialVariables = {
  [P in ProviderId]: readonly `${Uppercase<P>}_${(typeof CREDENTIAL_FIELDS)[P][number]}`[];
};

/** The credential variables each provider's worker side needs. */
export const PROVIDER_CREDENTIALS: { [P in ProviderId]: readonly (keyof EnvVars)[] } =
  Object.fromEntries(
    PROVIDERS.map((provider) => [
      provider,
      CREDENTIAL_FIELDS[provider].map((field) => providerVariable(provider, field)),
    ]),
  ) as unknown as CredentialVariables;

/** The credential variables of `provider`'s default account that are not set. */
export function missingCredentials(provider: ProviderId, env: EnvVars): string[] {
  return PROVIDER_CREDENTIALS[provider].filter((name) => env[name] === undefined);
}

/** The configured sliding-window limit of a provider (its default account's, and its others' unless set). */
export function rateLimitOf(provider: ProviderId, env: EnvVars): RateLimit {
  return env[providerVariable(provider, 'RATE_LIMIT')];
}
