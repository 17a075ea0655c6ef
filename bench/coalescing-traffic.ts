import { waitFor } from '@cancelq/test-utils';
import type { CoalescingRun, CoalescingSpec, Sizes } from './coalescing.ts';
import type { DrainLimit } from './drain-specs.ts';
import { queueIdle } from './queue-idle.ts';
import { nowMs } from './harness/clock.ts';
import { providerCalls, throttled } from './harness/sim-record.ts';
import type { BenchStack } from './harness/stack.ts';
import type { Percentiles } from './harness/stats.ts';

/** The API's most entries in one `/batch` request (`MAX_BATCH_ENTRIES`). */
const BATCH_MAX = 1_000;

/**
 * Sending must not be the bottleneck, and on this 2-core machine the client, the API, the
 * worker, the simulator and Redis share the cores: so a head start (`headStartShare` of the
 * orders) is accepted first through `/batch`, each entry still a cancellation of one order with
 * its own call job, and the rest goes as single-order `POST /v1/cancellations` requests,
 * `inFlight` at a time. The pool then lasts until the last call if the singles arrive at
 * `(1 − share)` of the ceiling or more; `sent_per_s` shows whether they did.
 */
export async function traffic(
  stack: BenchStack,
  spec: CoalescingSpec,
  sizes: Sizes,
  idle: Percentiles,
): Promise<CoalescingRun> {
  const before = (await providerCalls(stack.sim, spec.provider)).count;
  const ids = await spec.createOrders(stack, spec.orders);
  const headStart = Math.round(spec.orders * sizes.headStartShare);
  for (let start = 0; start < headStart; start += BATCH_MAX) {
    const entries = ids.slice(start, Math.min(headStart, start + BATCH_MAX)).map(spec.body);
    await stack.api.expect(202, 'POST', '/v1/cancellations/batch', { cancellations: entries });
  }
  const singles = ids.slice(headStart);
  const sendingFrom = nowMs();
  let next = 0;
  const lane = async () => {
    while (next < singles.length)
      await stack.api.expect(202, 'POST', '/v1/cancellations', spec.body(singles[next++] ?? ''));
  };
  await Promise.all(Array.from({ length: sizes.inFlight }, lane));
  const sentPerS = singles.length / ((nowMs() - sendingFrom) / 1_000);

  const ceiling = ceilingPerS(spec);
  const cancelCalls = async () =>
    (await providerCalls(stack.sim, spec.provider)).calls
      .slice(before)
      .filter((call) => !throttled(call) && call.method !== 'GET');
  await waitFor(
    async () => new Set((await cancelCalls()).flatMap((c) => c.ids)).size >= spec.orders,
    {
      timeoutMs: (spec.orders / ceiling) * 4_000 + 30_000,
      intervalMs: 500,
      what: `${spec.provider}: every order carried`,
    },
  );
  await queueIdle(stack, spec.provider);
  const record = await providerCalls(stack.sim, spec.provider);
  const calls = await cancelCalls();
  const carried = calls.map((call) => ({ at: call.at_ms, ids: call.ids.length }));
  const steady = ordersPerSecond(carried, spec.limit);
  const first = carried[0]?.at ?? 0;
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    orders_per_s: steady.ordersPerS,
    ratio: steady.ordersPerS / ceiling,
    calls: calls.length,
    call_share: steady.callShare,
    ids_per_call: steady.idsPerCall,
    seconds: ((carried.at(-1)?.at ?? first) - first) / 1_000,
    sent_per_s: sentPerS,
    max_in_window: record.max_in_window,
    count_429: record.count_429,
    orders_left: await spec.openOrders(stack),
    sent_again: calls.reduce((sum, c) => sum + c.ids.length, 0) - spec.orders,
    idle,
    calls_ms: carried.map((c): [number, number] => [round(c.at - first), c.ids]),
  };
}

export const ceilingPerS = (spec: CoalescingSpec) =>
  (spec.limit.max / (spec.limit.duration_ms / 1_000)) * spec.per_call;

/**
 * Orders carried per second in steady state, over whole windows: the ids carried by the calls
 * in the k back-to-back windows that fit between the first cancel call and the last, over k
 * windows' time. Start-up is not counted (the clock starts at the first call), nor the tail
 * (the last call, which may carry what little was left, falls after the k windows), and the
 * figure cannot pass the ceiling while the limit and the per-call maximum hold. It is the
 * product of two shares, reported apart: calls in the windows ÷ what the limit allows in them
 * (a slot left unused lowers it; in a long backlog the limiter's margin holds it near
 * 1,000/1,025, an idle limiter's first burst lifts a short run), and ids per call ÷ the
 * per-call maximum (a call that carried less while orders waited lowers it).
 */
export function ordersPerSecond(
  calls: { at: number; ids: number }[],
  limit: DrainLimit,
): { ordersPerS: number; callShare: number; idsPerCall: number } {
  const none = { ordersPerS: NaN, callShare: NaN, idsPerCall: NaN };
  const first = calls[0]?.at;
  const last = calls.at(-1)?.at;
  if (first === undefined || last === undefined) return none;
  const windows = Math.floor((last - first) / limit.duration_ms);
  if (windows < 1) return none;
  const counted = calls.filter((call) => call.at < first + windows * limit.duration_ms);
  const orders = counted.reduce((sum, call) => sum + call.ids, 0);
  return {
    ordersPerS: orders / ((windows * limit.duration_ms) / 1_000),
    callShare: counted.length / (windows * limit.max),
    idsPerCall: orders / counted.length,
  };
}
