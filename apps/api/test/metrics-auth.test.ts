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

/** The process's own metrics and the fleet's: what each endpoint must at least hold. */
const ENDPOINTS = [
  ['/metrics', 'cancelq_'],
  ['/metrics/process', 'process_cpu_seconds_total'],
] as const;

const scrape = (api: TestApi, path: string, authorization?: string) =>
  api.fetch(path, authorization ? { headers: { authorization } } : {});

describe('/metrics and /metrics/process', () => {
  it('ask for CANCELQ_METRICS_TOKEN as a bearer token when it is set', async () => {
    for (const [path, series] of ENDPOINTS) {
      expect((await scrape(guarded, path)).status, path).toBe(401);
      expect((await scrape(guarded, path, `Bearer ${API_TOKEN}`)).status, path).toBe(401);
      expect((await scrape(guarded, path, 'Bearer wrong')).status, path).toBe(401);
      const ok = await scrape(guarded, path, `Bearer ${METRICS_TOKEN}`);
      expect(ok.status, path).toBe(200);
      expect(await ok.text(), path).toContain(series);
    }
    // The probes stay open for an orchestrator.
    expect((await guarded.fetch('/healthz')).status).toBe(200);
  });

  it('stay open without it, as before', async () => {
    for (const [path] of ENDPOINTS) expect((await scrape(open, path)).status, path).toBe(200);
  });
});
