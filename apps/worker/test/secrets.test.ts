import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createLogger } from '@cancelq/config';
import {
  startPrivateRedis,
  waitFor,
  type NodeProcess,
  type PrivateRedis,
  type SimFault,
} from '@cancelq/test-utils';
import { API_TOKEN, BOARD_PASSWORD, CREDENTIALS, startStack, type Stack } from './stack.ts';

/**
 * No credential reaches Redis or a log line, on the paths where one is most likely to slip out:
 * failures. All four providers run with injected faults (401, 5xx, 429, hang, reset, malformed)
 * and then with credentials every provider refuses, through a Redis outage; then every key of a
 * Redis of this test's own is read whatever its type, and every line the worker processes (at
 * LOG_LEVEL=debug) and the API logged is searched.
 */

/** Credentials a second worker is configured with; every provider refuses them. */
const WRONG = {
  PLANET_API_KEY: 'wrong-planet-key-61d0',
  PLANOMATIC_API_TOKEN: 'wrong-planomatic-token-0e7a',
  COINW_API_KEY: 'wrong-coinw-key-3b95',
  COINW_SECRET_KEY: 'wrong-coinw-secret-d2c4',
  HYPERTRACK_ACCOUNT_ID: 'wrong-account-8f21',
  HYPERTRACK_SECRET_KEY: 'wrong-hypertrack-secret-a7e3',
};
const basic = (user: string, password: string) =>
  Buffer.from(`${user}:${password}`).toString('base64');
/** Every secret, and the forms they travel in (Basic auth headers). */
const SECRETS = [
  ...Object.values(CREDENTIALS),
  ...Object.values(WRONG),
  API_TOKEN,
  BOARD_PASSWORD,
  basic(CREDENTIALS.PLANET_API_KEY, ''),
  basic(WRONG.PLANET_API_KEY, ''),
  basic(CREDENTIALS.HYPERTRACK_ACCOUNT_ID, CREDENTIALS.HYPERTRACK_SECRET_KEY),
  basic(WRONG.HYPERTRACK_ACCOUNT_ID, WRONG.HYPERTRACK_SECRET_KEY),
];
/** One fault of each kind, in this order, at every provider: each error path runs. */
const FAULTS: SimFault[] = [
  { kind: '401', count: 1 },
  { kind: '500', count: 2 },
  { kind: '429', count: 1, retry_after_s: 1 },
  { kind: 'malformed', count: 1 },
  { kind: 'reset', count: 1 },
  { kind: 'hang', count: 1 },
  { kind: '403', count: 1 },
];

const apiLines: string[] = [];
let redis: PrivateRedis;
let stack: Stack;

beforeAll(async () => {
  redis = await startPrivateRedis({ appendfsync: 'everysec' });
  const apiLog = createLogger('cancelq-api', 'debug', { write: (line) => apiLines.push(line) });
  stack = await startStack(
    {
      REDIS_URL: redis.url,
      CANCELQ_MAX_ATTEMPTS: '3',
      CANCELQ_REQUEST_TIMEOUT: '500ms',
      PLANET_BULK_MAX: '3',
      PLANET_RATE_LIMIT: '100/1s',
      COINW_RATE_LIMIT: '100/1s',
      PLANOMATIC_RATE_LIMIT: '100/1s',
      HYPERTRACK_RATE_LIMIT: '100/1s',
    },
    { apiLog },
  );
  for (const sim of [stack.sim, stack.coinw, stack.planomatic, stack.hypertrack])
    await sim.setLimit({ max: 100, duration_ms: 1_000 });
});
afterAll(async () => {
  await stack?.close();
  await redis?.stop();
});

/** A few cancellations at every provider, refusals and unknown orders among them. */
async function cancelAtEveryProvider(): Promise<string[]> {
  const planet = await stack.sim.createOrders({ count: 6 });
  const [running] = await stack.sim.createOrders({ orders: [{ state: 'running' }] });
  const coinw = await stack.coinw.createOrders({ count: 25 });
  const planomatic = await stack.planomatic.createOrders({
    orders: [{}, {}, {}, { status: 'scheduled' }],
  });
  const hypertrack = await stack.hypertrack.createOrders({
    orders: [{}, {}, {}, { status: 'completed' }],
  });
  const bodies: unknown[] = [
    ...planet.slice(0, 3).map((o) => ({ provider: 'planet', order_ids: [o.id] })),
    {
      provider: 'planet',
      order_ids: [...planet.slice(3).map((o) => o.id), running!.id, crypto.randomUUID()],
    },
    { provider: 'coinw', source_ids: coinw.map((o) => o.id) },
    { provider: 'coinw', source_ids: [coinw[0]!.id] },
    ...planomatic.map((o) => ({
      provider: 'planomatic',
      order_id: o.order_id,
      cancelation_reason: 'duplicate_order',
      notes: 'Secrets drill.',
    })),
    {
      provider: 'planomatic',
      order_id: '999999999',
      cancelation_reason: 'duplicate_order',
      notes: 'Unknown order.',
    },
    ...hypertrack.map((o) => ({ provider: 'hypertrack', order_handle: o.order_handle })),
    { provider: 'hypertrack', order_handle: 'no-such-order' },
  ];
  return (await stack.cancelBatch(bodies)).map((a) => a.id);
}

