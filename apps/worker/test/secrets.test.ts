import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  providerSecrets,
  secretForms,
  secretsIn,
  startPrivateRedis,
  waitFor,
  type NodeProcess,
  type PrivateRedis,
  type SimFault,
} from '@cancelq/test-utils';
import { API_TOKEN, startStack, type Stack } from './stack.ts';

/**
 * No credential reaches Redis or a log line, on the paths where one is most likely to slip out:
 * failures. All four providers run with injected faults (401, 5xx, 429, hang, reset, malformed)
 * and then with credentials every provider refuses, through a Redis outage; then the shared
 * secrets scan reads every key of a Redis of this test's own whatever its type, and searches it,
 * every line the worker processes (at LOG_LEVEL=debug) and the API logged, and every API answer.
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

let redis: PrivateRedis;
let stack: Stack;

beforeAll(async () => {
  redis = await startPrivateRedis({ appendfsync: 'everysec' });
  stack = await startStack({
    REDIS_URL: redis.url,
    CANCELQ_MAX_ATTEMPTS: '3',
    CANCELQ_REQUEST_TIMEOUT: '500ms',
    PLANET_BULK_MAX: '3',
    PLANET_RATE_LIMIT: '100/1s',
    COINW_RATE_LIMIT: '100/1s',
    PLANOMATIC_RATE_LIMIT: '100/1s',
    HYPERTRACK_RATE_LIMIT: '100/1s',
  });
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
    const logs = stack.logs();
    for (const line of [
      'provider call failed; will retry',
      'provider call failed for good',
      'provider throttled us',
      'redis connection error',
      'redis unavailable',
    ])
      expect(logs).toContain(line);
    // The wrong credentials are named here rather than left to the stack's bookkeeping, so
    // this test says itself what it searches for.
    const wrong = providerSecrets(WRONG);
    const scan = await stack.scanForSecrets([wrong]);
    for (const expected of ['HTTP 401', 'HTTP 500', 'timed out', 'malformed', 'CoinW code 600'])
      expect(scan.stored).toContain(expected);
    // Every key was read whatever its type (the scan refuses a type it cannot read), and it met
    // all five that BullMQ and cancelq write.
    expect([...scan.types]).toEqual(
      expect.arrayContaining(['hash', 'list', 'stream', 'string', 'zset']),
    );
    expect(scan.leaks).toEqual([]);
    const forms = secretForms([...stack.secrets(), wrong]);
    expect(secretsIn(answers.join('\n'), forms, 'an API answer')).toEqual([]);
  }, 90_000);
});
