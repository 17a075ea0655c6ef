import { Queue, type Metrics } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOARD_METRICS } from '@cancelq/queue';
import { connectTestRedis, waitFor } from '@cancelq/test-utils';
import { BOARD_PASSWORD, BOARD_USER, startStack, type Stack } from './stack.ts';

let stack: Stack;
let redis: Redis;
let queue: Queue;

beforeAll(async () => {
  stack = await startStack({ HYPERTRACK_RATE_LIMIT: '1000/1s' });
  await stack.hypertrack.setLimit({ max: 1_000 });
  await stack.startWorker({ CANCELQ_PROVIDERS: 'hypertrack' });
  redis = connectTestRedis(stack.env.REDIS_URL);
  queue = new Queue('hypertrack', { connection: redis, prefix: stack.prefix });
});
afterAll(async () => {
  await queue?.close();
  await redis?.quit();
  await stack?.close();
});

/** Cancels `count` fresh HyperTrack orders, one job each, and waits for their outcomes. */
async function cancelOrders(count: number): Promise<void> {
  const orders = await stack.hypertrack.createOrders({ count });
  const accepted = await Promise.all(
    orders.map((o) => stack.cancel({ provider: 'hypertrack', order_handle: o.order_handle })),
  );
  for (const { id } of accepted) await stack.completed(id);
}

/** BullMQ's metrics once they count `finished` completed jobs (a job ends just after its outcome). */
function completedMetrics(finished: number): Promise<Metrics> {
  return waitFor(
    async () => {
      const metrics = await queue.getMetrics('completed');
      return metrics.meta.count === finished ? metrics : null;
    },
    { what: `BullMQ's metrics to count ${finished} completed jobs` },
  );
}

const sum = (points: number[]) => points.reduce((total, n) => total + n, 0);

describe("Bull Board's metrics view", () => {
  it('gets the per-minute counts of completed jobs the provider workers record', async () => {
    await cancelOrders(3);
    const first = await completedMetrics(3);

    // BullMQ writes a minute's count when the first job of a later minute finishes. Rather than
    // wait for the clock, the record of the last write is moved back a minute, as if these three
    // had finished a minute ago; the next job then writes their count.
    await redis.hset(queue.toKey('metrics:completed'), 'prevTS', first.meta.prevTS - 60_000);
    await cancelOrders(1);
    const metrics = await completedMetrics(4);
    expect(metrics.data.length).toBeGreaterThan(0);
    // Every job before the last write is in the points, whichever minutes they fell in.
    expect(sum(metrics.data)).toBe(3);
    // Bounded: BullMQ trims the list to the configured number of minutes.
    expect(metrics.count).toBeLessThanOrEqual(BOARD_METRICS.maxDataPoints ?? 0);

    // What the board's chart reads, through the API's Bull Board.
    const board = `Basic ${Buffer.from(`${BOARD_USER}:${BOARD_PASSWORD}`).toString('base64')}`;
    const res = await fetch(`${stack.apiUrl}/admin/queues/api/queues/hypertrack/metrics`, {
      headers: { authorization: board },
    });
    expect(res.status).toBe(200);
    const shown = (await res.json()) as { completed: Metrics | null };
    expect(shown.completed?.meta.count).toBe(4);
    expect(sum(shown.completed?.data ?? [])).toBe(3);
    // And the board's page asks its UI to draw the chart (Bull Board hides it by default).
    const page = await fetch(`${stack.apiUrl}/admin/queues`, { headers: { authorization: board } });
    expect(await page.text()).toContain('"showMetrics":true');
  });
});
