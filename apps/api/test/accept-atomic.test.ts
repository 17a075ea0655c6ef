import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPrivateRedis, waitFor, type PrivateRedis } from '@cancelq/test-utils';
import { callGroupKey } from '@cancelq/contracts';
import { outcomeKeys, poolKeys } from '@cancelq/queue';
import { scanKeys, startApi, uuid, type Accepted, type TestApi } from './harness.ts';

/**
 * "A crash in between never leaves a record without its jobs, nor jobs without their record."
 * Redis is SIGKILLed while the API is accepting batches and singles as fast as it can, with
 * AOF and `appendfsync always` (the setting docker-compose ships): whatever the crash cut off
 * mid-transaction, after the restart each cancellation is whole or absent, and every one that
 * got a 202 is whole. Whole: a HyperTrack cancellation has its record and its job; a Planet one
 * its record and its order waiting in the call pool, for the call jobs its transaction added
 * (shared by the cancellations written together, so no job is any one cancellation's).
 */
let redis: PrivateRedis;
let api: TestApi;

beforeAll(async () => {
  redis = await startPrivateRedis({ appendfsync: 'always' });
  api = await startApi({ label: 'atomic', env: { REDIS_URL: redis.url } });
});
afterAll(async () => {
  await api?.close();
  await redis?.stop();
});

const IN_FLIGHT = 8;
/** Batches of 50 and singles, alternating; each cancellation names one order, Planet or HyperTrack. */
const BATCH = 50;
const KILL_AFTER_ACCEPTED = 1_500;

it('a Redis crash mid-acceptance leaves every cancellation whole or absent', async () => {
  const accepted = new Set<string>();
  let sent = 0;
  let killed = false;
  let refused = 0;
  let counter = 0;

  const sender = async (lane: number) => {
    for (let i = 0; !killed || refused < 20; i += 1) {
      const batch = (lane + i) % 2 === 0;
      const bodies = Array.from({ length: batch ? BATCH : 1 }, () =>
        (counter += 1) % 2 === 0
          ? { provider: 'planet', order_ids: [uuid(counter)] }
          : { provider: 'hypertrack', order_handle: `order-${counter}` },
      );
      sent += bodies.length;
      const res = await api
        .post(
          batch ? '/v1/cancellations/batch' : '/v1/cancellations',
          batch ? { cancellations: bodies } : bodies[0],
        )
        .catch(() => null);
      if (res?.status === 202) {
        const body = (await res.json()) as Accepted | { cancellations: Accepted[] };
        for (const one of 'cancellations' in body ? body.cancellations : [body])
          accepted.add(one.id);
      } else {
        // 503 while Redis is down; an error if the crash cut the answer off.
        expect(res === null || res.status === 503, `status ${res?.status}`).toBe(true);
        await res?.arrayBuffer();
        if (killed) refused += 1;
      }
      if (!killed && accepted.size >= KILL_AFTER_ACCEPTED) {
        killed = true;
        await redis.kill();
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, lane) => sender(lane)));
  expect(killed).toBe(true);

  await redis.restart();
  await waitFor(async () => (await api.fetch('/readyz')).status === 200, {
    what: 'the API to see Redis again',
    timeoutMs: 15_000,
  });

  const records = new Set(
    (await scanKeys(api.redis, `${api.prefix}:cancellation:*`))
      .filter((key) => !key.endsWith(':targets') && !key.endsWith(':request'))
      .map((key) => key.slice(`${api.prefix}:cancellation:`.length)),
  );
  const jobIdsOf = async (queue: 'planet' | 'hypertrack') =>
    new Set(
      (await api.deps.queues[queue].getJobs(['waiting', 'prioritized', 'delayed'], 0, -1)).map(
        (job) => (job.id ?? '').replace(/-1$/, ''),
      ),
    );
  const jobs = await jobIdsOf('hypertrack');
  const callJobs = await jobIdsOf('planet');
  const pooled = (
    await api.redis.zrange(
      poolKeys(api.prefix, callGroupKey({ provider: 'planet', account: 'default' })).pool,
      0,
      -1,
    )
  ).map((member) => member.slice(0, member.indexOf('\t')));
  const providers = await Promise.all(
    [...records].map(
      async (id) =>
        [id, await api.redis.hget(`${api.prefix}:cancellation:${id}`, 'provider')] as const,
    ),
  );
  const planet = new Set(providers.filter(([, p]) => p === 'planet').map(([id]) => id));
  const hypertrack = new Set(providers.filter(([, p]) => p === 'hypertrack').map(([id]) => id));
  // A record holds its targets, each a field `#<id>` of its hash.
  const targets = new Set(
    (
      await Promise.all(
        [...records].map(async (id) => {
          const fields = await api.redis.hkeys(`${api.prefix}:cancellation:${id}`);
          return fields.some((field) => field.startsWith('#')) ? [id] : [];
        }),
      )
    ).flat(),
  );
  const members = await Promise.all(
    outcomeKeys(api.prefix).providerIndexes.map((index) => api.redis.zrange(index, 0, -1)),
  );
  const indexed = new Set(members.flat().map((m) => m.slice(m.indexOf(':') + 1)));

  console.info(
    `atomic: ${sent} sent, ${accepted.size} got a 202, ${records.size} in Redis after the restart`,
  );
  // Some work was in flight when Redis died, and some of it got no 202: the test saw a crash.
  expect(sent).toBeGreaterThan(accepted.size);
  expect([...accepted].filter((id) => !records.has(id))).toEqual([]);
  expect(planet.size + hypertrack.size).toBe(records.size);
  expect([...hypertrack].filter((id) => !jobs.has(id))).toEqual([]);
  expect([...jobs].filter((id) => !hypertrack.has(id))).toEqual([]);
  expect(new Set(pooled)).toEqual(planet);
  expect(pooled).toHaveLength(planet.size);
  // Every call job was added with Planet cancellations of its transaction, and they carry all.
  expect([...callJobs].filter((id) => !planet.has(id))).toEqual([]);
  expect(callJobs.size * 100).toBeGreaterThanOrEqual(pooled.length);
  expect([...records].filter((id) => !targets.has(id) || !indexed.has(id))).toEqual([]);
  expect(targets.size).toBe(records.size);
  expect(indexed.size).toBe(records.size);
}, 60_000);
