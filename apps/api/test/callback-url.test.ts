import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoNewWork, startApi, type TestApi } from './harness.ts';

const ORDER = { provider: 'hypertrack', order_handle: 'order-1' };

let on: TestApi;
let off: TestApi;
beforeAll(async () => {
  on = await startApi({
    label: 'hooks-on',
    env: { CANCELQ_WEBHOOK_SECRET: 'api-webhook-secret-8d2f41c0a7e3' },
  });
  off = await startApi({ label: 'hooks-off' });
});
afterAll(async () => {
  await on?.close();
  await off?.close();
});

async function refused(api: TestApi, body: unknown, path = '/v1/cancellations') {
  const res = await expectNoNewWork(api, () => api.post(path, body));
  expect(res.status).toBe(400);
  return ((await res.json()) as { issues: { path: string; message: string }[] }).issues;
}

describe('callback_url', () => {
  it('is kept with the request, to be POSTed the completed record', async () => {
    const res = await on.post('/v1/cancellations', {
      ...ORDER,
      callback_url: 'https://hooks.example.com/cancelq?desk=7',
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const stored = (await (await on.get(`/v1/cancellations/${id}`)).json()) as {
      request: { callback_url?: string };
    };
    expect(stored.request.callback_url).toBe('https://hooks.example.com/cancelq?desk=7');
  });

  it.each([
    ['http://hooks.example.com/x', 'must be https'],
    ['https://127.0.0.1/x', 'must be a public address'],
    ['https://[::1]:8443/x', 'must be a public address'],
    ['https://10.0.0.7/x', 'must be a public address'],
    ['https://169.254.169.254/latest/meta-data', 'must be a public address'],
    ['https://localhost/x', 'must be a public address'],
    ['https://user:secret@hooks.example.com/x', 'must not carry credentials'],
    ['hooks.example.com/x', 'must be an absolute URL'],
  ])('%s is a 400 naming the field, and nothing is enqueued', async (url, message) => {
    const issues = await refused(on, { ...ORDER, callback_url: url });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('callback_url');
    expect(issues[0]?.message).toContain(message);
  });

  it('in a batch, names the entry', async () => {
    const issues = await refused(
      on,
      { cancellations: [ORDER, { ...ORDER, callback_url: 'https://127.0.0.1/' }] },
      '/v1/cancellations/batch',
    );
    expect(issues.map((issue) => issue.path)).toEqual(['cancellations.1.callback_url']);
  });

  it('where webhooks are off (no CANCELQ_WEBHOOK_SECRET), is refused, saying so', async () => {
    const issues = await refused(off, { ...ORDER, callback_url: 'https://hooks.example.com/x' });
    expect(issues).toEqual([
      {
        path: 'callback_url',
        message: 'webhooks are off here (CANCELQ_WEBHOOK_SECRET is not set)',
      },
    ]);
  });
});
