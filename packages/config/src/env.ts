import { z } from 'zod';
import { COINW_BATCH_MAX, PROVIDERS, type ProviderId } from '@cancelq/contracts';
import { parseDuration, parseRateLimit } from './durations.ts';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === null) {
        ctx.addIssue({
          code: 'custom',
          message: `"${text}" is not a duration like 500ms, 10s, 30d`,
        });
        return z.NEVER;
      }
      return ms;
    });

const rateLimit = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const limit = parseRateLimit(text);
      if (limit === null) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a limit like 10/1s or 100/60s` });
        return z.NEVER;
      }
      return limit;
    });

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const optionalSecret = z.string().min(1).optional();
const url = (fallback: string) => z.url().default(fallback);

const providerList = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined) return undefined;
    const names = [
      ...new Set(
        text
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      ),
    ];
    const unknown = names.filter((name) => !(PROVIDERS as readonly string[]).includes(name));
    if (unknown.length > 0 || names.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown provider(s) ${unknown.join(', ') || '(none given)'}; known: ${PROVIDERS.join(', ')}`,
      });
      return z.NEVER;
    }
    return names as ProviderId[];
  });

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .default('false')
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * Every environment variable cancelq reads, with its default and unit. This is the one place
 * `process.env` is interpreted; everything else receives the parsed object.
 */
export const envSchema = z.object({
  /** The Redis that holds queues and outcomes. */
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key cancelq writes (wrap it in {braces} on Redis Cluster). */
  CANCELQ_REDIS_PREFIX: z.string().min(1).default('cancelq'),
  /** API port. */
  CANCELQ_API_PORT: port(3000),
  /** API listen address. */
  CANCELQ_API_HOST: z.string().default('0.0.0.0'),
  /** Bearer token every /v1 call must present. Required by the API. */
  CANCELQ_API_TOKEN: optionalSecret,
  /** Bull Board login (HTTP Basic). Required by the API. */
  CANCELQ_BOARD_USER: optionalSecret,
  CANCELQ_BOARD_PASSWORD: optionalSecret,
  /** Bull Board without retry/remove/clean buttons. */
  CANCELQ_BOARD_READ_ONLY: flag,
  /**
   * Queues this worker drains (comma list). Unset: every provider whose credentials are set;
   * set: exactly these, and a missing credential stops the worker.
   */
  CANCELQ_PROVIDERS: providerList,
  /** Worker health port; 0 turns it off. */
  CANCELQ_WORKER_PORT: port(3001),
  /** Attempts per provider call before its targets are `failed`. */
  CANCELQ_MAX_ATTEMPTS: positiveInt(8),
  /** First retry delay; each further retry doubles it (with jitter). */
  CANCELQ_BACKOFF: duration('1s'),
  /** How long outcomes and finished jobs are kept. */
  CANCELQ_RETENTION: duration('30d'),
  /** Provider calls in flight per worker process and queue. */
  CANCELQ_CONCURRENCY: positiveInt(16),
  /** A provider call that has not answered by then is abandoned and retried. */
  CANCELQ_REQUEST_TIMEOUT: duration('10s'),
  /** How long a worker's claim on a job lasts without renewal; a killed worker's jobs come back after it. */
  CANCELQ_LOCK_DURATION: duration('30s'),
  /** How often workers look for jobs whose worker died. */
  CANCELQ_STALLED_INTERVAL: duration('30s'),
  /** Grace period for in-flight jobs on SIGTERM before they are handed back. */
  CANCELQ_SHUTDOWN_TIMEOUT: duration('10s'),
  /** 429 answers one job may meet before a 429 starts to use up its attempts. */
  CANCELQ_MAX_THROTTLES: positiveInt(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  PLANET_BASE_URL: url('https://api.planet.com/compute/ops'),
  PLANET_API_KEY: optionalSecret,
  PLANET_RATE_LIMIT: rateLimit('10/1s'),
  /** Most order ids in one bulk cancel call (Planet documents no maximum). */
  PLANET_BULK_MAX: z.coerce.number().int().min(1).max(1_000).default(100),

  PLANOMATIC_BASE_URL: url('https://api.planomatic.com'),
  PLANOMATIC_API_TOKEN: optionalSecret,
  PLANOMATIC_RATE_LIMIT: rateLimit('100/60s'),
  /** Body field that carries the integration token: the docs say `api_token` on the cancel page, `api_key` elsewhere. */
  PLANOMATIC_TOKEN_FIELD: z.enum(['api_token', 'api_key']).default('api_token'),

  COINW_BASE_URL: url('https://api.coinw.com'),
  COINW_API_KEY: optionalSecret,
  COINW_SECRET_KEY: optionalSecret,
  COINW_RATE_LIMIT: rateLimit('10/1s'),
  /** Most ids per batch cancel call; CoinW's hard maximum is 20, so this may only lower it. */
  COINW_BATCH_MAX: z.coerce.number().int().min(1).max(COINW_BATCH_MAX).default(COINW_BATCH_MAX),

  HYPERTRACK_BASE_URL: url('https://v3.api.hypertrack.com'),
  HYPERTRACK_ACCOUNT_ID: optionalSecret,
  HYPERTRACK_SECRET_KEY: optionalSecret,
  HYPERTRACK_RATE_LIMIT: rateLimit('10/1s'),
});

export type Env = z.output<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; a bad value throws a ConfigError naming every offending variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set": `FOO= pnpm start` must not fail on a blank default.
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = envSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
}

/** Fails with the variable's name when a setting a process needs is absent. */
export function requireSetting<K extends keyof Env>(env: Env, name: K): NonNullable<Env[K]> {
  const value = env[name];
  if (value === undefined || value === null) {
    throw new ConfigError(`invalid configuration:\n  ${String(name)}: required`);
  }
  return value;
}

/** The credential variables each provider's worker side needs. */
export const PROVIDER_CREDENTIALS = {
  planet: ['PLANET_API_KEY'],
  planomatic: ['PLANOMATIC_API_TOKEN'],
  coinw: ['COINW_API_KEY', 'COINW_SECRET_KEY'],
  hypertrack: ['HYPERTRACK_ACCOUNT_ID', 'HYPERTRACK_SECRET_KEY'],
} as const satisfies Record<ProviderId, readonly (keyof Env)[]>;

/** The credential variables of `provider` that are not set. */
export function missingCredentials(provider: ProviderId, env: Env): string[] {
  return PROVIDER_CREDENTIALS[provider].filter((name) => env[name] === undefined);
}
