import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsRecorder } from '@cancelq/queue';
import { startApi, type TestApi } from './harness.ts';

let first: TestApi;
let second: TestApi;

beforeAll(async () => {
  first = await startApi({ label: 'metrics-scrapes' });
  // A second replica of the same deployment: same Redis, same prefix.
  second = await startApi({
    label: 'metrics-scrapes-2',
    env: { CANCELQ_REDIS_PREFIX: first.prefix },
  });
  // What workers count into Redis: one call to Planet and one slow-down.
  const recorder = new MetricsRecorder(first.redis, first.prefix);
  recorder.call('planet', { status: 200, latencyMs: 12 });
  recorder.slowdown('planet', 'window', 250);
  await recorder.close();
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

/** The sample lines of a scrape (no HELP or TYPE), sorted. */
async function samples(api: TestApi, path: string): Promise<string[]> {
  const res = await api.fetch(path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return (await res.text())
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .sort();
}

describe('/metrics', () => {
  it('is the same from every replica: scraped once, it is the fleet; summed, it would multiply', async () => {
    const [a, b] = await Promise.all([samples(first, '/metrics'), samples(second, '/metrics')]);
    expect(a).toEqual(b);
    expect(a).toContain(
      'cancelq_provider_calls_total{provider="planet",account="default",status="200"} 1',
    );
    expect(a).toContain(
      'cancelq_rate_limit_slowdowns_total{provider="planet",account="default",reason="window"} 1',
    );
    expect(a.some((line) => line.startsWith('cancelq_queue_jobs{'))).toBe(true);
    expect(a.some((line) => line.startsWith('cancelq_rate_limit_max{'))).toBe(true);
    // No process metrics: those differ per replica and belong to /metrics/process.
    expect(a.filter((line) => !line.startsWith('cancelq_'))).toEqual([]);
  });
});

describe('/metrics/process', () => {
  it("is the answering replica's own process, under the standard Node names", async () => {
    for (const api of [first, second]) {
      const lines = await samples(api, '/metrics/process');
      const names = new Set(lines.map((line) => /^[a-zA-Z_:][\w:]*/.exec(line)?.[0]));
      for (const name of [
        'process_cpu_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_seconds',
        'nodejs_heap_size_used_bytes',
      ])
        expect(names, name).toContain(name);
      // Nothing read from Redis, which every replica would report again.
      expect(lines.filter((line) => line.startsWith('cancelq_'))).toEqual([]);
    }
  });
});
