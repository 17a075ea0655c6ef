import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi, type TestApi } from './harness.ts';

let api: TestApi;

beforeAll(async () => {
  api = await startApi({ label: 'ops' });
});
afterAll(async () => {
  await api.close();
});

it('GET /healthz answers 200 without auth', async () => {
  const res = await api.fetch('/healthz');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

it('GET /readyz answers 200 without auth while Redis answers', async () => {
  const res = await api.fetch('/readyz');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ready' });
});
