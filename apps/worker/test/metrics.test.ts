/** GET /metrics after a run: agrees with the simulators, with BullMQ and with the outcomes. */
import type { JobType } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { PROVIDERS, type Cancellation, type ProviderId } from '@cancelq/contracts';
import { createQueues } from '@cancelq/queue';
import { connectTestRedis, waitFor, type SimCall } from '@cancelq/test-utils';
import { byStatus, labelled, parse, value, type Sample } from './metrics-samples.ts';
import { stack, useMetricsStack } from './metrics-stack.ts';

useMetricsStack();

/** The fleet's series (Redis's view, the same from every API replica), or one API process's. */
async function scrape(path: '/metrics' | '/metrics/process' = '/metrics'): Promise<Sample[]> {
  const res = await fetch(`${stack.apiUrl}${path}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return parse(await res.text());
}

/** The queue states /metrics reports, each provider's zeros filled in. */
const QUEUE_STATES: JobType[] = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'failed',
  'completed',
];
type JobCounts = Record<ProviderId, Record<string, number>>;

function fillStates(partial: Record<ProviderId, Record<string, number>>): JobCounts {
  return Object.fromEntries(
    PROVIDERS.map((p) => [p, Object.fromEntries(QUEUE_STATES.map((s) => [s, partial[p][s] ?? 0]))]),
  ) as JobCounts;
}

function queueGauge(samples: Sample[]): JobCounts {
  return fillStates(
    Object.fromEntries(
      PROVIDERS.map((p) => [p, labelled(samples, 'cancelq_queue_jobs', p, 'state')]),
    ) as JobCounts,
  );
}

/** BullMQ's own count of each queue's jobs, read apart from the API. */
async function bullmqCounts(): Promise<JobCounts> {
  const redis = connectTestRedis(stack.env.REDIS_URL);
  const queues = createQueues(redis, stack.prefix);
  try {
    const counts = await Promise.all(
      PROVIDERS.map(async (p) => [p, await queues[p].getJobCounts(...QUEUE_STATES)] as const),
    );
    return fillStates(Object.fromEntries(counts) as JobCounts);
  } finally {
    await Promise.all(Object.values(queues).map((queue) => queue.close()));
    await redis.quit();
  }
}

const planomaticBody = {
  provider: 'planomatic',
  cancelation_reason: 'duplicate_order',
  notes: 'Duplicate booking.',
} as const;

describe('GET /metrics after a run', () => {
  it('agrees with what the simulators saw, with BullMQ and with the outcome records, for all four providers', async () => {
    const worker = await stack.startWorker({ CANCELQ_PROVIDERS: PROVIDERS.join(',') });
    const cancellations: Record<ProviderId, string[]> = {
      planet: [],
      coinw: [],
      planomatic: [],
      hypertrack: [],
    };
    const cancel = async (body: { provider: ProviderId } & Record<string, unknown>) => {
      const { id } = await stack.cancel(body);
      cancellations[body.provider].push(id);
      return id;
    };

    // A job that failed for good: HyperTrack refuses the credentials once (no retry).
    const [refused, retried, ...backlog] = (await stack.hypertrack.createOrders({ count: 17 })).map(
      (o) => o.order_handle,
    );
    await stack.hypertrack.addFaults([{ kind: '401', count: 1 }]);
    const failedId = await cancel({ provider: 'hypertrack', order_handle: refused });
    expect((await stack.completed(failedId)).summary.failed).toBe(1);
    // A job waiting for its retry: one 503, then the 10-minute backoff.
    await stack.hypertrack.addFaults([{ kind: '503', count: 1 }]);
    const delayedId = await cancel({ provider: 'hypertrack', order_handle: retried });
    await waitFor(
      async () => (await stack.job('hypertrack', `${delayedId}-1`))?.state === 'delayed',
      {
        what: 'the 503 job to wait for its retry',
      },
    );

    // Then every provider at once, each with something to count besides success.
    const queued = await stack.sim.createOrders({ count: 25 });
    const [running] = await stack.sim.createOrders({ orders: [{ state: 'running' }] });
    const coinwOrders = await stack.coinw.createOrders({ count: 3 });
    await stack.coinw.addFaults([{ kind: '429', count: 1 }]);
    const planomaticOrders = await stack.planomatic.createOrders({ count: 2 });
    await Promise.all([
      cancel({ provider: 'planet', order_ids: [...queued.map((o) => o.id), running!.id] }),
      cancel({ provider: 'coinw', source_ids: coinwOrders.map((o) => o.id) }),
      ...[...planomaticOrders.map((o) => o.order_id), '987654321'].map((orderId) =>
        cancel({ ...planomaticBody, order_id: orderId }),
      ),
      ...backlog.map((handle) => cancel({ provider: 'hypertrack', order_handle: handle })),
    ]);
    const done = new Map<string, Cancellation>();
    for (const provider of PROVIDERS)
      for (const id of cancellations[provider])
        if (id !== delayedId) done.set(id, await stack.completed(id, 30_000));

    // What happened, from the simulators' own call logs.
    const coinwCalls = (await stack.coinw.calls()).calls;
    const simCalls: Record<ProviderId, SimCall[]> = {
      planet: (await stack.sim.calls()).calls,
      coinw: coinwCalls,
      planomatic: (await stack.planomatic.calls()).calls,
      hypertrack: (await stack.hypertrack.calls()).calls,
    };
    // The run did what it was set up to do.
    expect(byStatus(simCalls.planet)).toEqual({ '200': 4 }); // 3 bulk chunks, 1 reconciling GET
    expect(coinwCalls.map((c) => c.code)).toEqual([29001, 0]); // throttled once, then done
    expect(byStatus(simCalls.planomatic)).toEqual({ '201': 2, '400': 1 });
    expect(byStatus(simCalls.hypertrack)).toEqual({ '200': 15, '401': 1, '503': 1 });

    // BullMQ settles a job just after its outcome is written: wait for it to, then compare.
    const expectedJobs = {
      planet: { completed: 4 },
      coinw: { completed: 1 },
      planomatic: { completed: 3 },
      hypertrack: { completed: 15, failed: 1, delayed: 1 },
    };
    await waitFor(
      async () => JSON.stringify(await bullmqCounts()) === JSON.stringify(fillStates(expectedJobs)),
      { what: 'every job to settle in BullMQ' },
    );
    // Workers flush their counts once a second: wait until every call is counted.
    const callTotal = PROVIDERS.reduce((sum, p) => sum + simCalls[p].length, 0);
    const samples = await waitFor(
      async () => {
        const now = await scrape();
        const counted = value(now, 'cancelq_provider_calls_total', {});
        const timed = value(now, 'cancelq_provider_call_duration_seconds_count', {});
        return counted === callTotal && timed === callTotal ? now : null;
      },
      { what: 'metrics to count every call' },
    );

    // Queue depths: exactly what BullMQ holds, per provider and state.
    expect(queueGauge(samples)).toEqual(fillStates(expectedJobs));
    for (const provider of PROVIDERS) {
      // Calls by status, and latency samples, exactly as many as each simulator received.
      expect(labelled(samples, 'cancelq_provider_calls_total', provider, 'status')).toEqual(
        byStatus(simCalls[provider]),
      );
      expect(
        value(samples, 'cancelq_provider_call_duration_seconds_bucket', { provider, le: '+Inf' }),
      ).toBe(simCalls[provider].length);
      // Outcomes by kind: the sums of the outcome records' summaries.
      const summaries = [...done.values()].filter((c) => c.provider === provider);
      for (const outcome of ['cancelled', 'not_cancellable', 'not_found', 'failed'] as const) {
        expect(
          value(samples, 'cancelq_target_outcomes_total', { provider, outcome }),
          `${provider} ${outcome}`,
        ).toBe(summaries.reduce((sum, c) => sum + c.summary[outcome], 0));
      }
    }
    expect(value(samples, 'cancelq_target_outcomes_total', {})).toBe(26 + 3 + 3 + 16);

    // Slow-downs: HyperTrack's backlog was held back by our own window, with time spent
    // waiting. (No zero is asserted for the others: a process too slow to use its slot in time
    // is counted under `window` too, which a loaded machine does now and then.)
    const slowdowns = (provider: ProviderId, reason: string) =>
      value(samples, 'cancelq_rate_limit_slowdowns_total', { provider, reason });
    const waited = (provider: ProviderId, reason: string) =>
      value(samples, 'cancelq_rate_limit_wait_seconds_total', { provider, reason });
    expect(slowdowns('hypertrack', 'window')).toBeGreaterThan(0);
    expect(waited('hypertrack', 'window')).toBeGreaterThan(0);
    expect(slowdowns('coinw', 'provider_429')).toBe(1);
    expect(waited('coinw', 'provider_429')).toBeGreaterThan(0);
    expect(value(samples, 'cancelq_rate_limit_slowdowns_total', { reason: 'provider_429' })).toBe(
      1,
    );
    expect(value(samples, 'cancelq_rate_limit_max', { provider: 'coinw' })).toBe(500);
    // The API's own process metrics are on /metrics, under the standard names; neither endpoint
    // carries the other's series, so summing /metrics over replicas multiplies nothing.
    const own = await scrape('/metrics/process');
    expect(own.some((s) => s.name === 'process_cpu_seconds_total')).toBe(true);
    expect(own.filter((s) => s.name.startsWith('cancelq_'))).toEqual([]);
    expect(samples.filter((s) => /^(process|nodejs)_/.test(s.name))).toEqual([]);

    // Waiting and active, with no worker: two PlanOmatic jobs stay waiting.
    await worker.close();
    const waiting = await stack.planomatic.createOrders({ count: 2 });
    for (const order of waiting) await cancel({ ...planomaticBody, order_id: order.order_id });
    const idle = await scrape();
    expect(queueGauge(idle)).toEqual(
      fillStates({ ...expectedJobs, planomatic: { completed: 3, waiting: 2 } }),
    );
    // A worker takes one (one at a time) and PlanOmatic never answers it: one active, one waiting.
    await stack.planomatic.addFaults([{ kind: 'hang', count: 1 }]);
    const hanging = await stack.startReadyWorkerProcess({
      CANCELQ_PROVIDERS: 'planomatic',
      CANCELQ_CONCURRENCY: '1',
      CANCELQ_REQUEST_TIMEOUT: '60s',
    });
    try {
      await waitFor(
        async () => (await stack.planomatic.calls()).calls.some((c) => c.fault === 'hang'),
        { what: 'the call PlanOmatic holds' },
      );
      const busy = await scrape();
      expect(queueGauge(busy)).toEqual(
        fillStates({ ...expectedJobs, planomatic: { completed: 3, waiting: 1, active: 1 } }),
      );
    } finally {
      await hanging.kill('SIGKILL');
    }
  });
});
