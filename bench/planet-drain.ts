import { parseEnv } from '@cancelq/config';
import {
  planetSimClient,
  startNodeProcess,
  startPrivateRedis,
  startSimulator,
  uniquePrefix,
  waitFor,
  type NodeProcess,
} from '@cancelq/test-utils';
import { createApi } from '@cancelq/api';
import { createLogger } from '@cancelq/config';

export interface DrainResult {
  workers: number;
  calls: number;
  seconds: number;
  /** Achieved calls per second divided by the limit's rate. */
  rateShare: number;
  maxInWindow: number;
  count429: number;
}

const LIMIT = { max: 10, durationMs: 1_000 };

/**
 * Drains `orders` single-order Planet cancels (one call each) through real worker processes at
 * 10/1s, against the simulator's strict sliding window, and reads the simulator's own record.
 * The rate is measured from the first call to the last, so start-up is not counted.
 * A run of `orders` calls at the limit takes about orders/10 seconds.
 */
export async function planetDrain(workers: number, orders: number): Promise<DrainResult> {
  const redis = await startPrivateRedis({ appendfsync: 'everysec' });
  const simProcess = await startSimulator({ SIM_PLANET_API_KEY: 'bench-key' });
  const sim = planetSimClient(simProcess.url);
  await sim.setLimit({ max: LIMIT.max, duration_ms: LIMIT.durationMs });
  const env = {
    REDIS_URL: redis.url,
    CANCELQ_REDIS_PREFIX: uniquePrefix('bench'),
    PLANET_BASE_URL: sim.apiBaseUrl,
    PLANET_API_KEY: 'bench-key',
    PLANET_RATE_LIMIT: `${LIMIT.max}/${LIMIT.durationMs}ms`,
    PLANET_BULK_MAX: '1',
    CANCELQ_WORKER_PORT: '0',
    LOG_LEVEL: 'info',
  };
  const api = createApi(parseEnv(env), createLogger('bench', 'silent'), {
    apiToken: 'bench',
    board: { user: 'b', password: 'b', readOnly: true },
  });
  const processes: NodeProcess[] = [];
  try {
    for (let i = 0; i < workers; i += 1)
      processes.push(startNodeProcess('apps/worker/src/main.ts', env));
    await Promise.all(
      processes.map((p) =>
        waitFor(() => p.output().includes('worker ready'), {
          timeoutMs: 30_000,
          what: 'worker ready',
        }),
      ),
    );
    const created = await sim.createOrders({ count: orders });
    const server = api.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    await fetch(`http://127.0.0.1:${port}/v1/cancellations`, {
      method: 'POST',
      headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'planet', order_ids: created.map((o) => o.id) }),
    });
    await waitFor(async () => (await sim.calls()).count >= orders, {
      timeoutMs: orders * 500 + 30_000,
      intervalMs: 200,
      what: 'drain',
    });
    server.close();
    const record = await sim.calls();
    if (process.env.BENCH_DUMP) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        process.env.BENCH_DUMP,
        JSON.stringify(record.calls.map((c) => [c.at_ms, c.status])),
      );
    }
    const times = record.calls.map((c) => c.at_ms).sort((a, b) => a - b);
    const seconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1_000;
    // The limiter lets an idle provider take a burst of `max` calls, then spaces calls
    // window/max apart: the burst stands in for exactly one window, so calls-1 over the span
    // from first to last call is the sustained rate.
    const rate = (times.length - 1) / seconds;
    return {
      workers,
      calls: record.count,
      seconds,
      rateShare: rate / (LIMIT.max / (LIMIT.durationMs / 1_000)),
      maxInWindow: record.max_in_window,
      count429: record.count_429,
    };
  } finally {
    await Promise.all(processes.map((p) => p.kill('SIGTERM')));
    await api.close();
    await simProcess.stop();
    await redis.stop();
  }
}
