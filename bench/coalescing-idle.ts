import { waitFor } from '@cancelq/test-utils';
import type { CoalescingSpec } from './coalescing.ts';
import type { BenchConfig } from './config.ts';
import { sleep } from './harness/clock.ts';
import { providerCalls } from './harness/sim-record.ts';
import type { BenchStack } from './harness/stack.ts';
import { percentiles, type Percentiles } from './harness/stats.ts';

/** Requests before the measured ones: connections opened, code paths compiled. */
const WARMUP = 3;

/**
 * The idle dispatch latency beside the coalescing figure, measured here rather than taken from
 * the dispatch-latency benchmark: that one measures Planet only, and `BENCH_ONLY=coalescing`
 * runs without it; here it is per provider, on the same stack and worker as the figure. As
 * there: from the API's 202 (taken when the answer reaches the client, `monotonicMs`) to the
 * simulator's arrival stamp (`mono_ms`) of the call that carried the order, one single-order
 * request at a time, `gapMs` apart, so the worker waits idle for each and the limiter never
 * holds one back (a 120 ms gap keeps at most 9 calls in any window of 1,025 ms). It shows what
 * sharing costs a lone order: a call goes with what waits at its slot, never waiting to fill.
 */
export async function idleLatency(
  stack: BenchStack,
  spec: CoalescingSpec,
  { idleSamples, gapMs }: BenchConfig['coalescing'],
): Promise<Percentiles> {
  const ids = await spec.createOrders(stack, WARMUP + idleSamples);
  const accepted = new Map<string, number>();
  for (const [index, id] of ids.entries()) {
    const answer = await stack.api.expect(202, 'POST', '/v1/cancellations', spec.body(id));
    if (index >= WARMUP) accepted.set(id, answer.at);
    await sleep(gapMs);
  }
  // Every order of the warm-up too: the traffic after this must not meet a straggler.
  const arrivals = await waitFor(
    async () => {
      const byId = new Map<string, number>();
      for (const call of (await providerCalls(stack.sim, spec.provider)).calls)
        for (const id of call.ids) if (!byId.has(id)) byId.set(id, call.mono_ms);
      return ids.every((id) => byId.has(id)) ? byId : null;
    },
    { timeoutMs: 30_000, intervalMs: 200, what: `${spec.provider}: every idle cancel to arrive` },
  );
  const round = (ms: number) => Math.round(ms * 1_000) / 1_000;
  return percentiles([...accepted].map(([id, at]) => round((arrivals.get(id) ?? NaN) - at)));
}
