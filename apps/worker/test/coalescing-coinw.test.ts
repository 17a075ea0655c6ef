import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { connectTestRedis, waitFor } from '@cancelq/test-utils';
import type { Daemon } from '../src/daemon.ts';
import { callsPerId, startStack, type Stack } from './stack.ts';
import { allCompleted, sendEach } from './traffic.ts';

/**
 * CoinW calls shared across cancellations, through the API, a worker and the simulator at
 * CoinW's own limit (10/1s, 20 ids a call): orders that arrive one per request share calls.
 */
let stack: Stack;
let worker: Daemon | null = null;

beforeAll(async () => {
  stack = await startStack({ COINW_RATE_LIMIT: '10/1s', CANCELQ_MAX_ATTEMPTS: '4' });
});
afterEach(async () => {
  await worker?.close();
  worker = null;
  await stack.coinw.reset();
});
afterAll(async () => stack?.close());

async function openOrders(count: number, posType?: 'plan' | 'execute'): Promise<string[]> {
  const ids: string[] = [];
  for (let made = 0; made < count; made += 1_000) {
    const n = Math.min(1_000, count - made);
    const orders = posType
      ? await stack.coinw.createOrders({
          orders: Array.from({ length: n }, () => ({ pos_type: posType })),
        })
      : await stack.coinw.createOrders({ count: n });
    ids.push(...orders.map((o) => o.id));
  }
  return ids;
}

/** A CoinW job as Bull Board shows it: its return value and its log lines. */
async function boardView(jobId: string): Promise<{ returnvalue: unknown; logs: string[] }> {
  const redis = connectTestRedis(stack.env.REDIS_URL);
  const queue = new Queue('coinw', { connection: redis, prefix: stack.prefix });
  try {
    const job = await queue.getJob(jobId);
    const { logs } = await queue.getJobLogs(jobId);
    return { returnvalue: job?.returnvalue, logs };
  } finally {
    await queue.close();
    await redis.quit();
  }
}

