import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '@cancelq/test-utils';
import { startStack, type Stack } from './stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ PLANET_BULK_MAX: '10', COINW_RATE_LIMIT: '1000/1s' });
  await stack.sim.setLimit({ max: 1_000 });
  await stack.coinw.setLimit({ max: 1_000 });
  await stack.startWorker({ CANCELQ_PROVIDERS: 'planet,coinw' });
});
afterAll(async () => stack?.close());

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text format, just enough to read samples back. */
function parse(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) return [];
    const labels: Record<string, string> = {};
    for (const [, key, text] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      if (key !== undefined && text !== undefined) labels[key] = text;
    return [{ name: match[1]!, labels, value: Number(match[3]) }];
  });
}

async function scrape(): Promise<Sample[]> {
  const res = await fetch(`${stack.apiUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return parse(await res.text());
}

const value = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

/** How many calls the simulator saw, by HTTP status: what the metrics must agree with. */
function byStatus(calls: { status: number | null }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of calls) {
    const status = String(call.status);
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return counts;
}

describe('GET /metrics after a run', () => {
  it('agrees with what the simulators saw and with the outcome records', async () => {
    const queued = await stack.sim.createOrders({ count: 25 });
    const [running] = await stack.sim.createOrders({ orders: [{ state: 'running' }] });
    await stack.sim.addFaults([{ kind: '502', count: 1, method: 'POST' }]);
    const planet = await stack.cancel({
      provider: 'planet',
      order_ids: [...queued.map((o) => o.id), running!.id],
    });
    const coinwOrders = await stack.coinw.createOrders({ count: 3 });
    await stack.coinw.addFaults([{ kind: '429', count: 1 }]);
    const coinw = await stack.cancel({
      provider: 'coinw',
      source_ids: coinwOrders.map((o) => o.id),
    });
    const [planetDone, coinwDone] = [
      await stack.completed(planet.id),
      await stack.completed(coinw.id),
    ];

    const planetCalls = byStatus((await stack.sim.calls()).calls);
    const coinwCalls = (await stack.coinw.calls()).calls;
    // The run did what it was set up to do: a 502 retried, a reconciling GET, a 29001.
    expect(planetCalls.get('502')).toBe(1);
    expect(planetDone.summary).toMatchObject({ cancelled: 25, not_cancellable: 1 });
    expect(coinwCalls.map((c) => c.code)).toEqual([29001, 0]);

    // Workers flush their counts once a second: wait for them, then compare everything.
    const samples = await waitFor(
      async () => {
        const now = await scrape();
        const total = value(now, 'cancelq_provider_calls_total', {});
        return total === [...planetCalls.values()].reduce((a, b) => a + b, 0) + coinwCalls.length
          ? now
          : null;
      },
      { what: 'metrics to count every call' },
    );
    for (const [status, count] of planetCalls)
      expect(value(samples, 'cancelq_provider_calls_total', { provider: 'planet', status })).toBe(
        count,
      );
    expect(
      value(samples, 'cancelq_provider_calls_total', { provider: 'coinw', status: '200' }),
    ).toBe(2);
    expect(
      value(samples, 'cancelq_provider_call_duration_seconds_count', { provider: 'planet' }),
    ).toBe([...planetCalls.values()].reduce((a, b) => a + b, 0));
    expect(
      value(samples, 'cancelq_provider_call_duration_seconds_bucket', {
        provider: 'coinw',
        le: '+Inf',
      }),
    ).toBe(2);
    expect(
      value(samples, 'cancelq_rate_limit_slowdowns_total', {
        provider: 'coinw',
        reason: 'provider_429',
      }),
    ).toBe(1);
    expect(value(samples, 'cancelq_rate_limit_max', { provider: 'coinw' })).toBe(500);

    for (const [provider, done] of [
      ['planet', planetDone],
      ['coinw', coinwDone],
    ] as const) {
      for (const outcome of ['cancelled', 'not_cancellable', 'not_found', 'failed'] as const) {
        expect(value(samples, 'cancelq_target_outcomes_total', { provider, outcome })).toBe(
          done.summary[outcome],
        );
      }
    }
    // Every job of the run finished: 3 bulk chunks + 1 reconcile for Planet, 1 chunk for CoinW.
    expect(value(samples, 'cancelq_queue_jobs', { provider: 'planet', state: 'completed' })).toBe(
      4,
    );
    expect(value(samples, 'cancelq_queue_jobs', { provider: 'coinw', state: 'completed' })).toBe(1);
    expect(value(samples, 'cancelq_queue_jobs', { state: 'waiting' })).toBe(0);
    // The API's own process metrics are there too.
    expect(samples.some((s) => s.name === 'cancelq_api_process_cpu_seconds_total')).toBe(true);
  });

  it('each worker serves its own process metrics, health and readiness on its port', async () => {
    const port = await freePort();
    const worker = await stack.startWorker({
      CANCELQ_PROVIDERS: 'planet',
      CANCELQ_WORKER_PORT: String(port),
    });
    try {
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(200);
      const samples = parse(await metrics.text());
      expect(samples.some((s) => s.name === 'cancelq_worker_process_resident_memory_bytes')).toBe(
        true,
      );
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await worker.close();
    }
  });
});