/** Everything a key holds, whatever its type, as text. */
async function contentOf(client: Redis, key: string): Promise<string> {
  const type = await client.type(key);
  switch (type) {
    case 'string':
      return (await client.get(key)) ?? '';
    case 'hash':
      return JSON.stringify(await client.hgetall(key));
    case 'list':
      return JSON.stringify(await client.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await client.smembers(key));
    case 'zset':
      return JSON.stringify(await client.zrange(key, 0, -1, 'WITHSCORES'));
    case 'stream':
      return JSON.stringify(await client.xrange(key, '-', '+'));
    case 'none':
      return '';
    default:
      throw new Error(`key ${key} has type ${type}, which this check does not read`);
  }
}

async function everyKey(client: Redis): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, page] = await client.scan(cursor, 'COUNT', 1_000);
    cursor = next;
    keys.push(...page);
  } while (cursor !== '0');
  return keys;
}

describe('secrets', () => {
  it('no credential or API token in any Redis key or value, or in any log line', async () => {
    const workers: NodeProcess[] = [];
    const answers: string[] = [];
    const finish = async (ids: string[]) => {
      for (const id of ids) {
        await stack.completed(id, 30_000);
        const res = await fetch(`${stack.apiUrl}/v1/cancellations/${id}`, {
          headers: { authorization: `Bearer ${API_TOKEN}` },
        });
        answers.push(await res.text());
      }
    };

    // Good credentials, every fault kind at every provider.
    for (const sim of [stack.sim, stack.coinw, stack.planomatic, stack.hypertrack])
      await sim.addFaults(FAULTS);
    workers.push(await stack.startReadyWorkerProcess({ LOG_LEVEL: 'debug' }));
    await finish(await cancelAtEveryProvider());
    expect(await workers[0]!.kill('SIGTERM')).toBe(0);

    // Credentials every provider refuses, and a Redis outage while that worker runs.
    workers.push(await stack.startReadyWorkerProcess({ LOG_LEVEL: 'debug', ...WRONG }));
    await finish(await cancelAtEveryProvider());
    await redis.kill();
    const refused = await fetch(`${stack.apiUrl}/v1/cancellations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'hypertrack', order_handle: 'during-outage' }),
    });
    expect(refused.status).toBe(503);
    await waitFor(() => workers[1]!.output().includes('redis connection error'), {
      what: 'the worker to log the outage',
    });
    await redis.restart();
    await waitFor(async () => (await fetch(`${stack.apiUrl}/readyz`)).status === 200, {
      what: 'API ready again',
    });
    expect(await workers[1]!.kill('SIGTERM')).toBe(0);

    // The error paths really ran, so the search below searched something.
    const logs = [...workers.map((w) => w.output()), apiLines.join('')].join('\n');
    for (const line of [
      'provider call failed; will retry',
      'provider call failed for good',
      'provider throttled us',
      'redis connection error',
      'redis unavailable',
    ])
      expect(logs).toContain(line);
    const client = new Redis(redis.url);
    try {
      const keys = await everyKey(client);
      const stored = await Promise.all(
        keys.map(async (key) => `${key} ${await contentOf(client, key)}`),
      );
      const everything = stored.join('\n');
      for (const expected of ['HTTP 401', 'HTTP 500', 'timed out', 'malformed', 'CoinW code 600'])
        expect(everything).toContain(expected);
      // Every key was read whatever its type (contentOf refuses a type it cannot read), and the
      // scan met all five that BullMQ and cancelq write.
      const types = new Set(await Promise.all(keys.map((key) => client.type(key))));
      expect([...types]).toEqual(
        expect.arrayContaining(['hash', 'list', 'stream', 'string', 'zset']),
      );

      for (const secret of SECRETS) {
        expect(everything.includes(secret), `"${secret}" in Redis`).toBe(false);
        expect(logs.includes(secret), `"${secret}" in a log line`).toBe(false);
        expect(answers.join('\n').includes(secret), `"${secret}" in an API answer`).toBe(false);
      }
    } finally {
      client.disconnect();
    }
  }, 90_000);
});