describe('CoinW calls shared across cancellations', () => {
  it('400 single-id requests (50 in flight) → at most 40 calls of at most 20 ids, all cancelled, within 8 s of the last accept', async () => {
    // A worker of its own, as deployed: in this process it would share a core with the API
    // and the 50 clients, and wake late for its slots.
    const proc = await stack.startReadyWorkerProcess({ CANCELQ_PROVIDERS: 'coinw' });
    const orders = await openOrders(400);
    const ids = await sendEach(
      stack,
      orders.map((order) => ({ provider: 'coinw', source_ids: [order] })),
      50,
    );
    const lastAccept = Date.now();
    const records = await allCompleted(stack, ids);
    await proc.kill('SIGTERM');

    expect(records.every((r) => r.summary.cancelled === 1 && r.summary.total === 1)).toBe(true);
    expect(await stack.coinw.listOrders('open')).toEqual([]);
    const record = await stack.coinw.calls({ windowMs: 1_000 });
    expect(record.count).toBeLessThanOrEqual(40);
    expect(record.calls.every((c) => c.ids.length <= 20 && c.code === 0)).toBe(true);
    expect(callsPerId(record.calls).size).toBe(400);
    expect(record.max_in_window).toBeLessThanOrEqual(10);
    expect(record.count_429).toBe(0);
    const doneAfterMs =
      Math.max(...records.map((r) => Date.parse(r.completed_at ?? ''))) - lastAccept;
    console.info(
      `coinw: 400 single-id requests → ${record.count} calls, done ${doneAfterMs} ms after the last accept`,
    );
    expect(doneAfterMs).toBeLessThanOrEqual(8_000);
  });

  it('a shared call with one poisoned id: the other cancellations are cancelled, the bad id ends not_found in CoinW words', async () => {
    // The exchange's strict mode: a batch naming an id it does not know is refused whole.
    await stack.coinw.setConfig({ reject_unknown: 1 });
    const good = await openOrders(19);
    const unknown = '33308750270880236';
    const bodies = [...good.slice(0, 9), unknown, ...good.slice(9)].map((order) => ({
      provider: 'coinw',
      source_ids: [order],
    }));
    // Accepted before any worker runs, so one call finds all 20 waiting.
    const answers = await stack.cancelBatch(bodies);
    worker = await stack.startWorker({ CANCELQ_PROVIDERS: 'coinw' });
    const records = await allCompleted(
      stack,
      answers.map((a) => a.id),
    );

    const bad = records[9];
    expect(bad?.targets.map((t) => [t.id, t.outcome, t.detail])).toEqual([
      [unknown, 'not_found', 'CoinW code 9012: Position not found.'],
    ]);
    const others = records.filter((_, i) => i !== 9);
    expect(others.every((r) => r.targets[0]?.outcome === 'cancelled')).toBe(true);
    expect(await stack.coinw.listOrders('open')).toEqual([]);
    const { calls } = await stack.coinw.calls();
    expect(calls[0]?.ids).toHaveLength(20);
    for (const call of calls) expect(call.code).toBe(call.ids.includes(unknown) ? 9012 : 0);
    expect(calls.some((c) => c.ids.length === 1 && c.ids[0] === unknown)).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(11);
  });

  it('targets of different pos_type never share a call', async () => {
    const plan = await openOrders(6, 'plan');
    const execute = await openOrders(6, 'execute');
    const bodies = plan.flatMap((p, i) => [
      { provider: 'coinw', source_ids: [p], pos_type: 'plan' },
      { provider: 'coinw', source_ids: [execute[i]], pos_type: 'execute' },
    ]);
    const answers = await stack.cancelBatch(bodies);
    worker = await stack.startWorker({ CANCELQ_PROVIDERS: 'coinw' });
    const records = await allCompleted(
      stack,
      answers.map((a) => a.id),
    );

    expect(records.every((r) => r.summary.cancelled === 1)).toBe(true);
    const { calls } = await stack.coinw.calls();
    const planIds = new Set(plan);
    for (const call of calls) {
      const kinds = new Set(call.ids.map((id) => (planIds.has(id) ? 'plan' : 'execute')));
      expect(kinds.size).toBe(1);
      expect(call.body_kind).toBe([...kinds][0]);
    }
    expect(calls).toHaveLength(2);
  });

  it('a batch of 45 single-id cancellations brings 3 call jobs, not 45: the first three, each carrying 20 or the rest', async () => {
    const orders = await openOrders(45);
    const answers = await stack.cancelBatch(
      orders.map((order) => ({ provider: 'coinw', source_ids: [order] })),
    );
    worker = await stack.startWorker({ CANCELQ_PROVIDERS: 'coinw' });
    const records = await allCompleted(
      stack,
      answers.map((a) => a.id),
    );

    expect(records.every((r) => r.targets[0]?.outcome === 'cancelled')).toBe(true);
    expect(await stack.coinw.listOrders('open')).toEqual([]);
    const { calls } = await stack.coinw.calls();
    expect(calls.map((c) => c.ids.length).sort((a, b) => a - b)).toEqual([5, 20, 20]);
    const jobIds = answers.map((a) => `${a.id}-1`);
    const states = await Promise.all(
      jobIds.map(async (id) => (await stack.job('coinw', id))?.state),
    );
    expect(states).toEqual([
      ...Array<string>(3).fill('completed'),
      ...Array<undefined>(42).fill(undefined),
    ]);
    expect(new Set(records.map((r) => r.targets[0]?.call))).toEqual(new Set(jobIds.slice(0, 3)));
  });

  it('the same order in two waiting cancellations is sent once, and both get its outcome', async () => {
    const [a, b, c] = await openOrders(3);
    const answers = await stack.cancelBatch([
      { provider: 'coinw', source_ids: [a, b] },
      { provider: 'coinw', source_ids: [b, c] },
    ]);
    worker = await stack.startWorker({ CANCELQ_PROVIDERS: 'coinw' });
    const [first, second] = await allCompleted(
      stack,
      answers.map((x) => x.id),
    );

    expect(first?.targets.map((t) => [t.id, t.outcome])).toEqual([
      [a, 'cancelled'],
      [b, 'cancelled'],
    ]);
    expect(second?.targets.map((t) => [t.id, t.outcome])).toEqual([
      [b, 'cancelled'],
      [c, 'cancelled'],
    ]);
    const { calls } = await stack.coinw.calls();
    expect(calls).toHaveLength(1);
    expect([...(calls[0]?.ids ?? [])].sort()).toEqual([a, b, c].sort());
    // Each cancellation's targets name the call (the job) that carried them.
    const carrier = first?.targets[0]?.call;
    expect(carrier).toBeTruthy();
    expect(
      [...(first?.targets ?? []), ...(second?.targets ?? [])].every((t) => t.call === carrier),
    ).toBe(true);
    // Bull Board: the call's one log line says whom it served and how many ids each; its
    // return value is the outcome alone, not the same fact again.
    const { returnvalue, logs } = await boardView(carrier ?? '');
    expect(logs).toHaveLength(1);
    const [served, call] = (logs[0] ?? '').split(' — ');
    const [own, other] = answers.map((x) => `${x.id} ×2`);
    expect([
      `carries 4 target(s) of 2 cancellation(s): ${own}, ${other}`,
      `carries 4 target(s) of 2 cancellation(s): ${other}, ${own}`,
    ]).toContain(served);
    expect(call).toMatch(/^DELETE \/v1\/perpum\/batchOrders → HTTP 200 in [\d.]+ms ids=\[/);
    expect(returnvalue).toBe('4 cancelled');
  });

  it('fair across cancellations: one submitted while a 10,000-id one drains rides one of the next two calls', async () => {
    const big = await openOrders(10_000);
    const [single] = await openOrders(1);
    await stack.cancel({ provider: 'coinw', source_ids: big });
    worker = await stack.startWorker({ CANCELQ_PROVIDERS: 'coinw' });
    await waitFor(async () => ((await stack.coinw.calls()).count >= 5 ? true : null), {
      what: 'the big cancellation to be draining',
    });
    const before = (await stack.coinw.calls()).count;
    const { id } = await stack.cancel({ provider: 'coinw', source_ids: [single] });
    const [done] = await allCompleted(stack, [id]);

    expect(done?.targets[0]?.outcome).toBe('cancelled');
    const { calls } = await stack.coinw.calls();
    const carried = calls.findIndex((c) => c.ids.includes(single ?? ''));
    console.info(`coinw fairness: accepted after call ${before}, carried by call ${carried + 1}`);
    expect(carried + 1).toBeLessThanOrEqual(before + 2);
    // It shared that call with the big one: nobody waits for a call to fill, nobody is skipped.
    expect(calls[carried]?.ids.length).toBe(20);
  });
});
