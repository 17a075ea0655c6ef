import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { outcomeKeys } from '@cancelq/queue';
import { connectTestRedis, testRedisUrl, waitFor } from '@cancelq/test-utils';
import { errorOf, startApi, uuid, type Accepted, type TestApi } from './harness.ts';
import { startStallingProxy, type Stall, type StallingProxy } from './stalling-proxy.ts';

/**
 * An acceptance transaction that went out but whose answer never came (the API's Redis command
 * timeout, 5 s, runs out first) may still be applied by Redis: the API must say the outcome is
 * unknown, never that nothing was written, and a retry with the same Idempotency-Key must then
 * settle it without a second cancellation. The API reaches Redis through a proxy that stalls
 * its connection at the MULTI.
 */
let proxy: StallingProxy;
let api: TestApi;
/** Straight to Redis, never through the proxy. */
let redis: Redis;
let order = 0;

beforeAll(async () => {
  proxy = await startStallingProxy(testRedisUrl());
  api = await startApi({ label: 'unknown', env: { REDIS_URL: proxy.url } });
  redis = connectTestRedis();
});
afterAll(async () => {
  proxy?.release();
  await api?.close();
  await proxy?.close();
  await redis?.quit();
});

async function indexedIds(): Promise<string[]> {
  const keys = outcomeKeys(api.prefix);
  const members = (
    await Promise.all(keys.providerIndexes.map((index) => redis.zrange(index, 0, -1)))
  ).flat();
  return members.map((member) => member.slice(member.indexOf(':') + 1));
}

async function unanswered(stall: Stall, headers: Record<string, string> = {}) {
  const body = { provider: 'planet', order_ids: [uuid((order += 1))] };
  const before = await indexedIds();
  proxy.stallAtNextMulti(stall);
  const res = await api.post('/v1/cancellations', body, headers);
  expect(proxy.stalled()).toBe(true);
  expect(res.status).toBe(503);
  const error = await errorOf(res);
  expect(error.error).toBe('outcome_unknown');
  const written = async () => (await indexedIds()).filter((id) => !before.includes(id));
  return { body, message: error.message ?? '', written };
}

it.each<Stall>(['request', 'answer'])(
  'a transaction whose answer does not come (%s stalled) is outcome_unknown; a retry with its Idempotency-Key finds the one cancellation',
  async (stall) => {
    const key = `unknown-${stall}`;
    const first = await unanswered(stall, { 'idempotency-key': key });
    expect(first.message).toMatch(/same Idempotency-Key/);
    // Held before Redis, nothing is applied yet; with the answer held, it already is.
    expect(await first.written()).toHaveLength(stall === 'request' ? 0 : 1);

    // Redis resumes: the transaction is applied (if it was not already), once.
    proxy.release();
    const [id] = await waitFor(
      async () => {
        const written = await first.written();
        return written.length > 0 ? written : null;
      },
      { what: 'the transaction applied', timeoutMs: 10_000 },
    );

    const retry = await api.post('/v1/cancellations', first.body, { 'idempotency-key': key });
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as Accepted).id).toBe(id);
    expect(await first.written()).toEqual([id]);
  },
);

it('without an Idempotency-Key, outcome_unknown says to look before sending again', async () => {
  const first = await unanswered('answer');
  expect(first.message).toMatch(/GET \/v1\/cancellations/);
  expect(first.message).not.toMatch(/same Idempotency-Key/);
  proxy.release();
  // Redis did apply it: "nothing was written" would have been a lie.
  expect(await first.written()).toHaveLength(1);
});
