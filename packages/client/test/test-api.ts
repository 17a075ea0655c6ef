import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { createApi } from '@cancelq/api';
import { createLogger, parseEnv } from '@cancelq/config';
import { PROVIDERS } from '@cancelq/contracts';
import {
  connectTestRedis,
  deleteKeys,
  testRedisUrl,
  uniquePrefix,
  waitFor,
} from '@cancelq/test-utils';

export const API_TOKEN = 'client-test-token-3c9e5a7f1b';

/**
 * A real API on an ephemeral port over the real Redis, under a key prefix of its own: for the
 * client's tests, and for the CLI's (apps/cli/test/test-api.ts), which runs on this client.
 */
export interface TestApi {
  url: string;
  prefix: string;
  deps: ReturnType<typeof createApi>['deps'];
  /** A connection of the test's own, for looking into Redis. */
  redis: Redis;
  /** GET with the token, by plain fetch: what the API itself answers. */
  get(path: string): Promise<unknown>;
  /** POST /v1/cancellations with the token; the 202 body. */
  accept(body: unknown): Promise<{ id: string }>;
  /** How many cancellations the API has recorded. */
  recorded(): Promise<number>;
  close(): Promise<void>;
}

/**
 * `redisUrl`: a private Redis the test owns and throws away (and may kill); its keys are then
 * not cleaned up, since it may be gone by then.
 */
export async function startTestApi(
  label: string,
  { redisUrl }: { redisUrl?: string } = {},
): Promise<TestApi> {
  const prefix = uniquePrefix(`client-${label}`);
  const env = parseEnv({
    REDIS_URL: redisUrl ?? testRedisUrl(),
    CANCELQ_REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    // The API needs an account's name only: its credentials are the workers'.
    COINW_ACCOUNTS: 'desk-a',
  });
  const api = createApi(env, createLogger('test', 'silent'), {
    apiToken: API_TOKEN,
    board: { user: 'board', password: 'board-password', readOnly: true },
  });
  const server: Server = await new Promise((resolve) => {
    const listening = api.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redis = connectTestRedis(env.REDIS_URL);
  redis.on('error', () => undefined);
  // The API's Redis connection fails fast, so work is sent only once it is ready.
  await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200, {
    what: 'the API to be ready',
    timeoutMs: 10_000,
  });
  const headers = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };

  return {
    url,
    prefix,
    deps: api.deps,
    redis,
    async get(path) {
      const res = await fetch(`${url}${path}`, { headers });
      if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}`);
      return res.json();
    },
    async accept(body) {
      const res = await fetch(`${url}/v1/cancellations`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      if (res.status !== 202) throw new Error(`POST → ${res.status}: ${await res.text()}`);
      return (await res.json()) as { id: string };
    },
    // Each cancellation is in its provider's index (`<prefix>:cancellations:<provider>`).
    recorded: async () =>
      (await Promise.all(PROVIDERS.map((p) => redis.zcard(`${prefix}:cancellations:${p}`)))).reduce(
        (a, b) => a + b,
      ),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
      if (redisUrl === undefined) await deleteKeys(redis, prefix).catch(() => undefined);
      redis.disconnect();
    },
  };
}

export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}
