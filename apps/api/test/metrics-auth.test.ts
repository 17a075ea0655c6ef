import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, startApi, type TestApi } from './harness.ts';

const METRICS_TOKEN = 'metrics-token-0c4f9a2e71b3';
let guarded: TestApi;
let open: TestApi;

beforeAll(async () => {
  guarded = await startApi({
    label: 'metrics-auth',
    env: { CANCELQ_METRICS_TOKEN: METRICS_TOKEN },
  });
  open = await startApi({ label: 'metrics-open' });
});
afterAll(async () => {
  await guarded?.close();
  await open?.close();
});

const scrape = (api: TestApi, authorization?: string) =>
  api.fetch('/metrics', authorization ? { headers: { authorization } } : {});

describe('/metrics', () => {
  it('asks for CANCELQ_METRICS_TOKEN as a bearer token when it is set', async () => {
    expect((await scrape(guarded)).status).toBe(401);
    expect((await scrape(guarded, `Bearer ${API_TOKEN}`)).status).toBe(401);
    expect((await scrape(guarded, 'Bearer wrong')).status).toBe(401);
    const ok = await scrape(guarded, `Bearer ${METRICS_TOKEN}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('cancelq_');
    // The probes stay open for an orchestrator.
    expect((await guarded.fetch('/healthz')).status).toBe(200);
  });

  it('stays open without it, as before', async () => {
    expect((await scrape(open)).status).toBe(200);
  });
});
