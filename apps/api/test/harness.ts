import { expect } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Redis } from 'ioredis';
import { createLogger, parseEnv } from '@cancelq/config';
import { PROVIDERS, type ProviderId } from '@cancelq/contracts';
import { outcomeKeys } from '@cancelq/queue';
import {
  connectTestRedis,
  deleteKeys,
  providerSecrets,
  scanForSecrets,
  testRedisUrl,
  uniquePrefix,
  waitFor,
  type Secrets,
  type SecretsScan,
} from '@cancelq/test-utils';
import { createApi } from '../src/create-api.ts';

export const API_TOKEN = 'api-token-7d1e0c2b9a-5c31f08e';
export const BOARD_USER = 'board-user';
export const BOARD_PASSWORD = 'board-password-5f83e1-a9c4d2';

export interface StartOptions {
  /**
   * Environment on top of the test defaults (REDIS_URL, prefix, silent logs); `REDIS_URL` from
   * startPrivateRedis gives the API a Redis of the test's own.
   */
  env?: Record<string, string>;
  readOnlyBoard?: boolean;
  label?: string;
}

/** The API served on an ephemeral port over a real Redis, under a key prefix of its own. */
export interface TestApi {
  url: string;
  prefix: string;
  deps: ReturnType<typeof createApi>['deps'];
  /** The Express app itself, for tests that read its routing table. */
  app: ReturnType<typeof createApi>['app'];
  /** A separate connection for inspecting Redis, never the API's own. */
  redis: Redis;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** POST with the bearer token and a JSON body (a string is sent as is). */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** GET with the bearer token. */
  get(path: string): Promise<Response>;
  /** Every line the API logged so far (at debug). */
  logs(): string;
  /** The API token, Bull Board's login, and any provider credential in `env`. */
  secrets(): Secrets[];
  /**
   * Every key of the API's Redis and `logs()` searched for `secrets()` (and `extra`). Meant for
   * a Redis of the test's own: on the shared one it also reads other tests' keys.
   */
  scanForSecrets(extra?: Secrets[]): Promise<SecretsScan>;
  close(): Promise<void>;
}

export async function startApi(options: StartOptions = {}): Promise<TestApi> {
  const prefix = uniquePrefix(options.label ?? 'api');
  const env = parseEnv({
    REDIS_URL: testRedisUrl(),
    CANCELQ_REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  // In memory rather than on stdout: quiet test output, and lines a test can search.
  const logLines: string[] = [];
  const log = createLogger('cancelq-api', 'debug', {
    write: (line: string) => logLines.push(line),
  });
  const api = createApi(env, log, {
    apiToken: API_TOKEN,
    board: { user: BOARD_USER, password: BOARD_PASSWORD, readOnly: options.readOnlyBoard ?? false },
  });
  const server: Server = await new Promise((resolve) => {
    const listening = api.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redis = connectTestRedis(env.REDIS_URL);
  // Commands still reject while Redis is down; the event alone would only add noise.
  redis.on('error', () => undefined);
  const auth = { authorization: `Bearer ${API_TOKEN}` };
  const logs = () => logLines.join('');
  const secrets = (): Secrets[] => [
    { values: [API_TOKEN, BOARD_PASSWORD], basicAuth: [[BOARD_USER, BOARD_PASSWORD]] },
    providerSecrets(options.env ?? {}),
  ];
  // The API's connection fails fast (no offline queue), so like a load balancer the tests wait
  // for /readyz before sending work.
  await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200, {
    what: 'the API to be ready',
    timeoutMs: 10_000,
  });

  return {
    url,
    prefix,
    deps: api.deps,
    app: api.app,
    redis,
    fetch: (path, init) => fetch(`${url}${path}`, init),
    post: (path, body, headers = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (path) => fetch(`${url}${path}`, { headers: auth }),
    logs,
    secrets,
    scanForSecrets: (extra = []) =>
      scanForSecrets({ redisUrl: env.REDIS_URL, logs: logs(), secrets: [...secrets(), ...extra] }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
      await deleteKeys(redis, prefix).catch(() => undefined);
      await redis.quit();
    },
  };
}

/** Everything a request can leave behind: jobs per queue, index entries and records. */
export interface WorkInRedis {
  jobs: Record<ProviderId, number>;
  indexed: number;
  /** Keys of cancellations: each has its record (its targets in it) and its request. */
  records: number;
}

export async function workInRedis(api: TestApi): Promise<WorkInRedis> {
  const jobs = {} as Record<ProviderId, number>;
  for (const provider of PROVIDERS) {
    const counts = await api.deps.queues[provider].getJobCounts();
    jobs[provider] = Object.values(counts).reduce((sum, n) => sum + n, 0);
  }
  let indexed = 0;
  for (const index of outcomeKeys(api.prefix).providerIndexes)
    indexed += await api.redis.zcard(index);
  const records = (await scanKeys(api.redis, `${api.prefix}:cancellation:*`)).length;
  return { jobs, indexed, records };
}

export const NO_WORK: WorkInRedis = {
  jobs: { planet: 0, planomatic: 0, coinw: 0, hypertrack: 0 },
  indexed: 0,
  records: 0,
};

/** Runs `act` and checks that it left no job, outcome record or index entry behind. */
export async function expectNoNewWork<T>(api: TestApi, act: () => Promise<T>): Promise<T> {
  const before = await workInRedis(api);
  const result = await act();
  expect(await workInRedis(api)).toEqual(before);
  return result;
}

export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}

/** The contract's error body: `{error, message?, issues?}` and nothing else. */
export interface ErrorBody {
  error: string;
  message?: string;
  issues?: { path: string; message: string }[];
}

export async function errorOf(res: Response): Promise<ErrorBody> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as ErrorBody;
  expect(Object.keys(body).every((key) => ['error', 'message', 'issues'].includes(key))).toBe(true);
  expect(typeof body.error).toBe('string');
  return body;
}

/** The paths of a 400 validation_error, after checking its shape. */
export async function issuePaths(res: Response): Promise<string[]> {
  expect(res.status).toBe(400);
  const body = await errorOf(res);
  expect(body.error).toBe('validation_error');
  expect(typeof body.message).toBe('string');
  expect(body.issues?.length).toBeGreaterThan(0);
  for (const issue of body.issues ?? []) {
    expect(typeof issue.path).toBe('string');
    expect(issue.message.length).toBeGreaterThan(0);
  }
  return (body.issues ?? []).map((issue) => issue.path);
}

export interface Accepted {
  id: string;
  provider: ProviderId;
  state: string;
  total: number | null;
  links: { self: string };
}

export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}
