import { afterAll, beforeAll, expect, it } from 'vitest';
import { secretForms, startPrivateRedis, type PrivateRedis } from '@cancelq/test-utils';
import { BOARD_PASSWORD, BOARD_USER, startApi, uuid, type TestApi } from './harness.ts';

const PLANET_API_KEY = 'planet-key-secret-8e2b77';
let redis: PrivateRedis;
let api: TestApi;

beforeAll(async () => {
  // A Redis of its own: the scan reads every key there is, and they must all be this test's.
  redis = await startPrivateRedis({ appendfsync: 'no' });
  api = await startApi({
    label: 'secrets',
    env: { REDIS_URL: redis.url, PLANET_API_KEY, PLANET_BULK_MAX: '2' },
  });
});
afterAll(async () => {
  await api?.close();
  await redis?.stop();
});

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
  // Every cancellation read on its own, batch entries too: a list entry only counts its ids.
  const ids = answers.flatMap((text) => {
    const body = JSON.parse(text) as { id?: string; cancellations?: { id: string }[] };
    return body.id ? [body.id] : (body.cancellations ?? []).map((entry) => entry.id);
  });
  expect(ids).toHaveLength(4);
  for (const id of ids) await record(await api.get(`/v1/cancellations/${id}`));
  await record(await api.get('/v1/cancellations'));
  const boardAuth = `Basic ${Buffer.from(`${BOARD_USER}:${BOARD_PASSWORD}`).toString('base64')}`;
  const boardRes = await api.fetch('/admin/queues/api/queues?activeQueue=planet&status=latest', {
    headers: { authorization: boardAuth },
  });
  expect(boardRes.status).toBe(200);
  await record(boardRes);

  const scan = await api.scanForSecrets();
  // The scan is only meaningful if it saw the records, the jobs and BullMQ's event stream.
  expect(scan.stored).toContain(`#${uuid(4)}`);
  expect(scan.stored).toContain(`${api.prefix}:idempotency:`);
  expect(scan.types).toEqual(new Set(['hash', 'zset', 'list', 'stream', 'string']));
  expect(scan.stored).toContain(uuid(4));
  expect(scan.leaks).toEqual([]);

  expect(answers.join('\n')).toContain(uuid(4));
  const forms = secretForms(api.secrets());
  for (const { form, label } of forms)
    for (const text of answers) expect(text, label).not.toContain(form);
});
