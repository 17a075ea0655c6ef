import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPrivateRedis, waitFor, type PrivateRedis } from '@cancelq/test-utils';
import {
  API_TOKEN,
  errorOf,
  startApi,
  uuid,
  workInRedis,
  type Accepted,
  type TestApi,
} from './harness.ts';

let redis: PrivateRedis;
let api: TestApi;

beforeAll(async () => {
  redis = await startPrivateRedis();
  api = await startApi({ label: 'unavailable', env: { REDIS_URL: redis.url } });
});
afterAll(async () => {
  await api.close();
  await redis.stop();
});

/** Each call is aborted (and so fails the test) unless answered well inside the connect timeout. */
const prompt = () => ({ signal: AbortSignal.timeout(3_000) });
const auth = { authorization: `Bearer ${API_TOKEN}` };
const single = { provider: 'planet', order_ids: [uuid(1)] };

it('accepts work while Redis is up', async () => {
  const res = await api.post('/v1/cancellations', single);
  expect(res.status).toBe(202);
});

it('with Redis killed: writes answer 503 unavailable at once, reads too; health stays up', async () => {
  await redis.kill();

  const json = { ...auth, 'content-type': 'application/json' };
  const attempts: [string, RequestInit][] = [
    ['/v1/cancellations', { method: 'POST', headers: json, body: JSON.stringify(single) }],
    [
      '/v1/cancellations',
      {
        method: 'POST',
        headers: { ...json, 'idempotency-key': 'while-down' },
        body: JSON.stringify(single),
      },
    ],
    [
      '/v1/cancellations/batch',
      { method: 'POST', headers: json, body: JSON.stringify({ cancellations: [single, single] }) },
    ],
    ['/v1/cancellations', { headers: auth }],
    [`/v1/cancellations/${uuid(1)}`, { headers: auth }],
  ];
  for (const [path, init] of attempts) {
    const res = await api.fetch(path, { ...init, ...prompt() });
    expect(res.status).toBe(503);
    expect(await errorOf(res)).toMatchObject({ error: 'unavailable' });
  }

  const ready = await api.fetch('/readyz', prompt());
  expect(ready.status).toBe(503);
  expect((await api.fetch('/healthz', prompt())).status).toBe(200);
});

it('after Redis restarts: ready again, nothing half-written, and work is accepted', async () => {
  await redis.restart();
  await waitFor(async () => (await api.fetch('/readyz')).status === 200, {
    what: 'readyz 200 after the restart',
    timeoutMs: 15_000,
  });

  // Only the cancellation accepted before the crash exists (AOF with fsync always kept it).
  const survived = await workInRedis(api);
  expect(survived.indexed).toBe(1);
  // Its record (its targets in it) and its request.
  expect(survived.records).toBe(2);
  expect(survived.jobs.planet).toBe(1);

  const res = await api.post('/v1/cancellations', single, { 'idempotency-key': 'while-down' });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as Accepted;
  expect((await api.get(`/v1/cancellations/${id}`)).status).toBe(200);
  expect((await workInRedis(api)).indexed).toBe(2);
});
