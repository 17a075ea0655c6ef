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

// BUG: the contract's Operations section promises `GET /metrics` (Prometheus text: queue depths
// per provider, provider calls by status, call latency, rate-limit waits, outcomes by kind), but
// apps/api/src/app.ts mounts no such route and nothing in the workspace produces metrics, so the
// API answers 404 {"error":"not_found"}.
it.fails('GET /metrics answers Prometheus text with a queue depth per provider', async () => {
  const res = await api.fetch('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await res.text();
  for (const provider of ['planet', 'planomatic', 'coinw', 'hypertrack']) {
    expect(text).toMatch(new RegExp(`^\\w+\\{[^}]*"${provider}"[^}]*\\} \\d+`, 'm'));
  }
});
