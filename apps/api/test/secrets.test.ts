import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  API_TOKEN,
  BOARD_PASSWORD,
  BOARD_USER,
  scanKeys,
  startApi,
  uuid,
  type TestApi,
} from './harness.ts';

const PLANET_API_KEY = 'planet-key-secret-8e2b77';
const SECRETS = [API_TOKEN, BOARD_PASSWORD, PLANET_API_KEY];
let api: TestApi;

beforeAll(async () => {
  api = await startApi({
    label: 'secrets',
    env: { PLANET_API_KEY, PLANET_BULK_MAX: '2' },
  });
});
afterAll(async () => {
  await api.close();
});

/** Everything a key holds, whatever its type, as text. */
async function contentOf(redis: Redis, key: string): Promise<string> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return (await redis.get(key)) ?? '';
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES'));
    case 'stream':
      return JSON.stringify(await redis.xrange(key, '-', '+'));
    case 'none':
      return '';
    default:
      throw new Error(`key ${key} has type ${type}, which this check does not read`);
  }
}

it('no credential reaches Redis or an API answer', async () => {
  const answers: string[] = [];
  const record = async (res: Response) => answers.push(await res.text());
  await record(
    await api.post('/v1/cancellations', {
      provider: 'planet',
      order_ids: [uuid(1), uuid(2), uuid(3)],
    }),
  );
  await record(
    await api.post(
      '/v1/cancellations',
      { provider: 'planet', all_queued: true },
      { 'idempotency-key': 'secret-check' },
    ),
  );
  await record(
    await api.post('/v1/cancellations/batch', {
      cancellations: [
        { provider: 'planet', order_ids: [uuid(4)] },
        { provider: 'planet', all_queued: true },
      ],
    }),
  );
  const ids = answers.map((text) => (JSON.parse(text) as { id?: string }).id).filter(Boolean);
  expect(ids).toHaveLength(2);
  for (const id of ids) await record(await api.get(`/v1/cancellations/${id}`));
  await record(await api.get('/v1/cancellations'));
  const boardAuth = `Basic ${Buffer.from(`${BOARD_USER}:${BOARD_PASSWORD}`).toString('base64')}`;
  const boardRes = await api.fetch('/admin/queues/api/queues?activeQueue=planet&status=latest', {
    headers: { authorization: boardAuth },
  });
  expect(boardRes.status).toBe(200);
  await record(boardRes);

  const keys = await scanKeys(api.redis, `${api.prefix}:*`);
  const types = new Set(await Promise.all(keys.map((key) => api.redis.type(key))));
  // The scan is only meaningful if it saw the records, the jobs and BullMQ's event stream.
  expect(keys.some((key) => key.endsWith(':targets'))).toBe(true);
  expect(keys.some((key) => key.startsWith(`${api.prefix}:idempotency:`))).toBe(true);
  expect(types).toEqual(new Set(['hash', 'zset', 'list', 'stream', 'string']));

  const stored = await Promise.all(
    keys.map(async (key) => `${key} ${await contentOf(api.redis, key)}`),
  );
  expect(stored.join('\n')).toContain(uuid(4));
  expect(answers.join('\n')).toContain(uuid(4));
  for (const secret of SECRETS) {
    for (const text of stored) expect(text).not.toContain(secret);
    for (const text of answers) expect(text).not.toContain(secret);
  }
});
